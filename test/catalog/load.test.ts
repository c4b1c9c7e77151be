import { describe, expect, test } from 'vitest';
import { ApiIndex, findCatalogNode, readCatalog } from '../../src/catalog/index.js';
import type { Catalog } from '../../src/catalog/index.js';
import type { Result } from '../../src/krm/types.js';
import { catalogNode, mapNode } from './helpers.js';

const PREFIX = 'ConfigMap package-catalog: ';

function messages(results: Result[]): string[] {
  return results.map((result) => result.message);
}

/** A valid package entry in flow style, for filling lists. */
function pkg(name: string, revisions = '[{revision: "1", lifecycle: Published}]'): string {
  return `- {repository: repo, package: ${name}, revisions: ${revisions}}`;
}

/** Messages of reading a catalog with these data strings, which must fail. */
function errors(data: Record<string, string>): string[] {
  const { catalog, results } = readCatalog(catalogNode(data));
  expect(catalog).toBeUndefined();
  return messages(results);
}

describe('readCatalog: a valid catalog', () => {
  test('reads and normalises the example of docs/SPEC.md section 3', () => {
    const { catalog, results } = readCatalog(
      catalogNode({
        packages: `
- repository: catalog-distros-sandbox
  package: metallb
  revisions:
    - revision: 3
      workspaceName: v3
      lifecycle: Published
      provides:
        - {group: metallb.io, kind: IPAddressPool, resource: ipaddresspools, versions: [v1beta1], scope: Namespaced}
        - {group: metrics.example.io, versions: [v1beta1], source: APIService}
      requires:
        - {group: cert-manager.io, version: v1, kind: Certificate}
      dependsOn:
        - {repository: catalog-distros-sandbox, package: cert-manager}
- repository: catalog-distros-sandbox
  package: cert-manager
  revisions:
    - {revision: "2", lifecycle: Published, provides: [{group: cert-manager.io, kind: Certificate, versions: [v1]}]}
`,
        installed: '- {target: edge01, repository: catalog-distros-sandbox, package: cert-manager, revision: 2}',
        platform: '- {group: monitoring.coreos.com}\n- {group: example.com, kind: Widget}',
      }),
    );
    expect(results).toEqual([]);
    const expected: Catalog = {
      name: 'package-catalog',
      packages: [
        {
          repository: 'catalog-distros-sandbox',
          package: 'metallb',
          revisions: [
            {
              revision: '3',
              workspaceName: 'v3',
              lifecycle: 'Published',
              provides: [
                {
                  group: 'metallb.io',
                  kind: 'IPAddressPool',
                  resource: 'ipaddresspools',
                  versions: ['v1beta1'],
                  scope: 'Namespaced',
                  source: 'CustomResourceDefinition',
                },
                { group: 'metrics.example.io', versions: ['v1beta1'], source: 'APIService' },
              ],
              requires: [{ group: 'cert-manager.io', version: 'v1', kind: 'Certificate' }],
              dependsOn: [{ repository: 'catalog-distros-sandbox', package: 'cert-manager' }],
              objects: [],
              requiresObjects: [],
            },
          ],
        },
        {
          repository: 'catalog-distros-sandbox',
          package: 'cert-manager',
          revisions: [
            {
              revision: '2',
              lifecycle: 'Published',
              provides: [
                { group: 'cert-manager.io', kind: 'Certificate', versions: ['v1'], source: 'CustomResourceDefinition' },
              ],
              requires: [],
              dependsOn: [],
              objects: [],
              requiresObjects: [],
            },
          ],
        },
      ],
      installed: [{ target: 'edge01', repository: 'catalog-distros-sandbox', package: 'cert-manager', revision: '2' }],
      platform: [{ group: 'monitoring.coreos.com' }, { group: 'example.com', kind: 'Widget' }],
      platformObjects: [],
    };
    expect(catalog).toStrictEqual(expected);
  });

  test('installed and platform are optional; empty strings are empty lists', () => {
    expect(readCatalog(catalogNode({ packages: pkg('a') })).catalog).toMatchObject({ installed: [], platform: [] });
    const { catalog } = readCatalog(catalogNode({ packages: '[]', installed: '# nothing yet', platform: '' }));
    expect(catalog).toStrictEqual({
      name: 'package-catalog',
      packages: [],
      installed: [],
      platform: [],
      platformObjects: [],
    });
  });

  test('the group of the core API may be empty', () => {
    const { catalog } = readCatalog(
      catalogNode({
        packages: pkg(
          'a',
          '[{revision: "1", lifecycle: Published, requires: [{group: "", version: v1, kind: Secret}]}]',
        ),
      }),
    );
    expect(catalog?.packages[0]?.revisions[0]?.requires).toEqual([{ group: '', version: 'v1', kind: 'Secret' }]);
  });
});

describe('readCatalog: the annotation', () => {
  test('another format version is an error naming the expected and the actual value', () => {
    const { catalog, results } = readCatalog(catalogNode({ packages: '[]' }, 'package-catalog', '"v2"'));
    expect(catalog).toBeUndefined();
    expect(results).toEqual([
      {
        severity: 'error',
        tags: { 'pkgdeps.dev/code': 'catalog-unmarked' },
        message: `${PREFIX}annotation pkgdeps.dev/catalog is "v2", expected "v1" (the catalog format this version of pkgdeps reads)`,
        resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'package-catalog' },
        field: { path: 'metadata.annotations', currentValue: 'v2', proposedValue: 'v1' },
      },
    ]);
  });

  test('an unquoted number or an empty value is not "v1"', () => {
    expect(messages(readCatalog(catalogNode({ packages: '[]' }, 'package-catalog', '1')).results)).toEqual([
      `${PREFIX}annotation pkgdeps.dev/catalog is 1, expected "v1" (the catalog format this version of pkgdeps reads)`,
    ]);
    expect(messages(readCatalog(catalogNode({ packages: '[]' }, 'package-catalog', '')).results)[0]).toContain(
      'annotation pkgdeps.dev/catalog is null, expected "v1"',
    );
  });

  test('an unquoted v1 is fine', () => {
    expect(readCatalog(catalogNode({ packages: '[]' }, 'package-catalog', 'v1')).results).toEqual([]);
  });
});

describe('readCatalog: schema violations', () => {
  test('the example of docs/SPEC.md section 3, with ConfigMap, key and path', () => {
    const fourth = pkg(
      'd',
      '[{revision: "1", lifecycle: Published, provides: [{group: a.io, kind: A, versions: [v1]}, {kind: B, versions: [v1]}]}]',
    );
    const { results } = readCatalog(catalogNode({ packages: [pkg('a'), pkg('b'), pkg('c'), fourth].join('\n') }));
    expect(results).toEqual([
      {
        severity: 'error',
        tags: { 'pkgdeps.dev/code': 'catalog-invalid' },
        message: `${PREFIX}data.packages: [3].revisions[0].provides[1]: must have required property 'group'`,
        resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'package-catalog' },
        field: { path: 'data.packages' },
      },
    ]);
  });

  test('reports every violation as its own result', () => {
    expect(
      errors({
        packages: `
- repository: repo
  package: a
  revisions:
    - revision: true
      lifecycle: published
      workspacename: v1
      provides:
        - {group: a.io, kind: A, versions: [], scope: namespaced}
        - {group: a.io, kind: "", versions: [v1], source: CRD}
      requires:
        - {group: b.io, version: v1}
      dependsOn:
        - {repository: repo}
- {repository: "", package: b, revisions: []}
- {package: c, revisions: [{lifecycle: Draft}]}
`,
      }),
    ).toEqual(
      [
        "[0].revisions[0]: must NOT have additional property 'workspacename' (accepted: revision, workspaceName, lifecycle, provides, requires, dependsOn, objects, requiresObjects)",
        '[0].revisions[0].revision: must be string, found true',
        '[0].revisions[0].lifecycle: must be one of Draft, Proposed, Published, DeletionProposed, found "published"',
        '[0].revisions[0].provides[0].versions: must NOT have fewer than 1 items',
        '[0].revisions[0].provides[0].scope: must be one of Namespaced, Cluster, found "namespaced"',
        '[0].revisions[0].provides[1].kind: must NOT have fewer than 1 characters',
        '[0].revisions[0].provides[1].source: must be one of CustomResourceDefinition, APIService, found "CRD"',
        "[0].revisions[0].requires[0]: must have required property 'kind'",
        "[0].revisions[0].dependsOn[0]: must have required property 'package'",
        '[1].repository: must NOT have fewer than 1 characters',
        '[1].revisions: must NOT have fewer than 1 items',
        "[2]: must have required property 'repository'",
        "[2].revisions[0]: must have required property 'revision'",
      ].map((message) => `${PREFIX}data.packages: ${message}`),
    );
  });

  test('a data string that is not a list', () => {
    expect(errors({ packages: 'repository: repo' })).toEqual([`${PREFIX}data.packages: must be array, found a map`]);
    expect(errors({ packages: pkg('a'), platform: 'monitoring.coreos.com' })).toEqual([
      `${PREFIX}data.platform: must be array, found "monitoring.coreos.com"`,
    ]);
  });

  test('installed and platform entries', () => {
    expect(
      errors({
        packages: pkg('a'),
        installed: '- {repository: repo, package: a, revision: [1]}',
        platform: '- {group: a.io, kinds: [A]}\n- {group: false}',
      }),
    ).toEqual([
      `${PREFIX}data.installed: [0]: must have required property 'target'`,
      `${PREFIX}data.installed: [0].revision: must be string, found a list`,
      `${PREFIX}data.platform: [0]: must NOT have additional property 'kinds' (accepted: group, kind, name, namespace)`,
      `${PREFIX}data.platform: [1].group: must be string, found false`,
    ]);
  });

  test('every result points at its data key', () => {
    const { results } = readCatalog(catalogNode({ packages: '- {}', installed: '- {}', platform: '- {}' }));
    expect(results.map((result) => result.field?.path)).toEqual([
      'data.packages',
      'data.packages',
      'data.packages',
      ...Array<string>(4).fill('data.installed'),
      'data.platform',
    ]);
  });
});

describe('readCatalog: provides entries', () => {
  test('an APIService entry lists only group and versions', () => {
    expect(
      errors({
        packages: pkg(
          'a',
          '[{revision: "1", lifecycle: Published, provides: [{group: m.io, kind: M, resource: ms, versions: [v1], source: APIService}]}]',
        ),
      }),
    ).toEqual([
      `${PREFIX}data.packages: [0].revisions[0].provides[0]: an APIService entry lists only group and versions (its kinds are unknown), found kind, resource; remove them or set source: CustomResourceDefinition`,
    ]);
  });

  test('a CustomResourceDefinition entry needs its kind', () => {
    const message = `${PREFIX}data.packages: [0].revisions[0].provides[0]: must have required property 'kind' (a CustomResourceDefinition entry names its kind; set source: APIService when only the group and versions are known)`;
    expect(
      errors({
        packages: pkg('a', '[{revision: "1", lifecycle: Published, provides: [{group: m.io, versions: [v1]}]}]'),
      }),
    ).toEqual([message]);
    expect(
      errors({
        packages: pkg(
          'a',
          '[{revision: "1", lifecycle: Published, provides: [{group: m.io, versions: [v1], source: CustomResourceDefinition}]}]',
        ),
      }),
    ).toEqual([message]);
  });
});

describe('readCatalog: YAML and data keys', () => {
  test('a YAML syntax error names the key and the line and column inside the string', () => {
    const { catalog, results } = readCatalog(
      catalogNode({ packages: `${pkg('a')}\n- {repository: repo, package: b: c}` }),
    );
    expect(catalog).toBeUndefined();
    expect(results).toEqual([
      {
        severity: 'error',
        tags: { 'pkgdeps.dev/code': 'catalog-invalid' },
        message: `${PREFIX}data.packages: YAML syntax error at line 2, column 32 of the string: missed comma between flow collection entries`,
        resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'package-catalog' },
        field: { path: 'data.packages' },
      },
    ]);
  });

  test('several YAML documents in one string', () => {
    expect(errors({ packages: `${pkg('a')}\n---\n${pkg('b')}` })).toEqual([
      `${PREFIX}data.packages: YAML syntax error at line 2, column 1 of the string: the string holds several YAML documents; keep one list and remove the "---" separators`,
    ]);
  });

  test('a duplicate key inside an entry', () => {
    expect(errors({ packages: '- {repository: repo, repository: other, package: a, revisions: []}' })).toEqual([
      `${PREFIX}data.packages: YAML syntax error at line 1, column 22 of the string: duplicated mapping key`,
    ]);
  });

  test('a data value written as YAML instead of a string', () => {
    const node = mapNode(`
apiVersion: v1
kind: ConfigMap
metadata:
  name: package-catalog
  annotations: {pkgdeps.dev/catalog: "v1"}
data:
  packages:
    - {repository: repo, package: a, revisions: [{revision: "1", lifecycle: Published}]}
  installed: 3
`);
    expect(messages(readCatalog(node).results)).toEqual([
      `${PREFIX}data.packages: must be a string holding YAML (write "packages: |" and indent the list below it), found a list`,
      `${PREFIX}data.installed: must be a string holding YAML (write "installed: |" and indent the list below it), found 3`,
    ]);
  });

  test('an unknown data key names the accepted keys', () => {
    const { catalog, results } = readCatalog(catalogNode({ packages: pkg('a'), plattform: '[]' }));
    expect(catalog).toBeUndefined();
    expect(results).toEqual([
      {
        severity: 'error',
        tags: { 'pkgdeps.dev/code': 'catalog-invalid' },
        message: `${PREFIX}data.plattform: not a catalog key; accepted keys are packages, installed, platform`,
        resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'package-catalog' },
        field: { path: 'data.plattform' },
      },
    ]);
  });

  test('data.packages is required', () => {
    expect(errors({ installed: '[]' })).toEqual([
      `${PREFIX}data.packages: is missing; list the catalog's packages there (an empty catalog holds packages: "[]")`,
    ]);
    const node = mapNode(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: ns, annotations: {pkgdeps.dev/catalog: v1}}\n',
    );
    expect(readCatalog(node).results).toEqual([
      {
        severity: 'error',
        tags: { 'pkgdeps.dev/code': 'catalog-invalid' },
        message:
          'ConfigMap c: data.packages: is missing; list the catalog\'s packages there (an empty catalog holds packages: "[]")',
        resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'c', namespace: 'ns' },
        field: { path: 'data.packages' },
      },
    ]);
  });

  test('data that is not a map', () => {
    const node = mapNode(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, annotations: {pkgdeps.dev/catalog: v1}}\ndata: [a]\n',
    );
    expect(messages(readCatalog(node).results)).toEqual(['ConfigMap c: data: must be a map of strings, found a list']);
  });
});

describe('readCatalog: rules across entries', () => {
  test('a revision of an unaccepted form names the package', () => {
    expect(
      errors({ packages: pkg('a', '[{revision: latest, lifecycle: Published}, {revision: "2", lifecycle: Draft}]') }),
    ).toEqual([
      `${PREFIX}data.packages: [0] repo/a: revision "latest" is not a valid revision; accepted forms are "main", an integer ("3"), "v" and an integer ("v3"), or a semantic version ("1.2.0", "v1.2.0-rc.1")`,
    ]);
  });

  test('a revision is the text written, quoted or not: never the number YAML would make of it', () => {
    // every digit of an integer past 2^53 - 1, which a YAML number would lose
    const exact = pkg(
      'a',
      '[{revision: 12345678901234567890, lifecycle: Published}, {revision: "9007199254740993", lifecycle: Draft}, ' +
        '{revision: 3, lifecycle: Draft}]',
    );
    const installed = '- {target: edge01, repository: repo, package: a, revision: 12345678901234567890}';
    const read = readCatalog(catalogNode({ packages: exact, installed }));
    expect(read.results).toEqual([]);
    expect(read.catalog?.packages[0]?.revisions.map((rev) => rev.revision)).toEqual([
      '12345678901234567890',
      '9007199254740993',
      '3',
    ]);
    expect(read.catalog?.installed[0]?.revision).toBe('12345678901234567890');
    // 1e3, 3.0, 0x10 and 010 are text of no accepted form (rule revision-order), not 1000, 3, 16 and 10
    for (const text of ['1e3', '3.0', '0x10', '010']) {
      expect(errors({ packages: pkg('a', `[{revision: ${text}, lifecycle: Published}]`) })).toEqual([
        `${PREFIX}data.packages: [0] repo/a: revision "${text}" is not a valid revision; accepted forms are "main", an integer ("3"), "v" and an integer ("v3"), or a semantic version ("1.2.0", "v1.2.0-rc.1")`,
      ]);
    }
    // an installed entry compares as text: 1e3 is not the catalog's "1000", 3.0 not "3"
    const numbered = pkg('a', '[{revision: "1000", lifecycle: Published}, {revision: "3", lifecycle: Published}]');
    const odd =
      '- {target: edge01, repository: repo, package: a, revision: 1e3}\n- {target: edge02, repository: repo, package: a, revision: 3.0}';
    const warned = readCatalog(catalogNode({ packages: numbered, installed: odd }));
    expect(messages(warned.results)).toEqual([
      `${PREFIX}data.installed: [0]: target edge01 runs repo/a revision "1e3", which data.packages does not list (it lists "1000", "3"); add the revision to the catalog or fix the entry`,
      `${PREFIX}data.installed: [1]: target edge02 runs repo/a revision "3.0", which data.packages does not list (it lists "1000", "3"); add the revision to the catalog or fix the entry`,
    ]);
    expect(warned.catalog?.installed.map((entry) => entry.revision)).toEqual(['1e3', '3.0']);
  });

  test('integer and semver revisions in one package are valid, and distinct (rule revision-order)', () => {
    const revisions =
      '[{revision: "3", lifecycle: Published}, {revision: v1.0.0, lifecycle: Published}, {revision: "1", lifecycle: Draft}]';
    const { catalog, results } = readCatalog(catalogNode({ packages: [pkg('a'), pkg('b', revisions)].join('\n') }));
    expect(results).toEqual([]);
    expect(catalog?.packages[1]?.revisions.map((rev) => rev.revision)).toEqual(['3', 'v1.0.0', '1']);
  });

  test('duplicate revisions, also when written differently', () => {
    expect(
      errors({ packages: pkg('a', '[{revision: "2", lifecycle: Published}, {revision: 2, lifecycle: Draft}]') }),
    ).toEqual([`${PREFIX}data.packages: [0] repo/a: revision "2" is listed twice; keep one entry per revision`]);
    expect(
      errors({
        packages: pkg(
          'a',
          '[{revision: "3", lifecycle: Published}, {revision: main, lifecycle: Published}, {revision: v3, lifecycle: Draft}]',
        ),
      }),
    ).toEqual([`${PREFIX}data.packages: [0] repo/a: revisions "3" and "v3" are the same revision; keep one of them`]);
  });

  test('a package listed twice', () => {
    expect(errors({ packages: [pkg('a'), pkg('b'), pkg('a')].join('\n') })).toEqual([
      `${PREFIX}data.packages: [2] repo/a: listed again (first at [0]); list each package once, with all its revisions`,
    ]);
  });

  test('installed entries the catalog does not list are warnings', () => {
    const { catalog, results } = readCatalog(
      catalogNode({
        packages: pkg('a', '[{revision: "1", lifecycle: Published}, {revision: "2", lifecycle: Published}]'),
        installed:
          '- {target: edge01, repository: repo, package: a, revision: 7}\n- {target: edge01, repository: repo, package: z, revision: "1"}',
      }),
    );
    expect(catalog?.installed).toHaveLength(2);
    expect(results).toEqual([
      {
        severity: 'warning',
        tags: { 'pkgdeps.dev/code': 'installed-unknown' },
        message: `${PREFIX}data.installed: [0]: target edge01 runs repo/a revision "7", which data.packages does not list (it lists "1", "2"); add the revision to the catalog or fix the entry`,
        resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'package-catalog' },
        field: { path: 'data.installed' },
      },
      {
        severity: 'warning',
        tags: { 'pkgdeps.dev/code': 'installed-unknown' },
        message: `${PREFIX}data.installed: [1]: target edge01 runs repo/z, which data.packages does not list; add the package to the catalog or remove the entry`,
        resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'package-catalog' },
        field: { path: 'data.installed' },
      },
    ]);
  });

  test('an installed entry names a listed revision in any spelling of the same revision ("v2" for "2")', () => {
    const { catalog, results } = readCatalog(
      catalogNode({
        packages: pkg('a', '[{revision: "1", lifecycle: Published}, {revision: "2", lifecycle: Published}]'),
        installed: '- {target: edge01, repository: repo, package: a, revision: v2}',
      }),
    );
    expect(catalog?.installed).toHaveLength(1);
    expect(results).toEqual([]);
  });

  test('one package installed twice on one target', () => {
    expect(
      errors({
        packages: pkg('a', '[{revision: "1", lifecycle: Published}, {revision: "2", lifecycle: Published}]'),
        installed:
          '- {target: edge01, repository: repo, package: a, revision: "1"}\n- {target: edge02, repository: repo, package: a, revision: "1"}\n- {target: edge01, repository: repo, package: a, revision: "2"}',
      }),
    ).toEqual([
      `${PREFIX}data.installed: [2]: target edge01 lists repo/a again (first at [0]); a target runs one revision of a package, keep one entry`,
    ]);
  });

  test('pairs of repository and package that join to the same path are different packages', () => {
    const packages = [
      '- {repository: team/x, package: lib, revisions: [{revision: "1", lifecycle: Published}]}',
      '- {repository: team, package: x/lib, revisions: [{revision: "2", lifecycle: Published}]}',
    ].join('\n');
    const { catalog, results } = readCatalog(
      catalogNode({ packages, installed: '- {target: edge01, repository: team, package: x/lib, revision: "1"}' }),
    );
    expect(messages(results)).toEqual([
      `${PREFIX}data.installed: [0]: target edge01 runs team/x/lib revision "1", which data.packages does not list ` +
        '(it lists "2"); add the revision to the catalog or fix the entry',
    ]);
    const index = new ApiIndex(catalog as Catalog);
    expect(index.pkg({ repository: 'team/x', package: 'lib' })?.revisions[0]?.revision).toBe('1');
    expect(index.pkg({ repository: 'team', package: 'x/lib' })?.revisions[0]?.revision).toBe('2');
    expect(index.installedOn('edge01', { repository: 'team/x', package: 'lib' })).toBeUndefined();
  });

  test('a platform entry that a catalog package provides is a warning: that package is never chosen for it', () => {
    const provides =
      '[{group: example.com, kind: Widget, versions: [v1]}, {group: metrics.io, versions: [v1], source: APIService}]';
    const { catalog, results } = readCatalog(
      catalogNode({
        packages: [
          pkg('a', `[{revision: "1", lifecycle: Published, provides: ${provides}}]`),
          pkg('b', `[{revision: "1", lifecycle: Draft, provides: ${provides}}]`),
        ].join('\n'),
        platform: [
          '- {group: example.com}',
          '- {group: example.com, kind: Gadget}',
          '- {group: metrics.io, kind: NodeMetrics}',
          '- {group: other.io}',
        ].join('\n'),
      }),
    );
    expect(catalog?.platform).toHaveLength(4);
    const because = 'a platform API never makes a dependency, so no catalog package is chosen for it; remove the entry';
    expect(messages(results)).toEqual([
      `${PREFIX}data.platform: [0] {group: example.com}: also provided by repo/a, repo/b; ${because}`,
      `${PREFIX}data.platform: [2] {group: metrics.io, kind: NodeMetrics}: also provided by repo/a, repo/b; ${because}`,
    ]);
    expect(results.map((result) => result.severity)).toEqual(['warning', 'warning']);
  });
});

describe('readCatalog: results name the file of the catalog', () => {
  const at = (node: ReturnType<typeof catalogNode>) => {
    node.setIn(['metadata', 'annotations', 'internal.config.kubernetes.io/path'], 'catalog/package-catalog.yaml');
    node.setIn(['metadata', 'annotations', 'internal.config.kubernetes.io/index'], '0');
    return node;
  };

  test('errors and warnings about the ConfigMap carry its path and index', () => {
    const { results } = readCatalog(at(catalogNode({ packages: '- {repository: repo}', platform: '[]' })));
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) expect(result.file).toEqual({ path: 'catalog/package-catalog.yaml', index: 0 });
    const format = readCatalog(at(catalogNode({ packages: '[]' }, 'package-catalog', '"v9"')));
    expect(format.results[0]?.file).toEqual({ path: 'catalog/package-catalog.yaml', index: 0 });
  });

  test('so does the error for a ConfigMap named as catalog but not marked as one', () => {
    const node = at(mapNode('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mine\n  annotations: {}\ndata: {}\n'));
    const found = findCatalogNode([node], undefined, 'mine');
    expect(found.results[0]?.message).toContain('ConfigMap mine (set as catalog: mine) is not marked as a catalog');
    expect(found.results[0]?.file).toEqual({ path: 'catalog/package-catalog.yaml', index: 0 });
  });
});

describe('readCatalog: named objects (docs/SPEC.md rules object-references and platform-objects)', () => {
  const objects =
    '[{kind: Namespace, name: nephio-system}, {kind: Issuer, namespace: nephio-system, name: ca}, {kind: ClusterIssuer, name: selfsigned}]';

  test('objects and requiresObjects of a revision; platform object entries beside API entries', () => {
    const { catalog, results } = readCatalog(
      catalogNode({
        packages: [
          pkg('a', `[{revision: "1", lifecycle: Published, objects: ${objects}}]`),
          pkg(
            'b',
            '[{revision: "1", lifecycle: Published, requiresObjects: [{kind: Namespace, name: nephio-system}]}]',
          ),
        ].join('\n'),
        platform:
          '- {group: example.com}\n- {kind: Namespace, name: monitoring}\n- {kind: Issuer, namespace: x, name: y}',
      }),
    );
    expect(messages(results)).toEqual([]);
    expect(catalog?.packages[0]?.revisions[0]?.objects).toEqual([
      { kind: 'Namespace', name: 'nephio-system' },
      { kind: 'Issuer', namespace: 'nephio-system', name: 'ca' },
      { kind: 'ClusterIssuer', name: 'selfsigned' },
    ]);
    expect(catalog?.packages[0]?.revisions[0]?.requiresObjects).toEqual([]);
    expect(catalog?.packages[1]?.revisions[0]?.requiresObjects).toEqual([{ kind: 'Namespace', name: 'nephio-system' }]);
    expect(catalog?.platform).toEqual([{ group: 'example.com' }]);
    expect(catalog?.platformObjects).toEqual([
      { kind: 'Namespace', name: 'monitoring' },
      { kind: 'Issuer', namespace: 'x', name: 'y' },
    ]);
    const index = new ApiIndex(catalog as Catalog);
    expect(
      index.objectOffers({ kind: 'Issuer', namespace: 'nephio-system', name: 'ca' }).map((o) => o.pkg.package),
    ).toEqual(['a']);
    expect(index.objectOffers({ kind: 'Issuer', name: 'ca' })).toEqual([]);
    expect(index.isPlatformObject({ kind: 'Namespace', name: 'monitoring' })).toBe(true);
    expect(index.isPlatformObject({ kind: 'Namespace', name: 'kube-system' })).toBe(true);
    expect(index.isPlatformObject({ kind: 'PriorityClass', name: 'system-node-critical' })).toBe(true);
    expect(index.isPlatformObject({ kind: 'Namespace', name: 'nephio-system' })).toBe(false);
  });

  test('an unknown kind, a namespace on a cluster-scoped kind, and platform entries that are neither API nor object', () => {
    expect(
      errors({
        packages: pkg(
          'a',
          '[{revision: "1", lifecycle: Published, objects: [{kind: Secret, name: s}, {kind: Namespace, namespace: x, name: y}]}]',
        ),
        platform: [
          '- {kind: Namespace}',
          '- {group: "", kind: Namespace, name: x}',
          '- {kind: Secret, name: x}',
          '- {group: example.com, namespace: x}',
          '- {kind: StorageClass, namespace: x, name: y}',
        ].join('\n'),
      }),
    ).toEqual([
      `${PREFIX}data.packages: [0].revisions[0].objects[0].kind: must be one of Namespace, StorageClass, IngressClass, ` +
        'GatewayClass, PriorityClass, RuntimeClass, ClusterIssuer, Issuer, found "Secret": the kinds of named objects ' +
        'a package can depend on (docs/SPEC.md rule object-references)',
      `${PREFIX}data.platform: [0]: must have required property 'group'`,
      `${PREFIX}data.platform: [1]: an object entry names kind and name, and no group, found group ""`,
      `${PREFIX}data.platform: [2]: an object entry's kind must be one of Namespace, StorageClass, IngressClass, ` +
        'GatewayClass, PriorityClass, RuntimeClass, ClusterIssuer, Issuer, found Secret',
      `${PREFIX}data.platform: [3]: an API entry has no namespace; an object entry names kind and name`,
      `${PREFIX}data.platform: [4]: a StorageClass has no namespace (it is cluster-scoped), found namespace x; remove it`,
    ]);
    expect(
      errors({
        packages: pkg(
          'a',
          '[{revision: "1", lifecycle: Published, objects: [{kind: Namespace, namespace: x, name: y}]}]',
        ),
      }),
    ).toEqual([
      `${PREFIX}data.packages: [0].revisions[0].objects[0]: a Namespace has no namespace (it is cluster-scoped), ` +
        'found namespace x; remove it',
    ]);
  });

  test('a platform object entry that a catalog package creates is a warning', () => {
    const { catalog, results } = readCatalog(
      catalogNode({
        packages: pkg('a', `[{revision: "1", lifecycle: Draft, objects: ${objects}}]`),
        platform: '- {group: example.com}\n- {kind: Namespace, name: nephio-system}\n- {kind: Namespace, name: other}',
      }),
    );
    expect(catalog?.platformObjects).toHaveLength(2);
    expect(messages(results)).toEqual([
      `${PREFIX}data.platform: [1] Namespace/nephio-system: also created by repo/a; a platform object never makes a ` +
        'dependency, so no catalog package is chosen for it; remove the entry',
    ]);
    expect(results.map((result) => result.severity)).toEqual(['warning']);
  });
});
