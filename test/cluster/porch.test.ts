import { describe, expect, it } from 'vitest';
import type { CatalogPackage } from '../../src/catalog/index.js';
import { installedEntries } from '../../src/cluster/installed.js';
import { mergePlatformObjects, platformText } from '../../src/cluster/output.js';
import { platformEntries, providedKinds } from '../../src/cluster/platform.js';
import { catalogSource, revisionOf } from '../../src/cluster/porch-objects.js';
import type { PackageRevision, PorchRepository } from '../../src/cluster/porch-objects.js';

/** The Porch-to-catalog conversions of from-cluster, on objects in the API's shapes. */

describe('revisionOf (docs/SPEC.md rule from-cluster)', () => {
  const named = (revision: number | string | undefined, workspaceName?: string, branch = 'main') => {
    const spec = { revision, lifecycle: 'Published', ...(workspaceName === undefined ? {} : { workspaceName }) };
    const found = revisionOf({ spec }, branch);
    return typeof found === 'string' ? undefined : found.name;
  };

  it.each([
    [3, 'v3', 'main', '3'],
    [-1, 'main', 'main', 'main'],
    [-1, undefined, 'main', 'main'],
    [-1, 'trunk', 'trunk', 'main'],
    [-1, 'v2.0.0', 'main', 'v2.0.0'],
    [-1, '1.4.0-rc.1', 'trunk', '1.4.0-rc.1'],
    [-1, 'main', 'trunk', undefined],
    [-1, 'release-a', 'main', undefined],
    [-1, 'v3', 'main', undefined],
    [0, 'ws', 'main', undefined],
    ['v2', 'v2', 'main', 'v2'],
    ['main', 'main', 'main', 'main'],
    ['', 'ws', 'main', undefined],
    [undefined, 'ws', 'main', undefined],
  ])('revision %s, workspaceName %s, branch %s -> %s', (revision, workspaceName, branch, name) =>
    expect(named(revision, workspaceName, branch)).toBe(name),
  );

  it('says why a revision has no name', () => {
    expect(revisionOf({ spec: { revision: 0, lifecycle: 'Draft' } }, 'main')).toBe(
      'it has no revision yet (lifecycle Draft)',
    );
    expect(revisionOf({ spec: { revision: -1, workspaceName: 'release-a' } }, 'trunk')).toBe(
      'its revision -1 with workspaceName "release-a" is not the placeholder (the head of branch trunk) and its ' +
        "name is no semantic version, which the catalog's revision order needs",
    );
  });
});

describe('catalogSource', () => {
  const pr = (spec: PackageRevision['spec']): PackageRevision => ({
    metadata: { name: 'blueprints.infra.capi.v2' },
    spec,
  });
  const kptfile = 'apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: capi\n';

  it('keeps nested package paths, the old string revisions, workspaceName and lifecycle; skips non-resource files', () => {
    const warnings: string[] = [];
    const source = catalogSource(
      pr({
        packageName: 'infra/capi',
        repository: 'blueprints',
        revision: 'v2',
        workspaceName: 'v2',
        lifecycle: 'Proposed',
      }),
      'v2',
      {
        spec: {
          resources: {
            Kptfile: kptfile,
            'README.md': '# not: [yaml',
            'sub/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
          },
        },
      },
      (result) => warnings.push(result.message),
    );
    expect(typeof source).toBe('object');
    if (typeof source === 'string') return;
    expect([
      source.repository,
      source.package,
      source.revision,
      source.workspaceName,
      source.lifecycle,
      source.dir,
    ]).toEqual(['blueprints', 'infra/capi', 'v2', 'v2', 'Proposed', 'infra/capi']);
    expect(source.items).toHaveLength(2);
    expect(warnings).toEqual([]);
  });

  it('says why a revision has no catalog entry', () => {
    expect(
      catalogSource(
        pr({ packageName: 'p', repository: 'r', revision: 1 }),
        '1',
        { spec: { resources: { 'a.yaml': 'kind: A' } } },
        () => {},
      ),
    ).toBe('its resources have no Kptfile at the package root');
  });

  it('reports a file that does not parse as a warning, a broken Kptfile as an error (rule malformed-files)', () => {
    const reported: string[] = [];
    const report = (result: { severity: string; message: string }) => {
      reported.push(`${result.severity}: ${result.message}`);
    };
    const revision = pr({ packageName: 'p', repository: 'r', revision: 1 });
    const crd = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: [\n';
    const source = catalogSource(revision, '1', { spec: { resources: { Kptfile: kptfile, 'crd.yaml': crd } } }, report);
    expect(typeof source === 'string' ? source : source.items.length).toBe(1);
    expect(reported).toEqual([
      expect.stringMatching(/^warning: PackageRevision blueprints.infra.capi.v2: p\/crd.yaml: document 0 is not valid/),
    ]);
    reported.length = 0;
    const broken = catalogSource(revision, '1', { spec: { resources: { Kptfile: 'kind: [' } } }, report);
    expect(broken).toBe('its Kptfile cannot be read');
    expect(reported).toEqual([
      expect.stringMatching(/^error: PackageRevision blueprints.infra.capi.v2: p\/Kptfile: document 0 is not valid/),
    ]);
  });
});

describe('installedEntries', () => {
  const blueprints: PorchRepository[] = [
    { metadata: { name: 'whole' }, spec: { git: { repo: 'https://git.example/b.git', directory: '/' } } },
    {
      metadata: { name: 'infra' },
      spec: { git: { repo: 'https://git.example/b', directory: 'infra', branch: 'trunk' } },
    },
  ];
  const packages: CatalogPackage[] = [
    {
      repository: 'infra',
      package: 'capi',
      revisions: [
        {
          revision: 'v3',
          lifecycle: 'Published',
          provides: [],
          requires: [],
          dependsOn: [],
          objects: [],
          requiresObjects: [],
        },
      ],
    },
  ];
  const deployed = (name: string, revision: number, ref: string, directory: string): PackageRevision => ({
    metadata: { name },
    spec: { packageName: name, repository: 'edge', revision, lifecycle: 'Published' },
    status: { upstreamLock: { git: { repo: 'https://git.example/b.git/', directory, ref } } },
  });

  it('maps the lock to a catalog package, its directory from the top or inside the Repository, in the catalog spelling', () => {
    const warnings: string[] = [];
    const entries = installedEntries(
      [
        deployed('a', 1, 'infra/capi/v3', 'infra/capi'),
        deployed('b', 1, 'trunk', 'infra/capi'),
        deployed('c', 1, 'apps/web/v7', '/apps/web'),
        deployed('d', 1, '0123abcd', 'apps/db'),
        deployed('e', 1, 'infra/capi/v3', 'capi'),
        deployed('f', 1, 'refs/heads/trunk', 'capi'),
      ],
      { repositories: blueprints, blueprintRevisions: [], packages },
      (message) => warnings.push(message),
    );
    expect(entries).toEqual([
      { target: 'edge', repository: 'infra', package: 'capi', revision: 'v3' },
      { target: 'edge', repository: 'infra', package: 'capi', revision: 'main' },
      { target: 'edge', repository: 'infra', package: 'capi', revision: 'v3' },
      { target: 'edge', repository: 'infra', package: 'capi', revision: 'main' },
      { target: 'edge', repository: 'whole', package: 'apps/web', revision: '7' },
    ]);
    expect(warnings).toEqual([
      'PackageRevision d (edge/d): its upstream lock ref "0123abcd" is a commit at which no PackageRevision of ' +
        'whole/apps/db is (status.selfLock.git.commit); it is left out of installed',
    ]);
  });
});

describe('platformEntries', () => {
  it('leaves out built-in groups and groups an APIService provides; lists unprovided kinds of partly provided groups', () => {
    const packages: CatalogPackage[] = [
      {
        repository: 'r',
        package: 'p',
        revisions: [
          {
            revision: '1',
            lifecycle: 'Published',
            provides: [
              { group: 'metrics.example.io', versions: ['v1'], source: 'APIService' },
              { group: 'a.example.io', kind: 'A', versions: ['v1'], source: 'CustomResourceDefinition' },
            ],
            requires: [],
            dependsOn: [],
            objects: [],
            requiresObjects: [],
          },
        ],
      },
    ];
    const groups = ['apps', 'metrics.example.io', 'a.example.io', 'z.example.io'].map((name) => ({
      name,
      versions: ['v1'],
    }));
    const kinds = new Map([
      [
        'a.example.io',
        [
          { name: 'as', kind: 'A' },
          { name: 'bs', kind: 'B' },
        ],
      ],
    ]);
    expect(platformEntries(groups, providedKinds(packages), kinds)).toEqual([
      { group: 'a.example.io', kind: 'B' },
      { group: 'z.example.io' },
    ]);
  });
});

describe('platform object entries of a catalog being updated (docs/SPEC.md section 8)', () => {
  const creator: CatalogPackage = {
    repository: 'r',
    package: 'monitoring',
    revisions: [
      {
        revision: '1',
        lifecycle: 'Draft',
        provides: [],
        requires: [],
        dependsOn: [],
        objects: [{ kind: 'Namespace', name: 'monitoring' }],
        requiresObjects: [],
      },
    ],
  };

  it('are kept unless a catalog package creates them, and written after the API entries', () => {
    const existing = [
      { kind: 'Namespace' as const, name: 'monitoring' },
      { kind: 'Issuer' as const, namespace: 'x', name: 'ca' },
    ];
    const merged = mergePlatformObjects(existing, [creator]);
    expect(merged.objects).toEqual([{ kind: 'Issuer', namespace: 'x', name: 'ca' }]);
    expect(merged.removed).toEqual([{ object: existing[0], providers: [creator] }]);
    expect(platformText([{ group: 'example.com' }], merged.objects)).toBe('[\n"example.com",\n"Issuer/x/ca"\n]\n');
  });
});
