import { byCodePoint } from '../krm/compare.js';
import { compareObjects, isObjectKind, objectKey, parseObjectKey } from './objects.js';
import type { ObjectRef } from './objects.js';
import { packageKey } from './types.js';
import type { InstalledEntry, PackageRef, PlatformEntry, ProvidedApi, RequiredApi } from './types.js';

/**
 * The compact notation of catalog entries (docs/SPEC.md rule catalog-compact): one string per entry, and a
 * revision's list given as a change against the previous revision's. The one place that reads and writes
 * these strings; normalise.ts reads them into the catalog types, catalog-build/emit.ts writes them.
 *
 * Every `format*` function returns undefined when the entry has no string form that reads back as the same
 * entry (a `/` inside a field, a group named like an object kind): the writer then writes the map form.
 */

/** Why a compact string is not an entry (the reader names its path and quotes the string). */
export type Parsed<T> = { value: T } | { error: string };

const ok = <T>(value: T): Parsed<T> => ({ value });
const fail = (error: string): { error: string } => ({ error });

/** A field that may go between `/` separators of a string form. */
const free = (text: string) => !text.includes('/');
const nonEmptyFree = (text: string) => text !== '' && free(text);

// ---- provides: `group/versions/Kind/resource/scope`, `group/versions` for an APIService group ----

/**
 * `<group>/<v1>,<v2>/<Kind>/<resource>/<scope>`: the scope segment left out is `Namespaced`, empty is none
 * written; the resource segment empty or left out is none written. `<group>/<versions>` is an APIService
 * entry (kinds unknown).
 */
export function parseProvided(text: string): Parsed<ProvidedApi> {
  const parts = text.split('/');
  const [group = '', versionText = '', kind = '', resource = '', scopeText] = parts;
  if (parts.length < 2 || parts.length > 5) {
    return fail(
      'must be "<group>/<versions>/<Kind>/<resource>" (a CustomResourceDefinition) or "<group>/<versions>" (an APIService)',
    );
  }
  const versions = versionText.split(',');
  if (versions.some((version) => version === ''))
    return fail('must list its versions between the first two "/", comma-separated');
  if (parts.length === 2) return ok({ group, versions, source: 'APIService' });
  if (kind === '') return fail('must name its Kind after the versions');
  const api: ProvidedApi = { group, kind, versions, source: 'CustomResourceDefinition' };
  if (resource !== '') api.resource = resource;
  if (scopeText === undefined) api.scope = 'Namespaced';
  else if (scopeText === 'Namespaced' || scopeText === 'Cluster') api.scope = scopeText;
  else if (scopeText !== '') return fail('its scope, after the resource, must be Namespaced, Cluster or empty');
  return ok(api);
}

export function formatProvided(api: ProvidedApi): string | undefined {
  const versionsFit = api.versions.every((version) => nonEmptyFree(version) && !version.includes(','));
  if (!free(api.group) || !versionsFit || !free(api.resource ?? '')) return undefined;
  const head = `${api.group}/${api.versions.join(',')}`;
  if (api.source === 'APIService') return head;
  if (api.kind === undefined || !nonEmptyFree(api.kind)) return undefined;
  const resource = api.resource ?? '';
  if (api.scope === 'Namespaced') return resource === '' ? `${head}/${api.kind}` : `${head}/${api.kind}/${resource}`;
  return `${head}/${api.kind}/${resource}/${api.scope ?? ''}`;
}

/** What a change list's `drop` names a provided API by: `<group>/<Kind>`, or `<group>` for an APIService entry. */
export function providedKey(api: ProvidedApi): string {
  return api.kind === undefined ? api.group : `${api.group}/${api.kind}`;
}

/** build-catalog's order of `provides`: group first, then CRD kinds by name, the group's APIService entry last. */
export function compareProvided(a: ProvidedApi, b: ProvidedApi): number {
  if (a.group !== b.group) return byCodePoint(a.group, b.group);
  if (a.kind === b.kind) return 0;
  if (a.kind === undefined || b.kind === undefined) return a.kind === undefined ? 1 : -1;
  return byCodePoint(a.kind, b.kind);
}

// ---- requires: `group/version/Kind` ----

/** An entry's string form, and the key a change's `drop` names it by. */
function requiredKey(api: RequiredApi): string {
  return `${api.group}/${api.version}/${api.kind}`;
}

export function parseRequired(text: string): Parsed<RequiredApi> {
  const parts = text.split('/');
  const [group = '', version = '', kind = ''] = parts;
  if (parts.length !== 3 || version === '' || kind === '') return fail('must be "<group>/<version>/<Kind>"');
  return ok({ group, version, kind });
}

export function formatRequired(api: RequiredApi): string | undefined {
  return free(api.group) && nonEmptyFree(api.version) && nonEmptyFree(api.kind) ? requiredKey(api) : undefined;
}

// ---- dependsOn: `repository/package` (the package may hold `/`, the repository not) ----

export function parsePackageRef(text: string): Parsed<PackageRef> {
  const slash = text.indexOf('/');
  const repository = text.slice(0, slash);
  const pkg = text.slice(slash + 1);
  if (slash <= 0 || pkg === '') return fail('must be "<repository>/<package>"');
  return ok({ repository, package: pkg });
}

export function formatPackageRef(ref: PackageRef): string | undefined {
  return nonEmptyFree(ref.repository) && ref.package !== '' ? packageKey(ref) : undefined;
}

// ---- objects and requiresObjects: `<Kind>/<name>`, `Issuer/<namespace>/<name>` (objectKey) ----

export function parseObject(text: string): Parsed<ObjectRef> {
  const ref = parseObjectKey(text);
  return ref === undefined
    ? fail('must be "<Kind>/<name>" or "Issuer/<namespace>/<name>" of a kind of named object')
    : ok(ref);
}

export function formatObject(ref: ObjectRef): string | undefined {
  const text = objectKey(ref);
  const back = parseObjectKey(text);
  return back !== undefined && objectKey(back) === text && back.namespace === ref.namespace ? text : undefined;
}

// ---- installed: `repository/package@revision`, grouped by target ----

export function parseInstalled(target: string, text: string): Parsed<InstalledEntry> {
  const at = text.lastIndexOf('@');
  const ref = parsePackageRef(text.slice(0, Math.max(at, 0)));
  const revision = text.slice(at + 1);
  if (at < 0 || revision === '' || 'error' in ref) return fail('must be "<repository>/<package>@<revision>"');
  return ok({ target, repository: ref.value.repository, package: ref.value.package, revision });
}

export function formatInstalled(entry: InstalledEntry): string | undefined {
  const ref = formatPackageRef(entry);
  return ref === undefined || entry.revision === '' || entry.revision.includes('@')
    ? undefined
    : `${ref}@${entry.revision}`;
}

// ---- platform: `group`, `group/Kind`, or an object (`Namespace/monitoring`) ----

/** A string with a `/` whose first segment is a kind of named object is an object entry; any other an API entry. */
export function parsePlatform(text: string): Parsed<PlatformEntry | ObjectRef> {
  const parts = text.split('/');
  const [group = '', kind] = parts;
  if (kind !== undefined && isObjectKind(group)) return parseObject(text);
  if (parts.length > 2 || kind === '')
    return fail('must be "<group>", "<group>/<Kind>" or a named object "<Kind>/<name>"');
  return ok(kind === undefined ? { group } : { group, kind });
}

export function formatPlatform(entry: PlatformEntry | ObjectRef): string | undefined {
  if ('name' in entry) return formatObject(entry);
  if (!free(entry.group) || isObjectKind(entry.group)) return undefined;
  if (entry.kind === undefined) return entry.group;
  return nonEmptyFree(entry.kind) ? `${entry.group}/${entry.kind}` : undefined;
}

// ---- a revision's list as a change against the previous revision's ----

/** How the entries of one list field are written as strings, named in a change's `drop`, and ordered. */
export interface Notation<T> {
  parse: (text: string) => Parsed<T>;
  /** Undefined when the entry has no string form (the map form is written). */
  format: (entry: T) => string | undefined;
  key: (entry: T) => string;
  /** build-catalog's order of the field, which a change's list takes. */
  compare: (a: T, b: T) => number;
}

export const PROVIDED: Notation<ProvidedApi> = {
  parse: parseProvided,
  format: formatProvided,
  key: providedKey,
  compare: compareProvided,
};
export const REQUIRED: Notation<RequiredApi> = {
  parse: parseRequired,
  format: formatRequired,
  key: requiredKey,
  compare: (a, b) => byCodePoint(requiredKey(a), requiredKey(b)),
};
export const PACKAGE_REF: Notation<PackageRef> = {
  parse: parsePackageRef,
  format: formatPackageRef,
  key: packageKey,
  compare: (a, b) => byCodePoint(packageKey(a), packageKey(b)),
};
export const OBJECT: Notation<ObjectRef> = {
  parse: parseObject,
  format: formatObject,
  key: objectKey,
  compare: compareObjects,
};

/** `{drop, add}`: the previous revision's list without the entries `drop` names, with those of `add`. */
export interface Change<T> {
  drop: readonly string[];
  add: readonly T[];
}

/**
 * The list a change gives: the previous list without the entries whose key `drop` names or an `add` entry has
 * (it replaces them), plus the `add` entries, in build-catalog's order (a stable sort); `{}` is the previous list
 * as it is. Also the indexes of `drop` keys the previous list does not hold, for the reader to report.
 */
export function applyChange<T>(
  notation: Notation<T>,
  previous: readonly T[],
  change: Change<T>,
): { list: T[]; unknownDrops: number[] } {
  if (change.drop.length === 0 && change.add.length === 0) return { list: [...previous], unknownDrops: [] };
  const held = new Set(previous.map(notation.key));
  const unknownDrops = change.drop.flatMap((name, i) => (held.has(name) ? [] : [i]));
  const gone = new Set([...change.drop, ...change.add.map(notation.key)]);
  const list = [...previous.filter((entry) => !gone.has(notation.key(entry))), ...change.add].sort(notation.compare);
  return { list, unknownDrops };
}

/**
 * The change that turns `previous` into `current`, or undefined when none does (a key twice in one list, an
 * order other than the field's). `text` tells equal entries apart.
 */
export function changeBetween<T>(
  notation: Notation<T>,
  previous: readonly T[],
  current: readonly T[],
  text: (entry: T) => string,
): Change<T> | undefined {
  const before = new Map(previous.map((entry) => [notation.key(entry), text(entry)]));
  const keys = new Set(current.map(notation.key));
  if (before.size !== previous.length || keys.size !== current.length) return undefined;
  const change = {
    drop: [...before.keys()].filter((key) => !keys.has(key)),
    add: current.filter((entry) => before.get(notation.key(entry)) !== text(entry)),
  };
  const { list } = applyChange(notation, previous, change);
  const same = list.length === current.length && list.every((entry, i) => text(entry) === text(current[i] as T));
  return same ? change : undefined;
}
