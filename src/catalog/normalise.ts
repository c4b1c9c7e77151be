import type { ResultCode } from '../krm/errors.js';
import type { PlatformItem } from './checks.js';
import { OBJECT_KINDS, OBJECT_KIND_NAMES, isObjectKind } from './objects.js';
import type { ObjectKind, ObjectRef } from './objects.js';
import type { DataKey } from './schema.js';
import type {
  CatalogPackage,
  CatalogRevision,
  InstalledEntry,
  Lifecycle,
  PackageRef,
  PlatformEntry,
  ProvidedApi,
  RequiredApi,
} from './types.js';

/**
 * Turns the parsed `data` values, once they passed the schema, into the catalog types: missing
 * lists become empty lists, `source` is always set. Also checks the per-entry rules the schema
 * leaves out: a CustomResourceDefinition entry names its kind, an APIService entry lists only
 * group and versions (its kinds are unknown). Revisions are text as written (parse-data.ts).
 */

/** Something wrong in one data key; `message` starts with the path inside the key. */
export interface Problem {
  severity: 'error' | 'warning';
  code: ResultCode;
  key: DataKey;
  message: string;
}

interface RawProvided {
  group: string;
  kind?: string;
  resource?: string;
  versions: string[];
  scope?: 'Namespaced' | 'Cluster';
  source?: 'CustomResourceDefinition' | 'APIService';
}

interface RawRevision {
  revision: string;
  workspaceName?: string;
  lifecycle: Lifecycle;
  provides?: RawProvided[];
  requires?: RequiredApi[];
  dependsOn?: PackageRef[];
  objects?: RawObject[];
  requiresObjects?: RawObject[];
}

interface RawObject {
  kind: ObjectKind;
  name: string;
  namespace?: string;
}

interface RawPackage {
  repository: string;
  package: string;
  revisions: RawRevision[];
}

function providedApi(raw: RawProvided, path: string, problems: Problem[]): ProvidedApi {
  const source = raw.source ?? (raw.kind === undefined ? undefined : 'CustomResourceDefinition');
  if (source === 'APIService') {
    const extra = (['kind', 'resource', 'scope'] as const).filter((field) => raw[field] !== undefined);
    if (extra.length > 0) {
      problems.push({
        severity: 'error',
        code: 'catalog-invalid',
        key: 'packages',
        message: `${path}: an APIService entry lists only group and versions (its kinds are unknown), found ${extra.join(', ')}; remove ${extra.length === 1 ? 'it' : 'them'} or set source: CustomResourceDefinition`,
      });
    }
    return { group: raw.group, versions: [...raw.versions], source };
  }
  if (raw.kind === undefined) {
    problems.push({
      severity: 'error',
      code: 'catalog-invalid',
      key: 'packages',
      message: `${path}: must have required property 'kind' (a CustomResourceDefinition entry names its kind; set source: APIService when only the group and versions are known)`,
    });
  }
  const api: ProvidedApi = { group: raw.group, versions: [...raw.versions], source: 'CustomResourceDefinition' };
  if (raw.kind !== undefined) api.kind = raw.kind;
  if (raw.resource !== undefined) api.resource = raw.resource;
  if (raw.scope !== undefined) api.scope = raw.scope;
  return api;
}

/** An object entry; a namespace on a cluster-scoped kind is an error (`where` is its path). */
function objectRef(raw: RawObject, key: DataKey, where: string, problems: Problem[]): ObjectRef {
  if (raw.namespace === undefined) return { kind: raw.kind, name: raw.name };
  if (!OBJECT_KINDS[raw.kind].namespaced) {
    problems.push({
      severity: 'error',
      code: 'catalog-invalid',
      key,
      message: `${where}: a ${raw.kind} has no namespace (it is cluster-scoped), found namespace ${raw.namespace}; remove it`,
    });
  }
  return { kind: raw.kind, namespace: raw.namespace, name: raw.name };
}

function catalogRevision(raw: RawRevision, path: string, problems: Problem[]): CatalogRevision {
  const revision: CatalogRevision = {
    revision: raw.revision,
    lifecycle: raw.lifecycle,
    provides: (raw.provides ?? []).map((api, i) => providedApi(api, `${path}.provides[${i}]`, problems)),
    requires: (raw.requires ?? []).map((api) => ({ group: api.group, version: api.version, kind: api.kind })),
    dependsOn: (raw.dependsOn ?? []).map((ref) => ({ repository: ref.repository, package: ref.package })),
    objects: (raw.objects ?? []).map((ref, i) => objectRef(ref, 'packages', `${path}.objects[${i}]`, problems)),
    requiresObjects: (raw.requiresObjects ?? []).map((ref, i) =>
      objectRef(ref, 'packages', `${path}.requiresObjects[${i}]`, problems),
    ),
  };
  if (raw.workspaceName !== undefined) revision.workspaceName = raw.workspaceName;
  return revision;
}

/** Normalises `data.packages`; `value` must have passed the packages schema. */
export function normalisePackages(value: unknown): { packages: CatalogPackage[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const packages = (value as RawPackage[]).map((raw, i) => ({
    repository: raw.repository,
    package: raw.package,
    revisions: raw.revisions.map((rev, j) => catalogRevision(rev, `[${i}].revisions[${j}]`, problems)),
  }));
  return { packages, problems };
}

/** Normalises `data.installed`; `value` must have passed the installed schema. */
export function normaliseInstalled(value: unknown): InstalledEntry[] {
  return (value as InstalledEntry[]).map(({ target, repository, package: pkg, revision }) => ({
    target,
    repository,
    package: pkg,
    revision,
  }));
}

interface RawPlatform {
  group?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

/**
 * Normalises `data.platform`; `value` must have passed the platform schema. An entry with a `name` is an object
 * (`{kind: Namespace, name: monitoring}`, docs/SPEC.md rule platform-objects), any other an API (`{group, kind?}`).
 * `items` holds every entry in its place, undefined where it is invalid.
 */
export function normalisePlatform(value: unknown): {
  platform: PlatformEntry[];
  objects: ObjectRef[];
  items: PlatformItem[];
  problems: Problem[];
} {
  const problems: Problem[] = [];
  const fail = (message: string) => {
    problems.push({ severity: 'error', code: 'catalog-invalid', key: 'platform', message });
    return undefined;
  };
  const items = (value as RawPlatform[]).map((raw, i): PlatformItem => {
    const { group, kind, name, namespace } = raw;
    if (name === undefined) {
      if (group === undefined) return fail(`[${i}]: must have required property 'group'`);
      if (namespace !== undefined)
        return fail(`[${i}]: an API entry has no namespace; an object entry names kind and name`);
      return kind === undefined ? { group } : { group, kind };
    }
    if (group !== undefined) {
      return fail(`[${i}]: an object entry names kind and name, and no group, found group ${JSON.stringify(group)}`);
    }
    if (kind === undefined || !isObjectKind(kind)) {
      return fail(
        `[${i}]: an object entry's kind must be one of ${OBJECT_KIND_NAMES.join(', ')}, found ${kind ?? 'none'}`,
      );
    }
    return objectRef({ kind, name, ...(namespace === undefined ? {} : { namespace }) }, 'platform', `[${i}]`, problems);
  });
  const platform = items.filter((item): item is PlatformEntry => item !== undefined && !('name' in item));
  const objects = items.filter((item): item is ObjectRef => item !== undefined && 'name' in item);
  return { platform, objects, items, problems };
}
