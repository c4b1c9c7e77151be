/**
 * Porch's PackageVariant rules, encoded as its code reads (nephio-project/porch, 2026-04), to
 * check what emit-package-variants writes (docs/SPEC.md rules package-variants and upstream-pin):
 *
 * - controllers/packagevariants/pkg/controllers/packagevariant/packagevariant_controller.go:
 *   `validatePackageVariant` / `isValidUpstream` (required spec.upstream.repo/package and
 *   spec.downstream.repo/package, policy values, packageContext keys, injector names; it sets
 *   `upstream.revision` to -1, so a revision written there is ignored), `init` (it lists the
 *   PackageRevisions of the PackageVariant's own namespace only), `getUpstreamPR` (the first
 *   PackageRevision of repo/package whose workspaceName matches; without a workspaceName the one
 *   named `main`) and `newWorkspaceName` (the downstream's workspaceName `packagevariant-N`);
 * - pkg/task/clone.go with pkg/repository/util.go `PackageRevisionIsPlaceholder`: cloning refuses
 *   the placeholder (revision -1 and workspaceName equal to the repository's branch);
 * - pkg/externalrepo/git/package_tree.go `buildGitPackageRevision` with `Revision2Int`: a revision
 *   found from the tag `<package>/<name>` has revision N when `<name>` is `N` or `vN`, named by
 *   the workspace its commit records or else `vN`; any other name is revision -1, named `<name>`;
 * - pkg/util/util.go `ValidPkgRevObjName`: the downstream PackageRevision's name
 *   `<repo>.<package path with / as .>.<workspace>` is a DNS-1123 subdomain built of labels.
 *
 * The catalog stands for Porch's list: each catalog revision is one PackageRevision (its
 * workspaceName where the catalog gives one, else Porch's default above), and every package has
 * the placeholder of branch `main` (the catalog's revision `main`, when it lists one). Limits: the
 * namespace is not checked (the catalog does not say where its repositories are registered), and
 * the API server's own checks are the DNS rules of names, labels and annotation keys only.
 */

import { parse } from 'yaml';

/** What Porch's controller reads of a PackageRevision. */
export interface PorchRevision {
  repositoryName: string;
  packageName: string;
  workspaceName: string;
  revision: number;
}

/** A catalog revision as `data.packages` of the catalog ConfigMap holds it (parsed YAML). */
interface CatalogEntry {
  repository: string;
  package: string;
  revisions: Array<{ revision: string | number; workspaceName?: string }>;
}

/** The branch of every Repository in this model (Porch's default). */
const BRANCH = 'main';

/** `repository.Revision2Int`: `N` or `vN` as an integer, anything else -1. */
function revision2Int(name: string): number {
  const digits = name.startsWith('v') ? name.slice(1) : name;
  return /^[+-]?[0-9]+$/.test(digits) ? Number(digits) : -1;
}

/** The PackageRevisions Porch lists for the catalog's packages, placeholders included. */
export function porchRevisions(catalog: CatalogEntry[]): PorchRevision[] {
  const list: PorchRevision[] = [];
  for (const entry of catalog) {
    const key = { repositoryName: entry.repository, packageName: entry.package };
    list.push({ ...key, workspaceName: BRANCH, revision: -1 });
    for (const rev of entry.revisions) {
      const name = String(rev.revision);
      if (name === BRANCH) continue;
      const revision = revision2Int(name);
      const workspaceName = rev.workspaceName ?? (revision === -1 ? name : `v${revision}`);
      list.push({ ...key, workspaceName, revision });
    }
  }
  return list;
}

type Plain = Record<string, unknown>;

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Plain)[key] : undefined;
}

function text(value: unknown, key: string): string {
  const found = field(value, key);
  return typeof found === 'string' ? found : '';
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function isDnsLabel(name: string): boolean {
  return name.length <= 63 && DNS_LABEL.test(name);
}

function isDnsSubdomain(name: string): boolean {
  return name.length <= 253 && name.split('.').every((part) => DNS_LABEL.test(part));
}

/** A label value, or the name part of a label or annotation key. */
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** A label or annotation key: `[prefix/]name`, prefix a DNS subdomain, name at most 63 of `[A-Za-z0-9_.-]`. */
function isQualifiedName(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (prefix !== undefined && !isDnsSubdomain(prefix)) return false;
  return name.length <= 63 && LABEL_VALUE.test(name);
}

function isLabelValue(value: unknown): boolean {
  return typeof value === 'string' && (value === '' || (value.length <= 63 && LABEL_VALUE.test(value)));
}

/** `validatePackageVariant` and `isValidUpstream`: its messages for the PackageVariant, empty when valid. */
export function validatePackageVariant(pv: unknown): string[] {
  const errors: string[] = [];
  const spec = field(pv, 'spec');
  const upstream = field(spec, 'upstream');
  if (upstream === undefined || upstream === null) errors.push('missing required field spec.upstream');
  else {
    if (text(upstream, 'repo') === '') errors.push('missing required field spec.upstream.repo');
    if (text(upstream, 'package') === '') errors.push('missing required field spec.upstream.package');
  }
  const downstream = field(spec, 'downstream');
  if (downstream === undefined || downstream === null) errors.push('missing required field spec.downstream');
  else {
    if (text(downstream, 'repo') === '') errors.push('missing required field spec.downstream.repo');
    if (text(downstream, 'package') === '') errors.push('missing required field spec.downstream.package');
  }
  if (!['', 'adoptNone', 'adoptExisting'].includes(text(spec, 'adoptionPolicy'))) {
    errors.push('spec.adoptionPolicy field can only be "adoptNone" or "adoptExisting"');
  }
  if (!['', 'orphan', 'delete'].includes(text(spec, 'deletionPolicy'))) {
    errors.push('spec.deletionPolicy can only be "orphan" or "delete"');
  }
  const context = field(spec, 'packageContext');
  const data = field(context, 'data');
  const removeKeys = field(context, 'removeKeys');
  for (const key of ['name', 'package-path']) {
    if (field(data, key) !== undefined) errors.push(`spec.packageContext.data: must not contain the key "${key}"`);
    if (Array.isArray(removeKeys) && removeKeys.includes(key)) {
      errors.push(`spec.packageContext.removeKeys: must not contain the key "${key}"`);
    }
  }
  const injectors = field(spec, 'injectors');
  if (Array.isArray(injectors)) {
    injectors.forEach((injector, i) => {
      if (text(injector, 'name') === '') errors.push(`spec.injectors[${i}].name must not be empty`);
    });
  }
  return errors;
}

/** What the API server checks of the object itself: kind, name, namespace, label and annotation keys. */
export function validateObject(pv: unknown): string[] {
  const errors: string[] = [];
  if (text(pv, 'apiVersion') !== 'config.porch.kpt.dev/v1alpha1' || text(pv, 'kind') !== 'PackageVariant') {
    errors.push(`not a config.porch.kpt.dev/v1alpha1 PackageVariant: ${text(pv, 'apiVersion')} ${text(pv, 'kind')}`);
  }
  const metadata = field(pv, 'metadata');
  const name = text(metadata, 'name');
  if (!isDnsSubdomain(name)) errors.push(`metadata.name ${JSON.stringify(name)} is not a DNS-1123 subdomain`);
  const namespace = text(metadata, 'namespace');
  if (namespace !== '' && !isDnsLabel(namespace)) {
    errors.push(`metadata.namespace ${JSON.stringify(namespace)} is not a DNS-1123 label`);
  }
  for (const [key, value] of Object.entries((field(metadata, 'labels') ?? {}) as Plain)) {
    if (!isQualifiedName(key) || !isLabelValue(value)) {
      errors.push(`label ${key}: ${JSON.stringify(value)} is not a valid label`);
    }
  }
  for (const key of Object.keys((field(metadata, 'annotations') ?? {}) as Plain)) {
    if (!isQualifiedName(key)) errors.push(`annotation key ${key} is not a qualified name`);
  }
  return errors;
}

/** `getUpstreamPR`: the PackageRevision the controller takes as upstream, or undefined (it errors). */
export function getUpstreamPR(pv: unknown, list: PorchRevision[]): PorchRevision | undefined {
  const upstream = field(field(pv, 'spec'), 'upstream');
  const workspaceName = text(upstream, 'workspaceName');
  return list.find(
    (pr) =>
      pr.repositoryName === text(upstream, 'repo') &&
      pr.packageName === text(upstream, 'package') &&
      pr.workspaceName === (workspaceName === '' ? BRANCH : workspaceName),
  );
}

/** `PackageRevisionIsPlaceholder`, for a Repository on {@link BRANCH}. */
export function isPlaceholder(pr: PorchRevision): boolean {
  return pr.revision === -1 && pr.workspaceName === BRANCH;
}

/**
 * Every reason Porch would not create the downstream of `pv` from `list`: invalid object or
 * spec, no upstream found, the placeholder as upstream (the clone task refuses it), or a
 * downstream PackageRevision name `ValidPkgRevObjName` refuses. Empty: Porch clones it.
 */
export function porchRefusals(pv: unknown, list: PorchRevision[]): string[] {
  const errors = [...validateObject(pv), ...validatePackageVariant(pv)];
  if (errors.length > 0) return errors;
  const upstream = getUpstreamPR(pv, list);
  if (upstream === undefined) {
    const wanted = field(field(pv, 'spec'), 'upstream');
    return [`could not find upstream package revision ${JSON.stringify(wanted)}`];
  }
  if (isPlaceholder(upstream)) {
    const name = `${upstream.repositoryName}/${upstream.packageName}`;
    return [`upstream revision may not be the placeholder package revision ${name}`];
  }
  const downstream = field(field(pv, 'spec'), 'downstream');
  const repo = text(downstream, 'repo');
  const pkg = text(downstream, 'package');
  const objectName = `${repo}.${pkg.replaceAll('/', '.')}.packagevariant-1`;
  if (!isDnsLabel(repo) || pkg.includes('//') || !isDnsLabel(pkg.replaceAll('/', '')) || !isDnsSubdomain(objectName)) {
    return [`package revision kubernetes resource name invalid: ${objectName}`];
  }
  return [];
}

interface Item {
  kind?: string;
  metadata?: { name?: string; namespace?: string; annotations?: Record<string, string> };
  data?: Record<string, string>;
}

/** The PackageRevisions the catalog ConfigMaps among `items` stand for. */
function revisionsOf(items: Item[]): PorchRevision[] {
  const isCatalog = (item: Item) =>
    item.kind === 'ConfigMap' && item.metadata?.annotations?.['pkgdeps.dev/catalog'] !== undefined;
  const packagesOf = (item: Item): CatalogEntry[] => {
    const value: unknown = parse(item.data?.packages ?? '[]');
    return Array.isArray(value) ? (value as CatalogEntry[]) : [];
  };
  return items.filter(isCatalog).flatMap((item) => porchRevisions(packagesOf(item)));
}

interface ResultShape {
  resourceRef?: { kind?: string; name?: string; namespace?: string };
  tags?: Record<string, string>;
}

/** `<namespace>/<name>` of an object or a resourceRef (namespace `default` when unset). */
function objectId(ref: { name?: string; namespace?: string } | undefined): string {
  return `${ref?.namespace ?? 'default'}/${ref?.name ?? ''}`;
}

/**
 * `[name, refusals]` of each PackageVariant of `items` that emit-package-variants says it
 * installs (its `package-variant` results among `results`), checked against the catalogs of
 * `items` (pass the function config too, when it is the catalog).
 */
export function emittedRefusals(items: unknown[], results: unknown[]): Array<[string, string[]]> {
  const objects = (values: unknown[]) => values.filter((value) => value !== null && typeof value === 'object');
  const all = objects(items) as Item[];
  const reported = new Set(
    (objects(results) as ResultShape[])
      .filter((result) => result.tags?.['pkgdeps.dev/code'] === 'package-variant')
      .filter((result) => result.resourceRef?.kind === 'PackageVariant')
      .map((result) => objectId(result.resourceRef)),
  );
  const list = revisionsOf(all);
  const emitted = all.filter((item) => item.kind === 'PackageVariant' && reported.has(objectId(item.metadata)));
  return emitted.map((pv) => [pv.metadata?.name ?? '', porchRefusals(pv, list)]);
}
