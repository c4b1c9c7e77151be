import { describeItem, itemString } from '../krm/index.js';
import type { Result } from '../krm/index.js';
import { objectKey, packageKey } from '../catalog/index.js';
import type { ApiIndex, CatalogPackage } from '../catalog/index.js';
import {
  apiLabel,
  chosenRevision,
  everyNeed,
  isObjectNeed,
  missingText,
  needSubject,
  packageClosure,
  reachedThroughDependsOn,
} from '../resolve/index.js';
import type {
  Closure,
  ClosureNode,
  Dependency,
  PackageResolution,
  RevisionChoice,
  RevisionStep,
  RuleName,
  Requirement,
  Unresolved,
} from '../resolve/index.js';
import { candidateFunnel, tieBreakFunnel } from './funnel.js';

function needLabel(need: Requirement): string {
  if (isObjectNeed(need)) return objectKey(need.object);
  const label = apiLabel(need.group, need.version, need.kind ?? '(any kind, APIService)');
  return need.version === '*' ? `${label} (RBAC rule, any version)` : label;
}

/** What the rule that chose a package did, and the rule by its docs/SPEC.md name. */
function ruleText(rule: RuleName, target: string | undefined): string {
  const what = {
    candidates: 'the only candidate',
    'tie-breaks (a)': `the only candidate installed on ${target ?? 'the target'}`,
    'tie-breaks (b)': 'named by a preference',
    'tie-breaks (c)': 'already chosen, without this tie-break, for another need of the package',
    'package-variant-upstream': 'a PackageVariant of the package names it in spec.upstream',
  }[rule];
  return `${what} (rule ${rule})`;
}

function stepLine(step: RevisionStep, needs: readonly Requirement[]): string {
  const verdict =
    step.verdict === 'unpublished'
      ? 'not Published, skipped'
      : step.verdict === 'unserved'
        ? `${missingText(step.missing, needLabel)}, skipped`
        : `${everyNeed(needs, 'serves')}, chosen`;
  return `"${step.revision.revision}" (${step.revision.lifecycle}): ${verdict}`;
}

/**
 * The revision the closure chose and why (docs/SPEC.md rule revision-choice), with the revisions revision choice
 * looked at, newest first, and its verdict on each.
 */
function revisionSection(choice: RevisionChoice, needs: readonly Requirement[], target: string | undefined): string[] {
  const steps = choice.steps.map((step) => `  ${stepLine(step, needs)}`);
  if ('error' in choice) return [`revision: none; ${choice.error}`, ...steps];
  if (choice.reason === 'installed')
    return [`revision "${choice.revision.revision}": installed on ${target ?? 'the target'}`];
  const header = `revision "${choice.revision.revision}": the latest Published revision ${everyNeed(needs, 'serving')}`;
  return [header, ...steps];
}

function dependencySection(dependency: Dependency, closure: Closure, target: string | undefined): string[] {
  const node = closure.nodes.get(packageKey(dependency.ref));
  const revision =
    node === undefined
      ? ['revision: unknown, the catalog does not list this package']
      : revisionSection(node.choice, node.needs, target);
  const lines = [packageKey(dependency.ref), ...revision.map((line) => `  ${line}`), '  needed by:'];
  // Uses of the same API, with the same candidates and rule, are one entry listing every resource.
  const groups = new Map<string, { what: string; items: string[]; candidates: string; rule: string }>();
  for (const use of dependency.uses) {
    const what = use.need === undefined ? 'requests it' : `needs ${needLabel(use.need)}`;
    const candidates = use.candidates.map(packageKey).join(', ');
    const rule = ruleText(use.rule, target);
    const key = `${what}\n${candidates}\n${rule}`;
    const group = groups.get(key) ?? { what, items: [], candidates, rule };
    const item = describeItem(use.item);
    if (!group.items.includes(item)) group.items.push(item);
    groups.set(key, group);
  }
  for (const { what, items, candidates, rule } of groups.values()) {
    if (items.length === 1) lines.push(`    ${items[0] ?? ''} ${what}`);
    else {
      const plural = what === 'requests it' ? 'request it' : what.replace(/^needs /, 'need ');
      lines.push(`    ${items.length} resources ${plural}:`, ...items.map((item) => `      ${item}`));
    }
    if (candidates !== '') lines.push(`      candidates: ${candidates}`);
    lines.push(`      chosen because: ${rule}`);
  }
  return lines;
}

function revisionLabel(closure: Closure, key: string): string {
  const revision = chosenRevision(closure.nodes.get(key)?.choice);
  return revision === undefined ? key : `${key} revision "${revision.revision}"`;
}

/** A package only `dependsOn` brings in: its revision, the packages that depend on it and what they require of it. */
function reachedSection(key: string, node: ClosureNode, closure: Closure, target: string | undefined): string[] {
  const required = node.needs.length === 0 ? [] : [`  they require: ${node.needs.map(needLabel).join(', ')}`];
  return [
    key,
    ...revisionSection(node.choice, node.needs, target).map((line) => `  ${line}`),
    `  required by: ${node.requiredBy.map((depender) => revisionLabel(closure, depender)).join(', ')}`,
    ...required,
  ];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function preferenceText(need: Requirement, pkg: CatalogPackage): string {
  return `${needSubject(need)}=${packageKey(pkg)}`;
}

/** The unresolved entries by API: one entry (the first) for each API and problem, with every resource that needs it. */
function byApi(unresolved: Unresolved[]): Array<{ entry: Unresolved; items: string[] }> {
  const groups = new Map<string, { entry: Unresolved; items: string[] }>();
  for (const entry of unresolved) {
    const key = `${needLabel(entry.need)}\n${entry.problem}\n${entry.message}`;
    const group = groups.get(key) ?? { entry, items: [] };
    const item = describeItem(entry.item);
    if (!group.items.includes(item)) group.items.push(item);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function unresolvedSection(
  group: { entry: Unresolved; items: string[] },
  index: ApiIndex,
  target: string | undefined,
): string[] {
  const { entry, items } = group;
  const lines =
    items.length === 1
      ? [`${items[0] ?? ''} needs ${needLabel(entry.need)}`]
      : [`${needLabel(entry.need)}, needed by ${items.length} resources:`, ...items.map((item) => `    ${item}`)];
  if (entry.problem === 'ambiguous') {
    lines.push(`  ambiguous: ${entry.candidates.length} candidates, ${entry.candidates.map(packageKey).join(', ')}`);
  } else {
    lines.push(`  unresolved: ${entry.message}`);
  }
  const funnel = candidateFunnel(index.catalog, entry.need, entry.steps);
  lines.push('  funnel:', ...funnel.map((line) => `    ${line}`));
  const [first] = entry.candidates;
  if (entry.problem === 'ambiguous' && first !== undefined) {
    lines.push(
      '  tie-breaks (one settles it when it leaves exactly 1 package):',
      ...tieBreakFunnel(entry.tieBreaks, target).map((line) => `    ${line}`),
    );
    const preference = preferenceText(entry.need, first);
    lines.push(
      `  settle it: --prefer ${preference} (function config: preferences: "${preference}"), or install one candidate on the target`,
    );
  }
  return lines;
}

function unitName(resolution: PackageResolution): string {
  const { kptfile, dir } = resolution.unit;
  if (kptfile === undefined) return 'resources outside any package';
  return `package ${itemString(kptfile, ['metadata', 'name']) ?? '(unnamed)'} (${dir === '' ? '.' : dir})`;
}

/** What `pkgdeps why` says of one package: its text, and the errors of its `dependsOn` closure. */
export interface Explanation {
  lines: string[];
  results: Result[];
}

/**
 * The `pkgdeps why` text of one resolved package: each dependency with its revision (as its dependency
 * closure chooses it, docs/SPEC.md rule dependency-closure), the rule of revision choice, and every resource
 * that needs it with its candidates and the rule that chose the package; then each package only `dependsOn`
 * brings in, and what is wrong with the closure; then each unresolved or ambiguous API, once with every
 * resource that needs it, with the funnel of filters.
 */
export function explainPackage(
  resolution: PackageResolution,
  index: ApiIndex,
  target: string | undefined,
): Explanation {
  const { dependencies, unresolved } = resolution;
  const closure = packageClosure(index, resolution, target);
  const summary =
    dependencies.length === 0
      ? 'no dependencies'
      : `depends on ${dependencies.map((dep) => packageKey(dep.ref)).join(', ')}`;
  const lines = [`${unitName(resolution)}: ${summary}`];
  const indent = (section: string[]) => section.map((line) => `  ${line}`);
  for (const dependency of dependencies) {
    lines.push('', ...indent(dependencySection(dependency, closure, target)));
  }
  const reached = reachedThroughDependsOn(closure, () => true);
  if (reached.length > 0) {
    lines.push('', `  through dependsOn, ${plural(reached.length, 'more package')}:`);
    for (const { key, node } of reached) {
      lines.push('', ...indent(reachedSection(key, node, closure, target)));
    }
  }
  if (closure.problems.length > 0) {
    lines.push('', '  dependsOn problems:', ...closure.problems.map((problem) => `    ${problem.message}`));
  }
  const groups = byApi(unresolved);
  if (groups.length > 0) {
    const noun = groups.some((group) => isObjectNeed(group.entry.need)) ? 'need' : 'API';
    lines.push('', `  ${groups.length} ${noun}${groups.length === 1 ? '' : 's'} without a provider:`);
    for (const group of groups) lines.push('', ...unresolvedSection(group, index, target).map((line) => `  ${line}`));
  }
  return { lines, results: closure.results };
}
