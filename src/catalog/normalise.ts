import type { ResultCode } from '../krm/errors.js';
import type { PlatformItem } from './checks.js';
import { OBJECT, PACKAGE_REF, PROVIDED, REQUIRED, applyChange, parseInstalled, parsePlatform } from './compact.js';
import type { Notation } from './compact.js';
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
 * group and versions (its kinds are unknown). Revisions are text as written (parse-data.ts). Entries
 * in the compact notation (strings, changes against the previous revision, installed groups; compact.ts)
 * become the same values as their map form, and a broken one is a problem naming its path.
 */

/** Something wrong in one data key; `message` starts with the path inside the key. */
export interface Problem {
  severity: 'error' | 'warning';
  code: ResultCode;
  key: DataKey;
  message: string;
}

export interface RawProvided {
  group: string;
  kind?: string;
  resource?: string;
  versions: string[];
  scope?: 'Namespaced' | 'Cluster';
  source?: 'CustomResourceDefinition' | 'APIService';
}

export interface RawRevision {
  revision: string;
  workspaceName?: string;
  lifecycle: Lifecycle;
  provides?: RawList<RawProvided>;
  requires?: RawList<RequiredApi>;
  dependsOn?: RawList<PackageRef>;
  objects?: RawList<RawObject>;
  requiresObjects?: RawList<RawObject>;
}

export interface RawObject {
  kind: ObjectKind;
  name: string;
  namespace?: string;
}

/** One entry of `data.packages` as parsed, once it passed the schema; a normalised package is one too. */
export interface RawPackage {
  repository: string;
  package: string;
  revisions: RawRevision[];
}

function providedApi(raw: RawProvided, path: string, problems: Problem[]): ProvidedApi {
  const source = raw.source ?? (raw.kind === undefined ? undefined : 'CustomResourceDefinition');
  if (source === 'APIService') {
    const extra = (['kind', 'resource', 'scope'] as const).filter((field) => raw[field] !== undefined);
    if (extra.length > 0) {
      problems.push(
        invalid(
          'packages',
          `${path}: an APIService entry lists only group and versions (its kinds are unknown), found ${extra.join(', ')}; remove ${extra.length === 1 ? 'it' : 'them'} or set source: CustomResourceDefinition`,
        ),
      );
    }
    return { group: raw.group, versions: [...raw.versions], source };
  }
  if (raw.kind === undefined) {
    problems.push(
      invalid(
        'packages',
        `${path}: must have required property 'kind' (a CustomResourceDefinition entry names its kind; set source: APIService when only the group and versions are known)`,
      ),
    );
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
    problems.push(
      invalid(
        key,
        `${where}: a ${raw.kind} has no namespace (it is cluster-scoped), found namespace ${raw.namespace}; remove it`,
      ),
    );
  }
  return { kind: raw.kind, namespace: raw.namespace, name: raw.name };
}

/** A list field of a revision: its entries (a map or a string each), or a change against the previous revision's. */
export type RawList<R> = Array<R | string> | { drop?: string[]; add?: Array<R | string> };

/** How one list field of a revision is read: its map entries, and its strings and changes (compact.ts). */
interface ListField<R, T> {
  name: 'provides' | 'requires' | 'dependsOn' | 'objects' | 'requiresObjects';
  entry: (raw: R, where: string, problems: Problem[]) => T;
  notation: Notation<T>;
}

function entryOf<R, T>(field: ListField<R, T>, raw: R | string, where: string, problems: Problem[]): T[] {
  if (typeof raw !== 'string') return [field.entry(raw, where, problems)];
  const parsed = field.notation.parse(raw);
  if ('value' in parsed) return [parsed.value];
  problems.push(invalid('packages', `${where}: ${parsed.error}, found ${JSON.stringify(raw)}`));
  return [];
}

/** A `catalog-invalid` error in one data key, the one kind of problem the catalog's own rules find. */
export function invalid(key: DataKey, message: string): Problem {
  return { severity: 'error', code: 'catalog-invalid', key, message };
}

/**
 * One list field of a revision; `previous` is the field of the revision before it in the list (undefined for
 * the first), which a change `{drop, add}` is against (docs/SPEC.md rule catalog-compact).
 */
function listOf<R, T>(
  field: ListField<R, T>,
  raw: RawList<R> | undefined,
  previous: readonly T[] | undefined,
  path: string,
  problems: Problem[],
): T[] {
  const where = `${path}.${field.name}`;
  if (raw === undefined) return [];
  if (Array.isArray(raw)) return raw.flatMap((entry, i) => entryOf(field, entry, `${where}[${i}]`, problems));
  if (previous === undefined) {
    problems.push(
      invalid(
        'packages',
        `${where}: a change {drop, add} needs a revision before it in the list; list the entries instead`,
      ),
    );
    return [];
  }
  const add = (raw.add ?? []).flatMap((entry, i) => entryOf(field, entry, `${where}.add[${i}]`, problems));
  const drop = raw.drop ?? [];
  const { list, unknownDrops } = applyChange(field.notation, previous, { drop, add });
  for (const i of unknownDrops) {
    const text = drop[i] ?? '';
    const message =
      `${where}.drop[${i}]: the previous revision's ${field.name} has no entry ${JSON.stringify(text)}; ` +
      `drop names an entry by its key, ${field.name === 'provides' ? PROVIDED_KEY : "the entry's string"}: ` +
      expectedKeys(field.notation, previous, text);
    problems.push(invalid('packages', message));
  }
  return list;
}

const PROVIDED_KEY = '"<group>/<Kind>" ("<group>" for an APIService entry)';

/** The key a dropped entry's string stands for when the previous list holds it, else the keys it holds. */
function expectedKeys<T>(notation: Notation<T>, previous: readonly T[], text: string): string {
  const keys = previous.map(notation.key);
  const parsed = notation.parse(text);
  if ('value' in parsed && keys.includes(notation.key(parsed.value)))
    return `expected ${JSON.stringify(notation.key(parsed.value))}`;
  if (keys.length === 0) return 'the list is empty';
  const quoted = keys.map((key) => JSON.stringify(key)).join(', ');
  return keys.length === 1 ? `expected ${quoted}` : `expected one of ${quoted}`;
}

const PROVIDES: ListField<RawProvided, ProvidedApi> = { name: 'provides', entry: providedApi, notation: PROVIDED };
const REQUIRES: ListField<RequiredApi, RequiredApi> = {
  name: 'requires',
  entry: (api) => ({ group: api.group, version: api.version, kind: api.kind }),
  notation: REQUIRED,
};
const DEPENDS_ON: ListField<PackageRef, PackageRef> = {
  name: 'dependsOn',
  entry: (ref) => ({ repository: ref.repository, package: ref.package }),
  notation: PACKAGE_REF,
};
const objectField = (name: 'objects' | 'requiresObjects'): ListField<RawObject, ObjectRef> => ({
  name,
  entry: (raw, where, problems) => objectRef(raw, 'packages', where, problems),
  notation: OBJECT,
});
const OBJECTS = objectField('objects');
const REQUIRES_OBJECTS = objectField('requiresObjects');

function catalogRevision(
  raw: RawRevision,
  previous: CatalogRevision | undefined,
  path: string,
  problems: Problem[],
): CatalogRevision {
  const revision: CatalogRevision = {
    revision: raw.revision,
    lifecycle: raw.lifecycle,
    provides: listOf(PROVIDES, raw.provides, previous?.provides, path, problems),
    requires: listOf(REQUIRES, raw.requires, previous?.requires, path, problems),
    dependsOn: listOf(DEPENDS_ON, raw.dependsOn, previous?.dependsOn, path, problems),
    objects: listOf(OBJECTS, raw.objects, previous?.objects, path, problems),
    requiresObjects: listOf(REQUIRES_OBJECTS, raw.requiresObjects, previous?.requiresObjects, path, problems),
  };
  if (raw.workspaceName !== undefined) revision.workspaceName = raw.workspaceName;
  return revision;
}

/** Normalises entry `i` of `data.packages`, which must have passed the packages schema. */
export function normalisePackage(raw: RawPackage, i: number, problems: Problem[]): CatalogPackage {
  const revisions: CatalogRevision[] = [];
  raw.revisions.forEach((rev, j) => {
    revisions.push(catalogRevision(rev, revisions[j - 1], `[${i}].revisions[${j}]`, problems));
  });
  return { repository: raw.repository, package: raw.package, revisions };
}

interface InstalledGroup {
  target: string;
  packages: string[];
}

/**
 * Normalises `data.installed`; `value` must have passed the installed schema. A group `{target, packages}`
 * (docs/SPEC.md rule catalog-compact) gives one entry per package, in its place. `paths` holds the path of each
 * entry inside the key (`[2]`, `[0].packages[3]`), for the checks' messages.
 */
export function normaliseInstalled(value: unknown): {
  installed: InstalledEntry[];
  paths: string[];
  problems: Problem[];
} {
  const installed: InstalledEntry[] = [];
  const paths: string[] = [];
  const problems: Problem[] = [];
  (value as Array<InstalledEntry | InstalledGroup>).forEach((raw, i) => {
    if (!('packages' in raw)) {
      installed.push({ target: raw.target, repository: raw.repository, package: raw.package, revision: raw.revision });
      paths.push(`[${i}]`);
      return;
    }
    raw.packages.forEach((text, j) => {
      const parsed = parseInstalled(raw.target, text);
      if ('error' in parsed) {
        problems.push(invalid('installed', `[${i}].packages[${j}]: ${parsed.error}, found ${JSON.stringify(text)}`));
        return;
      }
      installed.push(parsed.value);
      paths.push(`[${i}].packages[${j}]`);
    });
  });
  return { installed, paths, problems };
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
    problems.push(invalid('platform', message));
    return undefined;
  };
  const items = (value as Array<RawPlatform | string>).map((raw, i): PlatformItem => {
    if (typeof raw === 'string') {
      const parsed = parsePlatform(raw);
      return 'value' in parsed ? parsed.value : fail(`[${i}]: ${parsed.error}, found ${JSON.stringify(raw)}`);
    }
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
