import { packageKey } from '../catalog/index.js';
import { byCodePoint } from '../krm/index.js';
import type { ApiIndex, InstalledEntry, PackageRef } from '../catalog/index.js';
import { chosenRevision, dependencyClosure } from '../resolve/index.js';
import type { ClosureNode, RevisionProblem } from '../resolve/index.js';

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

/**
 * The node's revision as the closure chose it (docs/SPEC.md rule revision-choice), `required` when revision choice
 * skipped a newer Published revision for what the dependents require; or the note saying why it has none.
 */
function revisionOf(node: ClosureNode, installed: InstalledEntry | undefined): Pick<GraphNode, 'revision' | 'note'> {
  const { choice } = node;
  if ('revision' in choice) {
    const required = choice.steps.some((step) => step.verdict === 'unserved');
    const source = choice.reason === 'installed' ? 'installed' : required ? 'required' : 'latest';
    return { revision: { name: choice.revision.revision, source } };
  }
  const notes: Record<RevisionProblem, string> = {
    'installed-unlisted': `installed revision "${installed?.revision ?? ''}" is not in the catalog`,
    'installed-unserved': `installed revision "${installed?.revision ?? ''}" misses what its dependents require`,
    unpublished: 'no Published revision',
    unserved: 'no Published revision serves what its dependents require',
  };
  return { note: notes[choice.problem] };
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
    nodes.set(key, { ...named, ...revisionOf(node, onTarget), installed: [] });
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
