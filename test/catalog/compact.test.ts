import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { isMap, isSeq, parse, parseDocument, stringify } from 'yaml';
import type { Document, YAMLMap } from 'yaml';
import { DATA_KEYS, isCatalogNode, readCatalog } from '../../src/catalog/index.js';
import type {
  CatalogPackage,
  CatalogRevision,
  InstalledEntry,
  ObjectRef,
  PlatformEntry,
  ProvidedApi,
} from '../../src/catalog/index.js';
import { packagesText, setDataText } from '../../src/catalog-build/index.js';
import { installedText, platformText } from '../../src/cluster/output.js';
import { processText } from '../../src/krm/index.js';
import { inputModel, renderInput } from '../support/arbitraries.js';
import { readInstalledText, readPackagesText, readPlatformText } from '../support/catalog-data.js';
import { registeredFunctions } from '../support/invariants.js';
import { catalogNode } from './helpers.js';

/**
 * docs/SPEC.md rule catalog-compact: the compact notation the writers use and the hand-written map form of
 * one catalog read as the same catalog, and every function gives the same output for either.
 */

const runs = Number(process.env.PKGDEPS_PROPERTY_RUNS ?? 60);

// ---- catalogs that use every corner of the notation ----

/** Names with the characters the string forms split on, and a group spelled like an object kind. */
const word = fc.constantFrom('a', 'b.io', 'cert-manager.io', '', 'x/y', 'a,b', 'v1@2', 'Namespace', 'Issuer');
const name = fc.constantFrom('a', 'b-c', 'x/y', 'v1@2', 'true', '3', 'Namespace');

const providedApi: fc.Arbitrary<ProvidedApi> = fc.oneof(
  fc
    .record({
      group: word,
      kind: name,
      resource: fc.option(name, { nil: undefined }),
      versions: fc.array(fc.constantFrom('v1', 'v2', 'v1beta1', 'a,b', 'x/y'), { minLength: 1, maxLength: 3 }),
      scope: fc.option(fc.constantFrom('Namespaced' as const, 'Cluster' as const), { nil: undefined }),
    })
    .map(({ resource, scope, ...api }) => ({
      ...api,
      source: 'CustomResourceDefinition' as const,
      ...(resource === undefined ? {} : { resource }),
      ...(scope === undefined ? {} : { scope }),
    })),
  fc
    .record({ group: word, versions: fc.array(fc.constantFrom('v1', 'v2'), { minLength: 1, maxLength: 2 }) })
    .map((api) => ({ ...api, source: 'APIService' as const })),
);
const objectRef: fc.Arbitrary<ObjectRef> = fc.oneof(
  fc.record({ kind: fc.constantFrom('Namespace' as const, 'StorageClass' as const), name }),
  fc.record({ kind: fc.constant('Issuer' as const), namespace: name, name }),
  fc.record({ kind: fc.constant('Issuer' as const), name }),
);
const ref = fc.record({ repository: name, package: name });
const lists = {
  provides: fc.array(providedApi, { maxLength: 4 }),
  requires: fc.array(fc.record({ group: word, version: name, kind: name }), { maxLength: 3 }),
  dependsOn: fc.array(ref, { maxLength: 3 }),
  objects: fc.array(objectRef, { maxLength: 3 }),
  requiresObjects: fc.array(objectRef, { maxLength: 3 }),
};
type Lists = Pick<CatalogRevision, keyof typeof lists>;

/** A revision's lists: new ones, or the previous revision's with some entries dropped and some added. */
function nextLists(previous: Lists | undefined): fc.Arbitrary<Lists> {
  const fresh = fc.record(lists);
  if (previous === undefined) return fresh;
  const edited = fc.record(lists).chain((added) =>
    fc.record({
      provides: keepSome(previous.provides, added.provides),
      requires: keepSome(previous.requires, added.requires),
      dependsOn: keepSome(previous.dependsOn, added.dependsOn),
      objects: keepSome(previous.objects, added.objects),
      requiresObjects: keepSome(previous.requiresObjects, added.requiresObjects),
    }),
  );
  return fc.oneof(fresh, edited, fc.constant(previous));
}

function keepSome<T>(previous: T[], added: T[]): fc.Arbitrary<T[]> {
  return fc.subarray(previous).chain((kept) => fc.shuffledSubarray(added).map((extra) => [...kept, ...extra]));
}

const revisionHead = fc.record({
  revision: fc.constantFrom('1', '2', 'v3', '1.0.0', 'main'),
  workspaceName: fc.option(name, { nil: undefined }),
  lifecycle: fc.constantFrom('Published' as const, 'Draft' as const),
});

function revisions(count: number, previous?: Lists): fc.Arbitrary<CatalogRevision[]> {
  if (count === 0) return fc.constant([]);
  return fc.tuple(revisionHead, nextLists(previous)).chain(([head, listed]) => {
    const { workspaceName, ...rest } = head;
    const revision: CatalogRevision = { ...rest, ...(workspaceName === undefined ? {} : { workspaceName }), ...listed };
    return revisions(count - 1, listed).map((later) => [revision, ...later]);
  });
}

const catalogPackage: fc.Arbitrary<CatalogPackage> = fc
  .record({ ref, count: fc.integer({ min: 1, max: 4 }) })
  .chain(({ ref: pkg, count }) => revisions(count).map((revs) => ({ ...pkg, revisions: revs })));

const installedEntry: fc.Arbitrary<InstalledEntry> = fc.record({
  target: fc.constantFrom('edge01', 'edge02', '7', 'a/b'),
  repository: name,
  package: name,
  revision: fc.constantFrom('1', 'v2@x', '3', 'main'),
});

const platformItem: fc.Arbitrary<PlatformEntry | ObjectRef> = fc.oneof(
  fc.record({ group: word }),
  fc.record({ group: word, kind: name }),
  objectRef,
);

/** The hand-written map form, block YAML, as a person writes it (what `yaml` prints). */
const handWrittenYaml = (value: unknown) => stringify(value);

describe('the compact notation and the map form give the same catalog (docs/SPEC.md rule catalog-compact)', () => {
  it('packages: the writer, read back, and the map form, read, are the packages', () => {
    fc.assert(
      fc.property(fc.array(catalogPackage, { maxLength: 4 }), (packages) => {
        expect(readPackagesText(packagesText(packages))).toEqual(packages);
        expect(readPackagesText(handWrittenYaml(packages))).toEqual(packages);
        expect(readPackagesText(JSON.stringify(packages))).toEqual(packages);
      }),
      { numRuns: runs * 5 },
    );
  });

  it('installed and platform: the writer, read back, and the map form, read, are the entries', () => {
    fc.assert(
      fc.property(
        fc.array(installedEntry, { maxLength: 6 }),
        fc.array(platformItem, { maxLength: 4 }),
        (installed, items) => {
          expect(readInstalledText(installedText(installed))).toEqual(installed);
          expect(readInstalledText(handWrittenYaml(installed))).toEqual(installed);
          const apis = items.filter((item): item is PlatformEntry => !('name' in item));
          const objects = items.filter((item): item is ObjectRef => 'name' in item);
          expect(readPlatformText(platformText(apis, objects))).toEqual([...apis, ...objects]);
          expect(readPlatformText(handWrittenYaml(items))).toEqual(items);
        },
      ),
      { numRuns: runs * 5 },
    );
  });

  it('writes each list the shortest way: strings, and a change against the previous revision', () => {
    const api = (kind: string, versions: string[]): ProvidedApi => ({
      group: 'a.io',
      kind,
      resource: `${kind.toLowerCase()}s`,
      versions,
      scope: 'Namespaced',
      source: 'CustomResourceDefinition',
    });
    const revision = (name: string, provides: ProvidedApi[]): CatalogRevision => ({
      revision: name,
      lifecycle: 'Published',
      provides,
      requires: [],
      dependsOn: [{ repository: 'r', package: 'dep' }],
      objects: [],
      requiresObjects: [],
    });
    const text = packagesText([
      {
        repository: 'r',
        package: 'p',
        revisions: [
          revision('1', [api('A', ['v1']), api('B', ['v1']), api('C', ['v1'])]),
          revision('2', [api('A', ['v1', 'v2']), api('B', ['v1']), api('C', ['v1'])]),
          revision('3', [api('A', ['v1', 'v2']), api('C', ['v1']), api('D', ['v1'])]),
          revision('4', [api('A', ['v1', 'v2']), api('C', ['v1']), api('D', ['v1'])]),
        ],
      },
    ]);
    expect(text).toBe(`[
{"repository":"r","package":"p","revisions":[
  {"revision":"1","lifecycle":"Published","provides":["a.io/v1/A/as","a.io/v1/B/bs","a.io/v1/C/cs"],"dependsOn":["r/dep"]},
  {"revision":"2","lifecycle":"Published","provides":{"add":["a.io/v1,v2/A/as"]},"dependsOn":{}},
  {"revision":"3","lifecycle":"Published","provides":{"drop":["a.io/B"],"add":["a.io/v1/D/ds"]},"dependsOn":{}},
  {"revision":"4","lifecycle":"Published","provides":{},"dependsOn":{}}]}
]
`);
  });
});

describe('a change {}', () => {
  it("is the previous revision's list as it is, in any order; with entries, the list takes build-catalog's order", () => {
    const packages = readPackagesText(
      JSON.stringify([
        {
          repository: 'r',
          package: 'p',
          revisions: [
            { revision: '1', lifecycle: 'Published', requires: ['b.io/v1/B', 'a.io/v1/A'] },
            { revision: '2', lifecycle: 'Published', requires: {} },
            { revision: '3', lifecycle: 'Published', requires: { add: ['c.io/v1/C'] } },
          ],
        },
      ]),
    );
    const requires = packages[0]?.revisions.map((revision) => revision.requires.map((api) => api.group).join(','));
    expect(requires).toEqual(['b.io,a.io', 'b.io,a.io', 'a.io,b.io,c.io']);
    expect(packagesText(packages)).toContain('{"revision":"2","lifecycle":"Published","requires":{}}');
  });
});

describe('the example of docs/SPEC.md rule catalog-compact', () => {
  it('is what the writers write for the catalog it reads as', () => {
    const spec = readFileSync(new URL('../../docs/SPEC.md', import.meta.url), 'utf8');
    const rule = spec.slice(spec.indexOf('### Rule catalog-compact'));
    const block = /```yaml\n([^]*?)```/.exec(rule.slice(0, rule.indexOf('### Rule', 10)))?.[1] ?? '';
    const data = (parse(block) as { data: Record<string, string> }).data;
    const { catalog, results } = readCatalog(catalogNode(data));
    expect(results).toEqual([]);
    if (catalog === undefined) return;
    const provides = catalog.packages[0]?.revisions[1]?.provides ?? [];
    expect(provides.map((api) => `${api.kind ?? ''} ${api.versions.join(',')}`)).toEqual([
      'BGPPeer v1beta1',
      'IPAddressPool v1beta1,v1',
      'L2Advertisement v1beta1',
    ]);
    expect(packagesText(catalog.packages)).toBe(data.packages);
    expect(installedText(catalog.installed)).toBe(data.installed);
    expect(platformText(catalog.platform, catalog.platformObjects)).toBe(data.platform);
  });
});

// ---- every function, on a catalog in either form ----

/** The data keys of a catalog node that are not catalog keys: function config fields (rule catalog-lookup). */
function configKeys(node: YAMLMap): Set<string> {
  const data: unknown = node.get('data', true);
  if (!isMap(data)) return new Set();
  const keys = data.items.map((pair) => String((pair.key as { value?: unknown } | null)?.value));
  return new Set(keys.filter((key) => !(DATA_KEYS as readonly string[]).includes(key)));
}

/** The catalog nodes of a ResourceList document: items and function config. */
function catalogNodes(doc: Document): YAMLMap[] {
  const root = doc.contents;
  if (!isMap(root)) return [];
  const items: unknown = root.get('items', true);
  const config: unknown = root.get('functionConfig', true);
  const nodes = [...(isSeq(items) ? items.items : []), config].filter((node): node is YAMLMap => isMap(node));
  return nodes.filter(isCatalogNode);
}

/** The input with every catalog that reads without errors rewritten by the writers; undefined when none does. */
function compacted(text: string): string | undefined {
  const doc = parseDocument(text);
  let changed = false;
  for (const node of catalogNodes(doc)) {
    const { catalog } = readCatalog(node, configKeys(node));
    if (catalog === undefined) continue;
    const data = node.get('data', true) as unknown as YAMLMap;
    setDataText(node, 'packages', packagesText(catalog.packages));
    if (data.has('installed')) setDataText(node, 'installed', installedText(catalog.installed));
    if (data.has('platform')) setDataText(node, 'platform', platformText(catalog.platform, catalog.platformObjects));
    changed = true;
  }
  return changed ? doc.toString() : undefined;
}

/** The output as values, each catalog ConfigMap's `data` replaced by the catalog it reads as. */
function meaning(stdout: string): unknown {
  const doc = parseDocument(stdout);
  const catalogs = new Map(catalogNodes(doc).map((node) => [node, readCatalog(node, configKeys(node))]));
  for (const [node, read] of catalogs) node.set('data', doc.createNode(read));
  return doc.toJS();
}

const functions = await registeredFunctions();

describe.each(functions)('$name on a catalog in either form', ({ name, processor, spec }) => {
  it('gives the same output', () => {
    let compared = 0;
    fc.assert(
      fc.property(inputModel, ({ list, config }) => {
        const text = renderInput(list, spec, config);
        const compact = compacted(text);
        if (compact === undefined) return;
        compared += 1;
        const handWritten = processText(text, processor, name);
        const written = processText(compact, processor, name);
        expect(written.exitCode).toBe(handWritten.exitCode);
        expect(meaning(written.stdout)).toEqual(meaning(handWritten.stdout));
      }),
      { numRuns: runs },
    );
    expect(compared, 'the generator gave catalogs that read').toBeGreaterThan(runs / 4);
  });
});

// ---- what the reader says about broken compact entries ----

const PREFIX = 'ConfigMap package-catalog: ';

function messages(data: Record<string, string>): string[] {
  return readCatalog(catalogNode(data)).results.map((result) => result.message);
}

describe('broken compact entries name their path inside the key', () => {
  it('strings of each list, and the map keywords of a change', () => {
    const packages = JSON.stringify([
      {
        repository: 'r',
        package: 'p',
        revisions: [
          {
            revision: '1',
            lifecycle: 'Published',
            provides: ['a.io/v1/A/as', 'a.io', 'a.io/v1/A/as/Global', 'a.io//A', null],
            requires: ['a.io/A'],
            dependsOn: ['p'],
            objects: ['Secret/x'],
          },
          {
            revision: '2',
            lifecycle: 'Published',
            provides: { drop: ['a.io/Z'], add: ['a.io/v1'], keep: true },
            requires: 'all',
          },
        ],
      },
      { repository: 'r', package: 'q', revisions: [{ revision: '1', lifecycle: 'Published', objects: {} }] },
    ]);
    expect(messages({ packages })).toEqual(
      [
        '[0].revisions[0].provides[4]: must be string or object, found null',
        "[0].revisions[1].provides: must NOT have additional property 'keep' (accepted: drop, add): a list, or a change {drop, add} against the previous revision (docs/SPEC.md rule catalog-compact)",
        '[0].revisions[1].requires: must be array or object, found "all"',
        // Each package is checked alone (docs/SPEC.md rule catalog-lazy): the second is read, the first broken.
        '[1].revisions[0].objects: a change {drop, add} needs a revision before it in the list; list the entries instead',
      ].map((message) => `${PREFIX}data.packages: ${message}`),
    );
    const fixed = packages
      .replace(',null]', ']')
      .replace(',"keep":true', '')
      .replace('"requires":"all"', '"requires":{}');
    expect(messages({ packages: fixed })).toEqual(
      [
        '[0].revisions[0].provides[1]: must be "<group>/<versions>/<Kind>/<resource>" (a CustomResourceDefinition) or "<group>/<versions>" (an APIService), found "a.io"',
        '[0].revisions[0].provides[2]: its scope, after the resource, must be Namespaced, Cluster or empty, found "a.io/v1/A/as/Global"',
        '[0].revisions[0].provides[3]: must list its versions between the first two "/", comma-separated, found "a.io//A"',
        '[0].revisions[0].requires[0]: must be "<group>/<version>/<Kind>", found "a.io/A"',
        '[0].revisions[0].dependsOn[0]: must be "<repository>/<package>", found "p"',
        '[0].revisions[0].objects[0]: must be "<Kind>/<name>" or "Issuer/<namespace>/<name>" of a kind of named object, found "Secret/x"',
        '[0].revisions[1].provides.drop[0]: the previous revision\'s provides has no entry "a.io/Z"; drop names an entry by its key, "<group>/<Kind>" ("<group>" for an APIService entry): expected "a.io/A"',
        '[1].revisions[0].objects: a change {drop, add} needs a revision before it in the list; list the entries instead',
      ].map((message) => `${PREFIX}data.packages: ${message}`),
    );
  });

  it('a drop that names an entry by its string, not its key, is told the key', () => {
    const revision = (n: string, provides: unknown, objects: unknown) => ({
      revision: n,
      lifecycle: 'Published',
      provides,
      objects,
    });
    const packages = JSON.stringify([
      {
        repository: 'r',
        package: 'p',
        revisions: [
          revision('1', ['a.io/v1/A/as', { group: 'a.io', kind: 'B', versions: ['v1'] }, 'm.io/v1'], ['Namespace/n']),
          revision('2', { drop: ['a.io/v1/B', 'm.io/v1', 'b.io/C'] }, { drop: ['Namespace/m'] }),
        ],
      },
    ]);
    expect(messages({ packages })).toEqual(
      [
        '[0].revisions[1].provides.drop[0]: the previous revision\'s provides has no entry "a.io/v1/B"; drop names an entry by its key, "<group>/<Kind>" ("<group>" for an APIService entry): expected "a.io/B"',
        '[0].revisions[1].provides.drop[1]: the previous revision\'s provides has no entry "m.io/v1"; drop names an entry by its key, "<group>/<Kind>" ("<group>" for an APIService entry): expected "m.io"',
        '[0].revisions[1].provides.drop[2]: the previous revision\'s provides has no entry "b.io/C"; drop names an entry by its key, "<group>/<Kind>" ("<group>" for an APIService entry): expected one of "a.io/A", "a.io/B", "m.io"',
        '[0].revisions[1].objects.drop[0]: the previous revision\'s objects has no entry "Namespace/m"; drop names an entry by its key, the entry\'s string: expected "Namespace/n"',
      ].map((message) => `${PREFIX}data.packages: ${message}`),
    );
  });

  it('installed groups and platform strings', () => {
    const packages = '[{"repository":"r","package":"p","revisions":[{"revision":"1","lifecycle":"Published"}]}]';
    expect(
      messages({
        packages,
        installed: '[{"target":"edge01","packages":["r/p@1","r/p","r/p@1"]},{"target":"edge02"}]',
      }),
    ).toEqual([
      `${PREFIX}data.installed: [1]: must have required property 'repository'`,
      `${PREFIX}data.installed: [1]: must have required property 'package'`,
      `${PREFIX}data.installed: [1]: must have required property 'revision'`,
    ]);
    expect(
      messages({
        packages,
        installed: '[{"target":"edge01","packages":["r/p@1","r/p","r/p@1","r/q@2"]}]',
        platform: '["a.io/A/B","Namespace/"]',
      }),
    ).toEqual([
      `${PREFIX}data.installed: [0].packages[1]: must be "<repository>/<package>@<revision>", found "r/p"`,
      `${PREFIX}data.installed: [0].packages[2]: target edge01 lists r/p again (first at [0].packages[0]); a target runs one revision of a package, keep one entry`,
      `${PREFIX}data.installed: [0].packages[3]: target edge01 runs r/q, which data.packages does not list; add the package to the catalog or remove the entry`,
      `${PREFIX}data.platform: [0]: must be "<group>", "<group>/<Kind>" or a named object "<Kind>/<name>", found "a.io/A/B"`,
      `${PREFIX}data.platform: [1]: must be "<Kind>/<name>" or "Issuer/<namespace>/<name>" of a kind of named object, found "Namespace/"`,
    ]);
  });

  it('JSON holding a number is read as YAML reads it: the text written', () => {
    const packages =
      '[{"repository":"r","package":"p","revisions":[{"revision":12345678901234567890,"lifecycle":"Published"}]}]';
    expect(readCatalog(catalogNode({ packages })).catalog?.packages[0]?.revisions[0]?.revision).toBe(
      '12345678901234567890',
    );
    const flow = '[{repository: r, package: p, revisions: [{revision: 3, lifecycle: Published}]}]';
    expect(readCatalog(catalogNode({ packages: flow })).catalog?.packages[0]?.revisions[0]?.revision).toBe('3');
  });
});
