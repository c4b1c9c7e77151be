import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConfigSpec } from '../../src/krm/index.js';
import { describeItem, parseResourceList } from '../../src/krm/index.js';
import { packageKey } from '../../src/catalog/index.js';
import { prepare, resolve } from '../../src/resolve/index.js';
import { isObjectNeed } from '../../src/resolve/index.js';
import type { PackageResolution, Requirement, ResolveConfig, RuleName } from '../../src/resolve/index.js';
import { explainPackage } from '../../src/explain/why.js';
import { configSpec as emitSpec } from '../../functions/emit-package-variants/processor.js';
import { configSpec as resolveSpec } from '../../functions/resolve-dependencies/processor.js';
import { goldenCases, goldenFunctions, goldenInput, goldenRoot } from './cases.js';

/**
 * Over every golden case: the rule `pkgdeps why` names for each resource's choice of a package is the rule
 * the resolver used (docs/SPEC.md rules candidates, tie-breaks, package-variant-upstream), and for an API
 * without a provider the filter its funnel marks is the one the resolver's answer names.
 */

const specs: Record<string, ConfigSpec<ResolveConfig>> = {
  'resolve-dependencies': resolveSpec,
  'emit-package-variants': emitSpec,
};

/** `<dependency>\n<item>` -> the rules `why` names for that item's uses of the dependency, sorted. */
function namedRules(lines: string[]): Map<string, string[]> {
  const rules = new Map<string, string[]>();
  let dependency = '';
  let neededBy = false;
  let items: string[] = [];
  for (const line of lines) {
    const header = /^ {2}(\S.*)$/.exec(line);
    if (header !== null) dependency = header[1] ?? '';
    if (line === '    needed by:') neededBy = true;
    if (line === '') neededBy = false;
    if (!neededBy) continue;
    const several = /^ {6}\d+ resources (?:need .+|request it):$/.exec(line);
    const one = /^ {6}(\S.*?) (?:needs .+|requests it)$/.exec(line);
    const chosen = /^ {8}chosen because: .* \(rule (.+)\)$/.exec(line);
    const item = /^ {8}(\S.*)$/.exec(line);
    if (several !== null) items = [];
    else if (one !== null) items = [one[1] ?? ''];
    else if (chosen !== null) {
      for (const name of items) {
        const key = `${dependency}\n${name}`;
        rules.set(key, [...(rules.get(key) ?? []), chosen[1] ?? ''].sort());
      }
    } else if (item !== null && !line.startsWith('        candidates: ')) items.push(item[1] ?? '');
  }
  return rules;
}

/** The same map from the resolver's uses; an item using a dependency twice by the same rule is named once. */
function usedRules(resolution: PackageResolution): Map<string, string[]> {
  const rules = new Map<string, string[]>();
  for (const dependency of resolution.dependencies) {
    for (const use of dependency.uses) {
      const key = `${packageKey(dependency.ref)}\n${describeItem(use.item)}`;
      rules.set(key, [...new Set([...(rules.get(key) ?? []), use.rule])].sort());
    }
  }
  return rules;
}

/** The label of the funnel line marked as the one that left nothing, per unresolved resource. */
function emptiedFilters(lines: string[]): Map<string, string> {
  const marked = new Map<string, string>();
  let items: string[] = [];
  for (const line of lines) {
    const one = /^ {2}(\S.*?) needs .+$/.exec(line);
    const several = /^ {2}\S.*, needed by \d+ resources:$/.exec(line);
    const listed = /^ {6}(\S.*)$/.exec(line);
    const emptied = /^ {6}(\S.*?) +\d+ revisions? of \d+ packages? {2}<- nothing left$/.exec(line);
    if (several !== null) items = [];
    else if (one !== null) items = [one[1] ?? ''];
    else if (emptied !== null) for (const item of items) marked.set(item, emptied[1] ?? '');
    else if (listed !== null && !(listed[1] ?? '').includes('  ')) items.push(listed[1] ?? '');
  }
  return marked;
}

const filterOfProblem: Record<string, RegExp> = {
  unprovided: /^(providing group |providing kind |serving the group through an APIService|creating )/,
  unpublished: /^Published$/,
  version: /^serving (version |any version)/,
};

/** What a need is a need of, for the coverage check: `API` (or a PackageVariant upstream) or a named `object`. */
function needKind(need: Requirement | undefined): string {
  return need !== undefined && isObjectNeed(need) ? 'object' : 'API';
}

/** `<API|object> <rule or problem>`: what the golden cases covered, for APIs and named objects alike. */
const checked = { rules: new Set<string>(), problems: new Set<string>() };

describe.each(goldenFunctions())("why names the resolver's rules: %s", (name) => {
  it.each(goldenCases(name))('%s', (testCase) => {
    const dir = join(goldenRoot, name, testCase);
    if (existsSync(join(dir, 'error.txt'))) return;
    const spec = specs[name];
    expect(spec, `test/golden/why-rules.test.ts has no config spec for ${name}`).toBeDefined();
    const list = parseResourceList(goldenInput(dir));
    const prepared = prepare(list.items, list.functionConfig, spec as ConfigSpec<ResolveConfig>);
    if (prepared.index === undefined) return;
    const { config } = prepared;
    for (const resolution of resolve(list.items, prepared.index, config).packages) {
      const { lines } = explainPackage(resolution, prepared.index, config.target);
      const named = namedRules(lines);
      expect(named).toEqual(usedRules(resolution));
      for (const dependency of resolution.dependencies) {
        for (const use of dependency.uses) checked.rules.add(`${needKind(use.need)} ${use.rule}`);
      }
      const emptied = emptiedFilters(lines);
      for (const entry of resolution.unresolved) {
        const filter = emptied.get(describeItem(entry.item));
        if (entry.problem === 'ambiguous') expect(filter).toBeUndefined();
        else expect(filter).toMatch(filterOfProblem[entry.problem] as RegExp);
        checked.problems.add(`${needKind(entry.need)} ${entry.problem}`);
      }
    }
  });
});

describe('the golden cases', () => {
  it('choose by every rule and leave needs unprovided, unpublished and ambiguous, APIs and named objects alike', () => {
    const rules: RuleName[] = ['candidates', 'tie-breaks (a)', 'tie-breaks (b)', 'tie-breaks (c)'];
    const expected = [
      ...[...rules, 'package-variant-upstream'].map((rule) => `API ${rule}`),
      ...rules.map((rule) => `object ${rule}`),
    ];
    expect([...checked.rules].sort()).toEqual(expected.sort());
    expect([...checked.problems].sort()).toEqual([
      'API ambiguous',
      'API unprovided',
      'object ambiguous',
      'object unprovided',
      'object unpublished',
    ]);
  });
});
