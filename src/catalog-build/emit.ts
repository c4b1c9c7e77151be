import type {
  CatalogPackage,
  CatalogRevision,
  ObjectRef,
  PackageRef,
  ProvidedApi,
  RequiredApi,
} from '../catalog/index.js';

/**
 * The YAML text of `data.packages`, written by hand rather than through a YAML library: a
 * catalog of a whole blueprint repository holds thousands of entries, and this is one pass
 * of string concatenation. Block style for packages and revisions, one flow map per API or
 * package reference (the layout of docs/SPEC.md section 3). Strings are plain where YAML reads them
 * back as the same string, double-quoted (JSON escapes) otherwise; revisions always quoted.
 */

/** Plain in block and flow context, and read back as a string. */
const PLAIN = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;
/** Plain text YAML 1.1 or 1.2 would read as a number, boolean or null. */
const NOT_A_STRING =
  /^(?:[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[yYnN]|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;

export function scalar(value: string): string {
  return PLAIN.test(value) && !NOT_A_STRING.test(value) ? value : JSON.stringify(value);
}

function list(values: string[]): string {
  return `[${values.map(scalar).join(', ')}]`;
}

function providedText(api: ProvidedApi): string {
  let text = `{group: ${scalar(api.group)}`;
  if (api.kind !== undefined) text += `, kind: ${scalar(api.kind)}`;
  if (api.resource !== undefined) text += `, resource: ${scalar(api.resource)}`;
  text += `, versions: ${list(api.versions)}`;
  if (api.scope !== undefined) text += `, scope: ${api.scope}`;
  if (api.source === 'APIService') text += ', source: APIService';
  return `${text}}`;
}

function requiredText(api: RequiredApi): string {
  return `{group: ${scalar(api.group)}, version: ${scalar(api.version)}, kind: ${scalar(api.kind)}}`;
}

function refText(ref: PackageRef): string {
  return `{repository: ${scalar(ref.repository)}, package: ${scalar(ref.package)}}`;
}

/** `{kind: Issuer, namespace: ns, name: x}`: the order of docs/SPEC.md rule object-references' key. */
export function objectText(ref: ObjectRef): string {
  const namespace = ref.namespace === undefined ? '' : `, namespace: ${scalar(ref.namespace)}`;
  return `{kind: ${ref.kind}${namespace}, name: ${scalar(ref.name)}}`;
}

function section<T>(out: string[], key: string, entries: T[], text: (entry: T) => string): void {
  if (entries.length === 0) return;
  out.push(`      ${key}:\n`);
  for (const entry of entries) out.push(`        - ${text(entry)}\n`);
}

function revisionText(out: string[], revision: CatalogRevision): void {
  out.push(`    - revision: ${JSON.stringify(revision.revision)}\n`);
  if (revision.workspaceName !== undefined) out.push(`      workspaceName: ${scalar(revision.workspaceName)}\n`);
  out.push(`      lifecycle: ${revision.lifecycle}\n`);
  section(out, 'provides', revision.provides, providedText);
  section(out, 'requires', revision.requires, requiredText);
  section(out, 'dependsOn', revision.dependsOn, refText);
  section(out, 'objects', revision.objects, objectText);
  section(out, 'requiresObjects', revision.requiresObjects, objectText);
}

/** `data.packages` for the given packages, in their order; ends with a newline. */
export function packagesText(packages: CatalogPackage[]): string {
  if (packages.length === 0) return '[]\n';
  const out: string[] = [];
  for (const pkg of packages) {
    out.push(`- repository: ${scalar(pkg.repository)}\n  package: ${scalar(pkg.package)}\n  revisions:\n`);
    for (const revision of pkg.revisions) revisionText(out, revision);
  }
  return out.join('');
}
