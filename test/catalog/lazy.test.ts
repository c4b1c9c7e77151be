import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { YAMLMap } from 'yaml';
import { ApiIndex, readCatalog } from '../../src/catalog/index.js';
import { CatalogPackages } from '../../src/catalog/packages.js';
import type { Problem, RawPackage } from '../../src/catalog/normalise.js';
import { loadCatalogFile } from '../../src/explain/io.js';
import { makeResult, processText } from '../../src/krm/index.js';
import { buildCatalog } from '../../functions/build-catalog/processor.js';
import { emitPackageVariants } from '../../functions/emit-package-variants/processor.js';
import { resolveDependencies } from '../../functions/resolve-dependencies/processor.js';
import { validateDependencies } from '../../functions/validate-dependencies/processor.js';

/**
 * docs/SPEC.md rule catalog-lazy: a function reads a catalog package's own entries when one of its lookups finds
 * the package, reports a problem there as a catalog error and changes nothing, and never hears of a problem in a
 * package it does not look at; the commands that read a catalog whole report every problem.
 */

/** Package [0] provides a.io; package [1] lists b.io with a scope that is none; [2] lists c.io, then drops it. */
const PACKAGES = [
  '[',
  '{"repository":"cat","package":"good","revisions":[{"revision":"1","lifecycle":"Published","provides":["a.io/v1/A/as"]}]},',
  '{"repository":"cat","package":"broken","revisions":[{"revision":"1","lifecycle":"Published","provides":["b.io/v1/B/bs/Sideways"]}]},',
  '{"repository":"cat","package":"dropped","revisions":[',
  '  {"revision":"1","lifecycle":"Published","provides":["c.io/v1/C/cs"]},',
  '  {"revision":"2","lifecycle":"Published","provides":{"drop":["c.io/C"],"add":["d.io/v1/D/ds/Bad"]}}]}',
  ']',
];
const BROKEN =
  'ConfigMap package-catalog: data.packages: [1].revisions[0].provides[0]: its scope, after the resource, must be Namespaced, Cluster or empty, found "b.io/v1/B/bs/Sideways"';

const catalogItem = [
  '- apiVersion: v1',
  '  kind: ConfigMap',
  '  metadata:',
  '    name: package-catalog',
  '    annotations:',
  '      config.kubernetes.io/local-config: "true"',
  '      pkgdeps.dev/catalog: "v1"',
  '  data:',
  '    packages: |',
  ...PACKAGES.map((line) => `      ${line}`),
];

function list(group: string, kind = 'ResolveDependencies'): string {
  return [
    'apiVersion: config.kubernetes.io/v1',
    'kind: ResourceList',
    'items:',
    '- apiVersion: kpt.dev/v1',
    '  kind: Kptfile',
    '  metadata:',
    '    name: app',
    `- apiVersion: ${group}/v1`,
    `  kind: ${group.slice(0, 1).toUpperCase()}`,
    '  metadata:',
    '    name: thing',
    ...catalogItem,
    'functionConfig:',
    '  apiVersion: fn.pkgdeps.dev/v1alpha1',
    `  kind: ${kind}`,
    '  metadata:',
    '    name: config',
    '  target: edge01',
    ...(kind === 'EmitPackageVariants' ? ['  downstreamRepository: edge01'] : []),
    '',
  ].join('\n');
}

const catalogNode = () => parseDocument(catalogItem.map((line) => line.slice(2)).join('\n')).contents as YAMLMap;
const errors = (output: { results: Array<{ severity: string; message: string }> }) =>
  output.results.filter((result) => result.severity === 'error').map((result) => result.message);

describe('a function reads the packages its lookups find (rule catalog-lazy)', () => {
  it('resolves against a sound package beside a broken one it never looks at', () => {
    const output = processText(list('a.io'), resolveDependencies, 'resolve-dependencies');
    expect(errors(output)).toEqual([]);
    expect(output.exitCode).toBe(0);
    expect(output.stdout).toContain('pkgdeps.dev/depends-on: "cat/good"');
  });

  it.each([
    ['resolve-dependencies', resolveDependencies, 'ResolveDependencies'],
    ['emit-package-variants', emitPackageVariants, 'EmitPackageVariants'],
    ['validate-dependencies', validateDependencies, 'ValidateDependencies'],
  ] as const)(
    '%s reports a problem in a package it looks up, as a catalog error, and changes nothing',
    (name, fn, kind) => {
      const input = list('b.io', kind);
      const output = processText(input, fn, name);
      expect(errors(output)).toEqual([BROKEN]);
      expect(output.exitCode).toBe(1);
      expect(output.stdout.slice(0, output.stdout.indexOf('\nresults:'))).toBe(input.trimEnd());
    },
  );

  it('looks up a group in every package some revision of which lists it, also when a later one drops it', () => {
    const output = processText(list('c.io'), resolveDependencies, 'resolve-dependencies');
    expect(errors(output)).toEqual([
      'ConfigMap package-catalog: data.packages: [2].revisions[1].provides.add[0]: its scope, after the resource, must be Namespaced, Cluster or empty, found "d.io/v1/D/ds/Bad"',
    ]);
  });
});

describe('what reads a catalog whole reports every problem (rule catalog-lazy)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pkgdeps-lazy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('readCatalog, as build-catalog and the catalog commands call it', () => {
    expect(readCatalog(catalogNode()).results.map((result) => result.message)).toContain(BROKEN);
    expect(readCatalog(catalogNode(), undefined, 'as-looked-up').results).toEqual([]);
  });

  it('build-catalog, on the catalog it merges into', () => {
    const input = ['apiVersion: config.kubernetes.io/v1', 'kind: ResourceList', 'items:', ...catalogItem, ''].join(
      '\n',
    );
    expect(errors(processText(input, buildCatalog, 'build-catalog'))).toContain(BROKEN);
  });

  it('pkgdeps why and graph (loadCatalogFile)', () => {
    const file = join(dir, 'catalog.yaml');
    writeFileSync(file, `${catalogItem.map((line) => line.slice(2)).join('\n')}\n`);
    const loaded = loadCatalogFile(file, { preferences: [] });
    expect(loaded.index).toBeUndefined();
    expect(loaded.results.map((result) => result.message)).toContain(BROKEN);
  });
});

describe('CatalogPackages', () => {
  const raws = JSON.parse(PACKAGES.join('\n')) as RawPackage[];
  const reporter = (problem: Problem) => makeResult(problem.severity, problem.code, problem.message);
  const packagesOf = (entries: unknown[], readNow = false) => {
    const packages = new CatalogPackages(reporter);
    for (const raw of entries) packages.add(raw, readNow);
    return packages;
  };
  const messages = (packages: CatalogPackages) => packages.takeResults().map((result) => result.message);

  it('reads each package once, and reports its problems once', () => {
    const packages = packagesOf(raws);
    expect(packages.at(1)).toBe(packages.at(1));
    expect(packages.takeResults().map((result) => result.message)).toEqual([
      '[1].revisions[0].provides[0]: its scope, after the resource, must be Namespaced, Cluster or empty, found "b.io/v1/B/bs/Sideways"',
    ]);
    expect(packages.takeResults()).toEqual([]);
  });

  it('finds a group in the packages that list it, reading only those', () => {
    const packages = packagesOf(raws);
    expect(packages.withGroup('a.io').map((pkg) => pkg.package)).toEqual(['good']);
    expect(packages.withGroup('c.io').map((pkg) => pkg.package)).toEqual(['dropped']);
    expect(packages.withGroup('x.io')).toEqual([]);
    expect(packages.takeResults().map((result) => result.message)).toEqual([
      '[2].revisions[1].provides.add[0]: its scope, after the resource, must be Namespaced, Cluster or empty, found "d.io/v1/D/ds/Bad"',
    ]);
  });

  it('a package read as it is added keeps its problems until it is looked up', () => {
    const packages = packagesOf(raws, true);
    expect(messages(packages)).toEqual([]);
    packages.at(0);
    expect(messages(packages)).toEqual([]);
    packages.at(1);
    expect(messages(packages)).toEqual([
      '[1].revisions[0].provides[0]: its scope, after the resource, must be Namespaced, Cluster or empty, found "b.io/v1/B/bs/Sideways"',
    ]);
  });

  it("checks a package's schema when it is looked up; an entry whose names break it makes every package read", () => {
    const unknownField = {
      repository: 'cat',
      package: 'x',
      revisions: [{ revision: '1', lifecycle: 'Published', provide: [] }],
    };
    const noPackage = { repository: 'cat', revisions: [{ revision: '1', lifecycle: 'Published' }] };
    const packages = packagesOf([raws[0], unknownField, noPackage]);
    expect(packages.allNamed()).toBe(false);
    expect(messages(packages)).toEqual([]);
    packages.at(1);
    expect(messages(packages)).toEqual([
      "[1].revisions[0]: must NOT have additional property 'provide' (accepted: revision, workspaceName, lifecycle, provides, requires, dependsOn, objects, requiresObjects)",
    ]);
    const text = JSON.stringify([...raws, noPackage]);
    const node = catalogNode();
    node.setIn(['data', 'packages'], text);
    expect(readCatalog(node, undefined, 'as-looked-up').results.map((result) => result.message)).toEqual([
      BROKEN,
      'ConfigMap package-catalog: data.packages: [2].revisions[1].provides.add[0]: its scope, after the resource, must be Namespaced, Cluster or empty, found "d.io/v1/D/ds/Bad"',
      "ConfigMap package-catalog: data.packages: [3]: must have required property 'package'",
    ]);
  });

  it('an index over a catalog read as looked up reads the packages a lookup finds', () => {
    const { catalog } = readCatalog(catalogNode(), undefined, 'as-looked-up');
    if (catalog === undefined) throw new Error('the catalog does not read');
    const index = new ApiIndex(catalog);
    expect(index.kindOffers('a.io', 'A').map((offer) => offer.pkg.package)).toEqual(['good']);
    expect(index.takeReadProblems()).toEqual([]);
    expect(index.pkg({ repository: 'cat', package: 'broken' })?.revisions).toHaveLength(1);
    expect(index.takeReadProblems().map((result) => result.message)).toEqual([BROKEN]);
  });
});
