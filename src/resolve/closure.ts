import { byCodePoint, makeResult } from '../krm/index.js';
import type { Result } from '../krm/index.js';
import { packageKey } from '../catalog/index.js';
import type { ApiIndex, CatalogPackage, CatalogRevision, PackageRef } from '../catalog/index.js';
import { needsOfUses } from './resolve.js';
import type { PackageResolution } from './resolve.js';
import {
  chooseRevision,
  chosenRevision,
  isObjectNeed,
  needKey,
  revisionRequirements,
  serves,
} from './revision-choice.js';
import type { RevisionChoice, Requirement } from './revision-choice.js';

/** A package the dependent package needs directly, with the API versions its items need. */
export interface Root {
  pkg: CatalogPackage;
  needs: Requirement[];
}

/** One package of the closure, with the revision chosen for it. */
export interface ClosureNode {
  pkg: CatalogPackage;
  needs: Requirement[];
  choice: RevisionChoice;
  /** Keys of the packages that depend on this one inside the closure, sorted. */
  requiredBy: string[];
  /** The dependent package itself needs it. */
  direct: boolean;
  /**
   * Keys of the packages the chosen revision's `dependsOn` names, in its order without repeats, leaving out the
   * dependent package itself and packages the catalog does not list; empty when no revision was chosen.
   */
  dependsOn: string[];
}

export interface Closure {
  nodes: Map<string, ClosureNode>;
  /** Keys of the nodes, each after every package it depends on. */
  order: string[];
  /** Keys of the direct dependencies, sorted. */
  roots: string[];
  /** `dependsOn` entries the catalog does not know, and cycles. */
  problems: Result[];
  /** The problems, then the revision choice errors of the nodes. */
  results: Result[];
}

export interface ClosureOptions {
  target: string | undefined;
  /** The dependent package when the catalog knows it: never a dependency of itself. */
  self: PackageRef | undefined;
  /** Packages whose revision choice error was reported already (by the resolver): not reported again. */
  reported?: ReadonlySet<string>;
}

/**
 * The entries of a depender's `requires` and `requiresObjects` that some revision of `pkg` provides or creates:
 * what `pkg` must serve for it.
 */
function needsFromRequires(depender: CatalogRevision, pkg: CatalogPackage): Requirement[] {
  return revisionRequirements(depender).filter((need) =>
    pkg.revisions.some((rev) => serves(rev, isObjectNeed(need) ? need : { ...need, version: '*' })),
  );
}

function revisionLabel(key: string, choice: RevisionChoice | undefined): string {
  const revision = chosenRevision(choice);
  return revision === undefined ? key : `${key} revision "${revision.revision}"`;
}

/**
 * Revision choice over the `dependsOn` closure of the roots (docs/SPEC.md rule dependency-closure). A package's needs
 * are what the dependent package's items need of it (roots) plus, for each package that
 * depends on it, the entries of that package's chosen revision's `requires` (and `requiresObjects`) it provides. Needs
 * only grow while revisions are chosen, so the walk ends; the closure is then read again from
 * the roots through the final revisions, which also finds cycles and the dependency order.
 */
export function dependencyClosure(index: ApiIndex, roots: Root[], options: ClosureOptions): Closure {
  const selfKey = options.self === undefined ? undefined : packageKey(options.self);
  const needs = new Map<string, Map<string, Requirement>>();
  const packages = new Map<string, CatalogPackage>();
  const choices = new Map<string, RevisionChoice>();
  const addNeeds = (pkg: CatalogPackage, list: Requirement[]): boolean => {
    const key = packageKey(pkg);
    packages.set(key, pkg);
    const known = needs.get(key) ?? new Map<string, Requirement>();
    needs.set(key, known);
    const before = known.size;
    for (const need of list) known.set(needKey(need), need);
    return known.size > before;
  };

  const rootKeys = [...new Set(roots.map((root) => packageKey(root.pkg)))].sort(byCodePoint);
  roots.forEach((root) => addNeeds(root.pkg, root.needs));
  const queue = [...rootKeys];
  const queued = new Set(queue);
  while (queue.length > 0) {
    const key = queue.shift() as string;
    queued.delete(key);
    const pkg = packages.get(key) as CatalogPackage;
    const previous = chosenRevision(choices.get(key));
    const choice = chooseRevision(index, pkg, [...(needs.get(key)?.values() ?? [])], options.target);
    choices.set(key, choice);
    const revision = chosenRevision(choice);
    if (revision === undefined || revision === previous) continue;
    for (const ref of revision.dependsOn) {
      const dep = index.pkg(ref);
      if (dep === undefined || packageKey(dep) === selfKey) continue;
      const depKey = packageKey(dep);
      const grew = addNeeds(dep, needsFromRequires(revision, dep));
      if ((grew || !choices.has(depKey)) && !queued.has(depKey)) {
        queue.push(depKey);
        queued.add(depKey);
      }
    }
  }
  return walk(index, rootKeys, { packages, needs, choices, selfKey, reported: options.reported ?? new Set() });
}

interface Walked {
  packages: Map<string, CatalogPackage>;
  needs: Map<string, Map<string, Requirement>>;
  choices: Map<string, RevisionChoice>;
  selfKey: string | undefined;
  reported: ReadonlySet<string>;
}

/** Depth-first from the roots through the chosen revisions: post-order is dependency order. */
function walk(index: ApiIndex, rootKeys: string[], state: Walked): Closure {
  const results: Result[] = [];
  const nodes = new Map<string, ClosureNode>();
  const order: string[] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const cycles = new Set<string>();
  const requiredBy = new Map<string, Set<string>>();

  const dependsOn = new Map<string, string[]>();
  const edgesOf = (key: string): string[] => {
    const revision = chosenRevision(state.choices.get(key));
    if (revision === undefined) return [];
    const keys: string[] = [];
    for (const ref of revision.dependsOn) {
      const depKey = packageKey(ref);
      if (depKey === state.selfKey) continue;
      if (index.pkg(ref) === undefined) {
        results.push(
          makeResult(
            'error',
            'dependency-unknown',
            `${revisionLabel(key, state.choices.get(key))} depends on ${depKey}, which the catalog does not list; add that package to the catalog or correct the dependsOn entry`,
          ),
        );
        continue;
      }
      keys.push(depKey);
    }
    const unique = [...new Set(keys)];
    dependsOn.set(key, unique);
    return [...unique].sort(byCodePoint);
  };

  const visit = (key: string): void => {
    if (done.has(key)) return;
    const onStack = stack.indexOf(key);
    if (onStack >= 0) {
      reportCycle([...stack.slice(onStack), key]);
      return;
    }
    stack.push(key);
    for (const dep of edgesOf(key)) {
      const set = requiredBy.get(dep) ?? new Set<string>();
      set.add(key);
      requiredBy.set(dep, set);
      visit(dep);
    }
    stack.pop();
    done.add(key);
    order.push(key);
  };

  const reportCycle = (path: string[]): void => {
    const ring = path.slice(0, -1);
    const start = ring.indexOf([...ring].sort(byCodePoint)[0] as string);
    const canonical = [...ring.slice(start), ...ring.slice(0, start)];
    const id = canonical.join('\n');
    if (cycles.has(id)) return;
    cycles.add(id);
    const shown = [...canonical, canonical[0] as string].map((key, i) =>
      i === canonical.length ? key : revisionLabel(key, state.choices.get(key)),
    );
    results.push(
      makeResult(
        'error',
        'dependency-cycle',
        `dependsOn cycle: ${shown.join(' -> ')}; none of these packages can be installed first: remove one of these dependsOn entries from the catalog`,
      ),
    );
  };

  for (const key of rootKeys) visit(key);

  const problems = [...results];
  const rootSet = new Set(rootKeys);
  for (const key of order) {
    const choice = state.choices.get(key) as RevisionChoice;
    const needs = [...(state.needs.get(key)?.values() ?? [])];
    const dependers = [...(requiredBy.get(key) ?? [])].sort(byCodePoint);
    const pkg = state.packages.get(key) as CatalogPackage;
    const direct = rootSet.has(key);
    nodes.set(key, { pkg, needs, choice, requiredBy: dependers, direct, dependsOn: dependsOn.get(key) ?? [] });
    if ('error' in choice && !state.reported.has(key)) {
      const via =
        dependers.length === 0
          ? ''
          : ` (needed by ${dependers.map((d) => revisionLabel(d, state.choices.get(d))).join(', ')})`;
      results.push(makeResult('error', 'no-revision', `${choice.error}${via}`));
    }
  }
  return { nodes, order, roots: rootKeys, problems, results };
}

/**
 * The closure of one resolved package (docs/SPEC.md rule dependency-closure): its dependencies the catalog
 * lists are the roots, each needing what the package's items need of it. Revision choice errors the
 * resolver already reported for a dependency are not reported again.
 */
export function packageClosure(index: ApiIndex, resolution: PackageResolution, target: string | undefined): Closure {
  const { dependencies } = resolution;
  const roots = dependencies.flatMap((dep) =>
    dep.pkg === undefined ? [] : [{ pkg: dep.pkg, needs: needsOfUses(dep.uses) }],
  );
  const failed = dependencies.filter((dep) => dep.choice !== undefined && 'error' in dep.choice);
  const reported = new Set(failed.map((dep) => packageKey(dep.ref)));
  return dependencyClosure(index, roots, { target, self: resolution.self, reported });
}

/** A package of the closure that is no direct dependency, and how `dependsOn` reaches it. */
export interface Reached {
  key: string;
  node: ClosureNode;
  /** Keys from a direct dependency to the package whose `dependsOn` names this one. */
  via: string[];
}

/**
 * The packages of the closure that are no direct dependency, breadth first from the roots, so each comes with
 * its shortest chain (the first in root and `dependsOn` order). `expand` says whether to follow a package's
 * `dependsOn`: a package reached only through refused ones is left out.
 */
export function reachedThroughDependsOn(closure: Closure, expand: (node: ClosureNode) => boolean): Reached[] {
  const seen = new Set(closure.roots);
  const queue = closure.roots.map((key) => ({ key, via: [] as string[] }));
  const reached: Reached[] = [];
  for (let step = queue.shift(); step !== undefined; step = queue.shift()) {
    const node = closure.nodes.get(step.key);
    if (node === undefined || !expand(node)) continue;
    const via = [...step.via, step.key];
    for (const key of node.dependsOn) {
      const next = closure.nodes.get(key);
      if (seen.has(key) || next === undefined) continue;
      seen.add(key);
      reached.push({ key, node: next, via });
      queue.push({ key, via });
    }
  }
  return reached;
}
