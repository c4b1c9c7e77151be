import { packageKey } from '../catalog/index.js';
import { byCodePoint } from '../krm/index.js';
import type { ApiIndex, CatalogPackage, CatalogRevision, InstalledEntry, PackageRef } from '../catalog/index.js';

/** One package of the graph, keyed `<repository>/<package>`. */
export interface GraphNode {
  key: string;
  repository: string;
  package: string;
  /** How many revisions the catalog lists for it (0 for a package it does not hold). */
  revisionCount: number;
  /** The revision whose `dependsOn` gives the node's edges, and why that one. */
  revision?: { name: string; source: 'installed' | 'latest' };
  /** Why the node has no revision (and no edges): not in the catalog, no Published revision, unknown installed revision. */
  note?: string;
  /** Where it is installed: the target given, or every target without one; sorted by target. */
  installed: InstalledEntry[];
}

export interface DependencyGraph {
  target: string | undefined;
  /** Sorted by key. */
  nodes: GraphNode[];
  /** `from` depends on `to`; sorted, no duplicates. */
  edges: Array<{ from: string; to: string }>;
}

/** The revision whose dependsOn counts: the one installed on the target, else the latest Published. */
function revisionOf(index: ApiIndex, pkg: CatalogPackage, installed: InstalledEntry | undefined): Pick<GraphNode, 'revision' | 'note'> & { rev?: CatalogRevision } {
  if (installed !== undefined) {
    const rev = index.revision(pkg, installed.revision);
    if (rev === undefined) return { note: `installed revision "${installed.revision}" is not in the catalog` };
    return { rev, revision: { name: rev.revision, source: 'installed' } };
  }
  const rev = index.revisionsNewestFirst(pkg).find((candidate) => candidate.lifecycle === 'Published');
  if (rev === undefined) return { note: 'no Published revision' };
  return { rev, revision: { name: rev.revision, source: 'latest' } };
}

/**
 * The catalog's packages and what each depends on (`dependsOn` of the revision installed on
 * the target, else of the latest Published revision), with where each package is installed.
 */
export function dependencyGraph(index: ApiIndex, target: string | undefined): DependencyGraph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, { from: string; to: string }>();
  const placeholder = (ref: PackageRef) => {
    const key = packageKey(ref);
    if (!nodes.has(key)) {
      nodes.set(key, { key, repository: ref.repository, package: ref.package, revisionCount: 0, note: 'not in the catalog', installed: [] });
    }
  };
  for (const pkg of index.catalog.packages) {
    const key = packageKey(pkg);
    const onTarget = target === undefined ? undefined : index.installedOn(target, pkg);
    const { rev, ...chosen } = revisionOf(index, pkg, onTarget);
    const named = { key, repository: pkg.repository, package: pkg.package, revisionCount: pkg.revisions.length };
    nodes.set(key, { ...named, ...chosen, installed: [] });
    for (const ref of rev?.dependsOn ?? []) {
      placeholder(ref);
      edges.set(`${key}\n${packageKey(ref)}`, { from: key, to: packageKey(ref) });
    }
  }
  const entries = target === undefined ? index.catalog.installed : index.installedOnTarget(target);
  for (const entry of entries) {
    placeholder(entry);
    nodes.get(packageKey(entry))?.installed.push(entry);
  }
  const sortedNodes = [...nodes.values()].sort((a, b) => byCodePoint(a.key, b.key));
  for (const node of sortedNodes) node.installed.sort((a, b) => byCodePoint(a.target, b.target));
  const sortedEdges = [...edges.values()].sort((a, b) => byCodePoint(a.from, b.from) || byCodePoint(a.to, b.to));
  return { target, nodes: sortedNodes, edges: sortedEdges };
}
