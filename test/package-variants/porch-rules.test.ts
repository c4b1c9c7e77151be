import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readPackageDir } from '../../src/krm/index.js';
import { copyPackage, git, repoRoot, scratchDir } from '../support/kpt.js';
import { emittedRefusals, getUpstreamPR, porchRefusals, porchRevisions } from '../support/porch-rules.js';
import { validatePackageVariant } from '../support/porch-rules.js';

/**
 * The "Done when" of issue 15: every PackageVariant that emit-package-variants writes in the
 * golden tests and the examples (those its `package-variant` results name) passes Porch's
 * validation and upstream selection as its code reads (test/support/porch-rules.ts names the
 * Porch source files), against the PackageRevisions the catalog of the same package stands for
 * (docs/SPEC.md rule upstream-pin). test/robustness/properties.test.ts checks generated inputs.
 */

/** `[where, PackageVariant name, refusals]` for every PackageVariant emitted for a package of `items`. */
function check(where: string, items: unknown[], results: unknown[]): Array<[string, string, string[]]> {
  return emittedRefusals(items, results).map(([name, refusals]) => [where, name, refusals]);
}

const goldenDir = join(repoRoot, 'test', 'golden', 'emit-package-variants');
const goldens = readdirSync(goldenDir)
  .sort()
  .flatMap((name) => {
    const text = readFileSync(join(goldenDir, name, 'expected.yaml'), 'utf8');
    const out = parse(text) as { items: unknown[]; results?: unknown[] };
    return check(`test/golden/${name}`, out.items, out.results ?? []);
  });

/** What kpt writes to --results-dir: one entry per function run. */
interface KptResults {
  items: Array<{ results?: unknown[] }>;
}

const scratch = scratchDir();
afterAll(() => scratch.remove());
const examplesDir = join(repoRoot, 'examples');
const examples = readdirSync(examplesDir)
  .sort()
  .flatMap((name) => {
    const patch = join(examplesDir, name, '.expected', 'diff.patch');
    if (!existsSync(patch)) return [];
    const dir = join(scratch.dir, name);
    copyPackage(join(examplesDir, name), dir);
    git(dir, ['apply', patch]);
    const items = (parse(readPackageDir(dir).text) as { items: unknown[] }).items;
    const runs = (parse(readFileSync(join(examplesDir, name, '.expected', 'results.yaml'), 'utf8')) as KptResults)
      .items;
    return check(
      `examples/${name}`,
      items,
      runs.flatMap((run) => run.results ?? []),
    );
  });

describe("Porch's PackageVariant rules, as its code reads", () => {
  const list = porchRevisions([
    {
      repository: 'blueprints',
      package: 'numbered',
      revisions: [{ revision: '3' }, { revision: 4, workspaceName: 'ws-approved' }],
    },
    { repository: 'blueprints', package: 'tagged', revisions: [{ revision: 'v1.2.0' }] },
    { repository: 'blueprints', package: 'head', revisions: [{ revision: 'main', workspaceName: 'main' }] },
  ]);
  type Fields = Record<string, unknown>;
  const pv = (upstream: Fields, downstream: Fields = { repo: 'edge01', package: 'x' }) => ({
    apiVersion: 'config.porch.kpt.dev/v1alpha1',
    kind: 'PackageVariant',
    metadata: { name: 'edge01-x', namespace: 'default', annotations: { 'pkgdeps.dev/generated-by': 'app' } },
    spec: { upstream, downstream },
  });

  it("names revisions as Porch does: the catalog's workspaceName, else vN or the name; a placeholder each", () => {
    expect(list.map((pr) => `${pr.packageName}:${pr.workspaceName}:${pr.revision}`)).toEqual([
      'numbered:main:-1',
      'numbered:v3:3',
      'numbered:ws-approved:4',
      'tagged:main:-1',
      'tagged:v1.2.0:-1',
      'head:main:-1',
    ]);
  });

  const numbered = (workspaceName: string, downstream?: Fields) =>
    pv({ repo: 'blueprints', package: 'numbered', workspaceName }, downstream);

  it('accepts an upstream named by the workspaceName of a real revision', () => {
    expect(porchRefusals(numbered('v3'), list)).toEqual([]);
    expect(porchRefusals(numbered('ws-approved'), list)).toEqual([]);
    expect(porchRefusals(pv({ repo: 'blueprints', package: 'tagged', workspaceName: 'v1.2.0' }), list)).toEqual([]);
  });

  it('requires upstream and downstream repo and package', () => {
    expect(validatePackageVariant({ spec: {} })).toEqual([
      'missing required field spec.upstream',
      'missing required field spec.downstream',
    ]);
    expect(porchRefusals(pv({ repo: 'blueprints' }, { repo: 'edge01' }), list)).toEqual([
      'missing required field spec.upstream.package',
      'missing required field spec.downstream.package',
    ]);
  });

  it('ignores upstream.revision: without workspaceName the upstream is the placeholder, which clone refuses', () => {
    const byRevision = pv({ repo: 'blueprints', package: 'numbered', revision: 3 });
    expect(getUpstreamPR(byRevision, list)).toEqual({
      repositoryName: 'blueprints',
      packageName: 'numbered',
      workspaceName: 'main',
      revision: -1,
    });
    expect(porchRefusals(byRevision, list)).toEqual([
      'upstream revision may not be the placeholder package revision blueprints/numbered',
    ]);
    expect(porchRefusals(pv({ repo: 'blueprints', package: 'head', workspaceName: 'main' }), list)).toEqual([
      'upstream revision may not be the placeholder package revision blueprints/head',
    ]);
  });

  it('refuses a workspaceName no revision has, and names or downstream packages Kubernetes refuses', () => {
    expect(porchRefusals(numbered('v9'), list)[0]).toMatch(/^could not find upstream/);
    const badName = { ...numbered('v3'), metadata: { name: 'Edge_01' } };
    expect(porchRefusals(badName, list)).toEqual(['metadata.name "Edge_01" is not a DNS-1123 subdomain']);
    const badDownstream = numbered('v3', { repo: 'edge01', package: 'a_b' });
    expect(porchRefusals(badDownstream, list)[0]).toMatch(/^package revision kubernetes resource name invalid/);
  });
});

describe('every PackageVariant the golden tests and examples emit passes them', () => {
  it('finds PackageVariants in both', () => {
    expect(goldens.length).toBeGreaterThan(10);
    expect(examples.length).toBeGreaterThan(3);
  });

  it.each([...goldens, ...examples])('%s: %s', (_where, _name, refusals) => {
    expect(refusals).toEqual([]);
  });
});
