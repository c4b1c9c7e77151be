import { packageKey } from '../catalog/index.js';
import { byCodePoint } from '../krm/index.js';
import type { ApiIndex, InstalledEntry, PackageRef } from '../catalog/index.js';
import { chosenRevision, dependencyClosure } from '../resolve/index.js';
import type { ClosureNode } from '../resolve/index.js';

/** One package of the graph, keyed `<repository>/<package>`. */
export interface GraphNode {
  key: string;
  repository: string;
  package: string;
  /** How many revisions the catalog lists for it (0 for a package it does not hold). */
  revisionCount: number;
  /**
   * The revision whose `dependsOn` gives the node's edges, and why that one: installed on the target, the
   * latest Published, or an older Published one that what its dependents require pins.
   */
  revision?: { name: string; source: 'installed' | 'latest' | 'required' };
  /**
   * Why the node has no revision (and no edges): not in the catalog, no Published revision, an installed revision
   * the catalog does not list, or none that serves what its dependents require.
   */
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

/** The node's revision as the closure chose it, or the note saying why it has none. */
function revisionOf(
  index: ApiIndex,
  node: ClosureNode,
  installed: InstalledEntry | undefined,
): Pick<GraphNode, 'revision' | 'note'> {
  if ('revision' in node.choice) {
    const { revision, reason } = node.choice;
    const newest = index.revisionsNewestFirst(node.pkg).find((candidate) => candidate.lifecycle === 'Published');
    const source = reason === 'installed' ? 'installed' : revision === newest ? 'latest' : 'required';
    return { revision: { name: revision.revision, source } };
  }
  if (installed !== undefined) {
    const listed = index.revision(node.pkg, installed.revision) !== undefined;
    const why = listed ? 'misses what its dependents require' : 'is not in the catalog';
    return { note: `installed revision "${installed.revision}" ${why}` };
  }
  const published = node.pkg.revisions.some((candidate) => candidate.lifecycle === 'Published');
  return { note: published ? 'no Published revision serves what its dependents require' : 'no Published revision' };
}

/**
 * The catalog's packages and what each depends on: the `dependsOn` of the revision the dependency closure
 * (docs/SPEC.md rule dependency-closure) of all the catalog's packages chooses, installed on the target or
 * else the latest Published one that serves what the packages depending on it require; with where each
 * package is installed.
 */
export function dependencyGraph(index: ApiIndex, target: string | undefined): DependencyGraph {
  const { packages } = index.catalog;
  const closure = dependencyClosure(
    index,
    packages.map((pkg) => ({ pkg, needs: [] })),
    { target, self: undefined },
  );
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, { from: string; to: string }>();
  const placeholder = (ref: PackageRef) => {
    const key = packageKey(ref);
    if (!nodes.has(key)) {
      nodes.set(key, {
        key,
        repository: ref.repository,
        package: ref.package,
        revisionCount: 0,
        note: 'not in the catalog',
        installed: [],
      });
    }
  };
  for (const pkg of packages) {
    const key = packageKey(pkg);
    const node = closure.nodes.get(key) as ClosureNode;
    const onTarget = target === undefined ? undefined : index.installedOn(target, pkg);
    const named = { key, repository: pkg.repository, package: pkg.package, revisionCount: pkg.revisions.length };
    nodes.set(key, { ...named, ...revisionOf(index, node, onTarget), installed: [] });
    for (const ref of chosenRevision(node.choice)?.dependsOn ?? []) {
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
