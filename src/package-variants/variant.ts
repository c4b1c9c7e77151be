import { Scalar, YAMLMap, isMap, isScalar } from 'yaml';
import type { Document } from 'yaml';
import { INDEX_ANNOTATION, PATH_ANNOTATION, annotation, itemString, setAnnotation } from '../krm/index.js';
import { GENERATED_BY, downstreamRepo, splitApiVersion } from '../resolve/index.js';

export const PACKAGE_VARIANT_API_VERSION = 'config.porch.kpt.dev/v1alpha1';
export const REQUIRED_BY = 'pkgdeps.dev/required-by';
/** The target a generated PackageVariant installs on (the downstream repository when no target is set). */
export const TARGET = 'pkgdeps.dev/target';

/** What one generated PackageVariant must say (docs/SPEC.md section 5). */
export interface VariantSpec {
  name: string;
  namespace: string;
  generatedBy: string;
  target: string;
  requiredBy: string[];
  upstream: { repo: string; package: string; workspaceName: string };
  downstream: { repo: string; package: string };
}

export function isPackageVariant(item: YAMLMap): boolean {
  return (
    itemString(item, ['kind']) === 'PackageVariant' &&
    splitApiVersion(itemString(item, ['apiVersion']) ?? '').group === 'config.porch.kpt.dev'
  );
}

/** Whose generated PackageVariants one emit step updates and prunes: a package on a target. */
export interface Owner {
  generatedBy: string;
  target: string;
  downstreamRepository: string;
}

/**
 * A PackageVariant pkgdeps generated for this package and target (docs/SPEC.md rule
 * prune-and-update): `pkgdeps.dev/generated-by` names the package and `pkgdeps.dev/target` the
 * target. One written by an earlier version, with `pkgdeps.dev/generated-by` alone, is the
 * target's when it installs into the target's downstream repository.
 */
export function isOwnedBy(item: YAMLMap, owner: Owner): boolean {
  if (!isPackageVariant(item) || annotation(item, GENERATED_BY) !== owner.generatedBy) return false;
  const target = annotation(item, TARGET);
  return target === undefined ? downstreamRepo(item) === owner.downstreamRepository : target === owner.target;
}

/** `<namespace>/<name>` of a PackageVariant (namespace `default` when unset, as the API server does). */
export function variantId(item: YAMLMap): string {
  return `${itemString(item, ['metadata', 'namespace']) ?? 'default'}/${itemString(item, ['metadata', 'name']) ?? ''}`;
}

/** `spec.upstream` as `<repo>/<package>`, when both are set. */
export function upstreamKey(item: YAMLMap): string | undefined {
  const repo = itemString(item, ['spec', 'upstream', 'repo']);
  const pkg = itemString(item, ['spec', 'upstream', 'package']);
  return repo === undefined || pkg === undefined ? undefined : `${repo}/${pkg}`;
}

/** A new PackageVariant item, block style, at `path` (index 0). */
export function createVariant(doc: Document, spec: VariantSpec, path: string): YAMLMap {
  const node = doc.createNode({
    apiVersion: PACKAGE_VARIANT_API_VERSION,
    kind: 'PackageVariant',
    metadata: { name: spec.name, namespace: spec.namespace },
    spec: {
      upstream: { ...spec.upstream },
      downstream: { repo: spec.downstream.repo, package: spec.downstream.package },
    },
  }) as YAMLMap;
  setAnnotation(node, GENERATED_BY, spec.generatedBy);
  setAnnotation(node, TARGET, spec.target);
  setAnnotation(node, REQUIRED_BY, spec.requiredBy.join(','));
  setAnnotation(node, PATH_ANNOTATION, path);
  setAnnotation(node, INDEX_ANNOTATION, '0');
  return node;
}

/** The map at `key` of `parent`, created (block style) when missing or not a map. */
function childMap(doc: Document, parent: YAMLMap, key: string): YAMLMap {
  const current: unknown = parent.get(key, true);
  if (isMap(current)) return current;
  const created = doc.createNode({}) as YAMLMap;
  parent.set(key, created);
  return created;
}

/**
 * Sets one scalar, keeping the node (its comments and quoting) when the value keeps its type;
 * a value of another type gets a new node that takes over the comments.
 */
function setScalar(doc: Document, parent: YAMLMap, key: string, value: string): void {
  const current: unknown = parent.get(key, true);
  if (isScalar(current)) {
    if (current.value === value) return;
    if (typeof current.value === typeof value) {
      current.value = value;
      return;
    }
    const replacement = doc.createNode(value) as Scalar;
    replacement.comment = current.comment;
    replacement.commentBefore = current.commentBefore;
    parent.set(key, replacement);
    return;
  }
  parent.set(key, doc.createNode(value));
}

/**
 * Brings an existing generated PackageVariant to `spec` in place: only the fields pkgdeps
 * owns change (namespace, the three pkgdeps annotations, `spec.upstream` and
 * `spec.downstream` repo, package and workspaceName; an `upstream.revision` is removed); comments,
 * other fields and the file it lives in stay; a PackageVariant that already says all that is left as it is.
 */
export function updateVariant(doc: Document, node: YAMLMap, spec: VariantSpec): void {
  const metadata = childMap(doc, node, 'metadata');
  setScalar(doc, metadata, 'namespace', spec.namespace);
  setAnnotation(node, GENERATED_BY, spec.generatedBy);
  setAnnotation(node, TARGET, spec.target);
  setAnnotation(node, REQUIRED_BY, spec.requiredBy.join(','));
  const specNode = childMap(doc, node, 'spec');
  const upstream = childMap(doc, specNode, 'upstream');
  setScalar(doc, upstream, 'repo', spec.upstream.repo);
  setScalar(doc, upstream, 'package', spec.upstream.package);
  setScalar(doc, upstream, 'workspaceName', spec.upstream.workspaceName);
  // Porch ignores upstream.revision (docs/SPEC.md rule upstream-pin); earlier versions wrote it.
  upstream.delete('revision');
  const downstream = childMap(doc, specNode, 'downstream');
  setScalar(doc, downstream, 'repo', spec.downstream.repo);
  setScalar(doc, downstream, 'package', spec.downstream.package);
}
