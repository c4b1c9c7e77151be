import { OBJECT, PACKAGE_REF, PROVIDED, REQUIRED, changeBetween } from '../catalog/index.js';
import type {
  CatalogPackage,
  CatalogRevision,
  Notation,
  ObjectRef,
  PackageRef,
  ProvidedApi,
  RequiredApi,
} from '../catalog/index.js';

/**
 * The text of `data.packages` in the compact notation (docs/SPEC.md rule catalog-compact): JSON, which the
 * catalog reader parses many times faster than YAML, one line per package and one per revision, so that a
 * rebuild shows as a small diff. Each entry is its string form where one reads back as the same entry, else
 * its map form; a revision's list is written as a change against the previous revision's when that is
 * shorter. Written by hand, in one pass, with fixed key order: the same packages give the same text.
 */

function providedMap(api: ProvidedApi): object {
  if (api.source === 'APIService') return { group: api.group, versions: api.versions, source: 'APIService' };
  return { group: api.group, kind: api.kind, resource: api.resource, versions: api.versions, scope: api.scope };
}

const requiredMap = (api: RequiredApi): object => ({ group: api.group, version: api.version, kind: api.kind });
const refMap = (ref: PackageRef): object => ({ repository: ref.repository, package: ref.package });
const objectMap = (ref: ObjectRef): object => ({ kind: ref.kind, namespace: ref.namespace, name: ref.name });

/** One entry as JSON: its string form, else its map (undefined fields are left out by JSON.stringify). */
function entryJson<T>(notation: Notation<T>, map: (entry: T) => object, entry: T): string {
  return JSON.stringify(notation.format(entry) ?? map(entry));
}

interface Field<T> {
  name: 'provides' | 'requires' | 'dependsOn' | 'objects' | 'requiresObjects';
  notation: Notation<T>;
  map: (entry: T) => object;
}

const FIELDS = [
  { name: 'provides', notation: PROVIDED, map: providedMap } satisfies Field<ProvidedApi>,
  { name: 'requires', notation: REQUIRED, map: requiredMap } satisfies Field<RequiredApi>,
  { name: 'dependsOn', notation: PACKAGE_REF, map: refMap } satisfies Field<PackageRef>,
  { name: 'objects', notation: OBJECT, map: objectMap } satisfies Field<ObjectRef>,
  { name: 'requiresObjects', notation: OBJECT, map: objectMap } satisfies Field<ObjectRef>,
];

/** `"name":value` of one list field, or nothing for an empty list (absent is empty). */
function fieldJson<T>(field: Field<T>, current: readonly T[], previous: readonly T[] | undefined): string {
  if (current.length === 0) return '';
  const text = (entry: T) => entryJson(field.notation, field.map, entry);
  const list = `[${current.map(text).join(',')}]`;
  const change = previous === undefined ? undefined : changeBetween(field.notation, previous, current, text);
  if (change === undefined) return `,"${field.name}":${list}`;
  const parts = [];
  if (change.drop.length > 0) parts.push(`"drop":${JSON.stringify(change.drop)}`);
  if (change.add.length > 0) parts.push(`"add":[${change.add.map(text).join(',')}]`);
  const delta = `{${parts.join(',')}}`;
  return `,"${field.name}":${delta.length < list.length ? delta : list}`;
}

function revisionJson(revision: CatalogRevision, previous: CatalogRevision | undefined): string {
  let text = `{"revision":${JSON.stringify(revision.revision)}`;
  if (revision.workspaceName !== undefined) text += `,"workspaceName":${JSON.stringify(revision.workspaceName)}`;
  text += `,"lifecycle":"${revision.lifecycle}"`;
  for (const field of FIELDS) {
    text += fieldJson(field as Field<unknown>, revision[field.name], previous?.[field.name]);
  }
  return `${text}}`;
}

/** `data.packages` for the given packages, in their order; ends with a newline. */
export function packagesText(packages: CatalogPackage[]): string {
  if (packages.length === 0) return '[]\n';
  const lines = packages.map((pkg) => {
    const head = `{"repository":${JSON.stringify(pkg.repository)},"package":${JSON.stringify(pkg.package)},"revisions":[`;
    const revisions = pkg.revisions.map((revision, j) => `  ${revisionJson(revision, pkg.revisions[j - 1])}`);
    return `${head}\n${revisions.join(',\n')}]}`;
  });
  return `[\n${lines.join(',\n')}\n]\n`;
}
