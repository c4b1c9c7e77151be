import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { processText } from '../../src/krm/index.js';
import { readCatalog } from '../../src/catalog/index.js';
import type { CatalogPackage } from '../../src/catalog/index.js';
import { buildCatalog } from '../../functions/build-catalog/processor.js';
import { packagesShape } from '../support/catalog-data.js';
import { catalogText, resourceListText } from '../support/resource-list.js';
import type { TestFile } from '../support/resource-list.js';
import { apiServiceText, crdText, pkg, resourceText } from './helpers.js';

interface OutResult {
  message: string;
  severity: string;
  field?: { path: string };
  file?: { path: string };
}
interface Out {
  items: Array<{
    kind: string;
    metadata: { name: string; annotations?: Record<string, string> };
    data?: Record<string, string>;
  }>;
  results?: OutResult[];
}

const blueprints: TestFile[] = [
  ...pkg('blueprints/cert-manager', {
    'crds.yaml': crdText('cert-manager.io', 'Certificate', 'certificates', [['v1', true]]),
  }),
  ...pkg('blueprints/metallb', {
    'crds.yaml': crdText('metallb.io', 'IPAddressPool', 'ipaddresspools', [['v1beta1', true]]),
    'webhook-cert.yaml': resourceText('cert-manager.io/v1', 'Certificate', 'webhook'),
  }),
  ...pkg('blueprints/metrics', { 'api.yaml': apiServiceText('metrics.example.io', 'v1beta1') }),
  ...pkg('blueprints/edge-app', {
    'pool.yaml': resourceText('metallb.io/v1beta1', 'IPAddressPool', 'pool'),
    'role.yaml': resourceText(
      'rbac.authorization.k8s.io/v1',
      'Role',
      'reader',
      'rules:\n  - apiGroups: [metrics.example.io]\n    resources: [nodemetrics]\n    verbs: [get]\n',
    ),
    'deploy.yaml': resourceText('apps/v1', 'Deployment', 'app'),
    'sub/Kptfile': 'apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: sub\n',
    'sub/cert.yaml': resourceText('cert-manager.io/v1', 'Certificate', 'app-tls'),
    'missing.yaml': resourceText('unknown.io/v1', 'Thing', 'thing'),
  }),
  { path: 'README.yaml', yaml: resourceText('v1', 'ConfigMap', 'not-in-a-package') },
];

const config = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: build\ndata:\n${data}`;
const blueprintsConfig = config('  repositories: "sandbox=blueprints"\n');

function run(files: TestFile[], functionConfig?: string) {
  const output = processText(resourceListText(files, functionConfig), buildCatalog, 'build-catalog');
  return { ...output, out: parse(output.stdout) as Out };
}

function catalogOf(out: Out, name = 'package-catalog'): CatalogPackage[] {
  const item = out.items.find((entry) => entry.kind === 'ConfigMap' && entry.metadata.name === name);
  return packagesShape(item?.data?.packages ?? 'null') as CatalogPackage[];
}

describe('build-catalog', () => {
  it('a Kptfile path holding no Kptfile (kpt fn source passes it on) is an error, and its package is left out', () => {
    const broken: TestFile = { path: 'blueprints/broken/Kptfile', yaml: resourceText('v1', 'ConfigMap', 'kptfile') };
    const crdYaml = crdText('broken.io', 'Thing', 'things', [['v1', true]]);
    const crd: TestFile = { path: 'blueprints/broken/crds.yaml', yaml: crdYaml };
    const { out, exitCode } = run([...blueprints, broken, crd], blueprintsConfig);
    expect(exitCode).toBe(1);
    expect(out.results).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        file: { path: 'blueprints/broken/Kptfile' },
        message: expect.stringContaining('holds v1 ConfigMap, not a kpt.dev Kptfile'),
      }),
    );
    expect(catalogOf(out).map((entry) => entry.package)).toEqual(['cert-manager', 'edge-app', 'metallb', 'metrics']);
  });

  it('adds the catalog as a new local-config item, with provides, requires and dependsOn of every package', () => {
    const { out, exitCode, stdout } = run(blueprints, blueprintsConfig);
    expect(exitCode).toBe(0);
    const item = out.items.at(-1);
    expect(item?.metadata.annotations).toEqual({
      'config.kubernetes.io/local-config': 'true',
      'pkgdeps.dev/catalog': 'v1',
      'internal.config.kubernetes.io/path': 'package-catalog.yaml',
    });
    expect(stdout).toContain(
      '  data:\n    packages: |\n      [\n      {"repository":"sandbox","package":"cert-manager",',
    );
    expect(catalogOf(out)).toEqual([
      {
        repository: 'sandbox',
        package: 'cert-manager',
        revisions: [
          {
            revision: 'main',
            workspaceName: 'main',
            lifecycle: 'Published',
            provides: [
              {
                group: 'cert-manager.io',
                kind: 'Certificate',
                resource: 'certificates',
                versions: ['v1'],
                scope: 'Namespaced',
              },
            ],
          },
        ],
      },
      {
        repository: 'sandbox',
        package: 'edge-app',
        revisions: [
          {
            revision: 'main',
            workspaceName: 'main',
            lifecycle: 'Published',
            requires: [
              { group: 'cert-manager.io', version: 'v1', kind: 'Certificate' },
              { group: 'metallb.io', version: 'v1beta1', kind: 'IPAddressPool' },
              { group: 'unknown.io', version: 'v1', kind: 'Thing' },
            ],
            dependsOn: [
              { repository: 'sandbox', package: 'cert-manager' },
              { repository: 'sandbox', package: 'metallb' },
              { repository: 'sandbox', package: 'metrics' },
            ],
          },
        ],
      },
      {
        repository: 'sandbox',
        package: 'metallb',
        revisions: [
          {
            revision: 'main',
            workspaceName: 'main',
            lifecycle: 'Published',
            provides: [
              {
                group: 'metallb.io',
                kind: 'IPAddressPool',
                resource: 'ipaddresspools',
                versions: ['v1beta1'],
                scope: 'Namespaced',
              },
            ],
            requires: [{ group: 'cert-manager.io', version: 'v1', kind: 'Certificate' }],
            dependsOn: [{ repository: 'sandbox', package: 'cert-manager' }],
          },
        ],
      },
      {
        repository: 'sandbox',
        package: 'metrics',
        revisions: [
          {
            revision: 'main',
            workspaceName: 'main',
            lifecycle: 'Published',
            provides: [{ group: 'metrics.example.io', versions: ['v1beta1'], source: 'APIService' }],
          },
        ],
      },
    ]);
    expect(out.results?.map((result) => result.severity)).toEqual(['warning', 'info']);
    expect(out.results?.[0]?.message).toBe(
      'sandbox/edge-app revision "main": no package of the catalog provides unknown.io/v1 Thing; add the package that brings it to the catalog, or list group unknown.io under platform if the target has it without a package (needed by Thing/thing (blueprints/edge-app/missing.yaml))',
    );
    expect(out.results?.[1]?.message).toBe(
      'catalog package-catalog: 4 package revisions built (sandbox: 4); 4 packages, 4 revisions in all',
    );
  });

  it('the catalog it writes is one the other functions read without a result', () => {
    const { stdout } = run(blueprints, blueprintsConfig);
    const list = parseDocument(stdout);
    const node = list.getIn(['items', blueprints.length]);
    const { catalog, results } = readCatalog(node as Parameters<typeof readCatalog>[0]);
    expect(results).toEqual([]);
    expect(catalog?.packages.map((entry) => entry.package)).toEqual(['cert-manager', 'edge-app', 'metallb', 'metrics']);
  });

  it('is deterministic, and running it on its own output changes nothing', () => {
    const first = run(blueprints, blueprintsConfig);
    expect(run(blueprints, blueprintsConfig).stdout).toBe(first.stdout);
    const again = processText(first.stdout, buildCatalog, 'build-catalog');
    expect(again.stdout).toBe(
      first.stdout.replace(
        'catalog package-catalog: 4 package revisions built (sandbox: 4); 4',
        'catalog package-catalog: 4 package revisions built (sandbox: 4); 0 other revisions of the existing catalog kept; 4',
      ),
    );
    expect(again.exitCode).toBe(0);
  });

  it('ambiguities are warnings naming every candidate, settled by preferences', () => {
    const rival = pkg('blueprints/cert-manager-lite', {
      'crds.yaml': crdText('cert-manager.io', 'Certificate', 'certificates', [['v1', true]]),
    });
    const { out, exitCode } = run([...blueprints, ...rival], blueprintsConfig);
    expect(exitCode).toBe(0);
    const ambiguous = out.results?.filter((result) => result.message.includes('is provided by 2 packages')) ?? [];
    expect(ambiguous.map((result) => result.message.slice(0, result.message.indexOf(';')))).toEqual([
      'sandbox/edge-app revision "main": cert-manager.io/v1 Certificate is provided by 2 packages: sandbox/cert-manager, sandbox/cert-manager-lite',
      'sandbox/metallb revision "main": cert-manager.io/v1 Certificate is provided by 2 packages: sandbox/cert-manager, sandbox/cert-manager-lite',
    ]);
    expect(ambiguous[0]?.severity).toBe('warning');
    expect(ambiguous[0]?.message).toContain('preferences: "cert-manager.io/Certificate=sandbox/cert-manager"');
    expect(catalogOf(out).find((entry) => entry.package === 'metallb')?.revisions[0]?.dependsOn).toBeUndefined();

    const settled = run(
      [...blueprints, ...rival],
      config('  repositories: "sandbox=blueprints"\n  preferences: "cert-manager.io=sandbox/cert-manager-lite"\n'),
    );
    expect(settled.out.results?.some((result) => result.message.includes('is provided by'))).toBe(false);
    expect(catalogOf(settled.out).find((entry) => entry.package === 'metallb')?.revisions[0]?.dependsOn).toEqual([
      { repository: 'sandbox', package: 'cert-manager-lite' },
    ]);
  });

  it('checks preferences as resolve-dependencies does: an API one needs a group, an object one a known key', () => {
    const typed = (preferences: string) =>
      `apiVersion: fn.pkgdeps.dev/v1alpha1\nkind: BuildCatalog\nmetadata:\n  name: b\n` +
      `repositories: [{name: sandbox, directory: blueprints}]\npreferences:\n${preferences}`;
    const noGroup = run(blueprints, typed('  - {kind: Certificate, repository: sandbox, package: cert-manager}\n'));
    expect(noGroup.exitCode).toBe(1);
    expect(noGroup.out.items).toHaveLength(blueprints.length);
    expect(noGroup.out.results).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: "function config: preferences[0]: must have required property 'group' or 'object'",
        field: { path: 'preferences[0]' },
      }),
    ]);
    const badObject = run(blueprints, typed('  - {object: Widget/x, repository: sandbox, package: cert-manager}\n'));
    expect(badObject.exitCode).toBe(1);
    expect(badObject.out.results?.[0]?.message).toContain('preferences[0]: object "Widget/x" is not <Kind>/<name>');

    // An object preference settles an object two packages create, in the typed form and the ConfigMap form.
    const namespace = resourceText('v1', 'Namespace', 'shared');
    const creators = [
      ...pkg('blueprints/ns-a', { 'ns.yaml': namespace }),
      ...pkg('blueprints/ns-b', { 'ns.yaml': namespace }),
    ];
    const user = pkg('blueprints/user', { 'cm.yaml': resourceText('v1', 'ConfigMap', 'c', '  namespace: shared\n') });
    const ambiguous = run([...creators, ...user], blueprintsConfig);
    expect(ambiguous.out.results?.map((result) => result.message)).toContainEqual(
      expect.stringContaining('Namespace/shared is created by 2 packages: sandbox/ns-a, sandbox/ns-b'),
    );
    for (const settled of [
      run([...creators, ...user], typed('  - {object: Namespace/shared, repository: sandbox, package: ns-b}\n')),
      run(
        [...creators, ...user],
        config('  repositories: "sandbox=blueprints"\n  preferences: "Namespace/shared=sandbox/ns-b"\n'),
      ),
    ]) {
      expect(settled.exitCode).toBe(0);
      expect(settled.out.results?.some((result) => result.message.includes('is created by'))).toBe(false);
      expect(catalogOf(settled.out).find((entry) => entry.package === 'user')?.revisions[0]?.dependsOn).toEqual([
        { repository: 'sandbox', package: 'ns-b' },
      ]);
    }
  });

  it('a built catalog lists what its revisions create, none at all too: each object nothing creates is a warning', () => {
    const user = pkg('blueprints/user', { 'cm.yaml': resourceText('v1', 'ConfigMap', 'c', '  namespace: nowhere\n') });
    const { out, exitCode } = run(user, blueprintsConfig);
    expect(exitCode).toBe(0);
    const messages = out.results?.map((result) => result.message) ?? [];
    expect(messages).toContainEqual(
      expect.stringMatching(/^sandbox\/user revision "main": no package of the catalog creates Namespace\/nowhere;/),
    );
    expect(messages.some((message) => message.includes('cannot say which packages create them'))).toBe(false);
  });

  it('updates an existing catalog of the same name: same revisions replaced, other entries and keys kept', () => {
    const existing = catalogText({
      packages: `
- repository: sandbox
  package: metallb
  revisions:
    - revision: "1"
      lifecycle: Published
    - revision: main
      lifecycle: Draft
- repository: elsewhere
  package: kept
  revisions:
    - {revision: "2", lifecycle: Published, provides: [{group: kept.io, kind: K, versions: [v1]}]}`,
      installed: '- {target: edge01, repository: elsewhere, package: kept, revision: "2"}',
      platform: '- {group: unknown.io}',
    });
    const own = `apiVersion: fn.pkgdeps.dev/v1alpha1
kind: BuildCatalog
metadata:
  name: build
repositories:
  - {name: sandbox, directory: /blueprints/}
`;
    const { out, exitCode, stdout } = run([...blueprints, { path: 'catalog.yaml', yaml: existing }], own);
    expect(exitCode).toBe(0);
    expect(out.items).toHaveLength(blueprints.length + 1);
    const item = out.items.at(-1);
    expect(item?.data?.installed).toBe('- {target: edge01, repository: elsewhere, package: kept, revision: "2"}\n');
    const packages = catalogOf(out);
    expect(
      packages.map(
        (entry) =>
          `${entry.repository}/${entry.package}:${entry.revisions.map((rev) => `${rev.revision}/${rev.lifecycle}`).join(',')}`,
      ),
    ).toEqual([
      'sandbox/metallb:main/Published,1/Published',
      'elsewhere/kept:2/Published',
      'sandbox/cert-manager:main/Published',
      'sandbox/edge-app:main/Published',
      'sandbox/metrics:main/Published',
    ]);
    // platform of the existing catalog applies: unknown.io is no longer required from a package
    expect(out.results?.some((result) => result.message.includes('unknown.io'))).toBe(false);
    expect(out.results?.at(-1)?.message).toContain('; 2 other revisions of the existing catalog kept;');
    expect(stdout).toContain('internal.config.kubernetes.io/path: catalog.yaml');
  });

  it('updates data.packages in place, so an anchor on it and its aliases stay valid', () => {
    const existing = catalogText({ packages: '[]' }).replace('  packages: |', '  packages: &pk |');
    // An item that aliases the catalog's packages string (the test helper cannot write aliases).
    const text = resourceListText(
      [...blueprints, { path: 'package-catalog.yaml', yaml: existing }],
      blueprintsConfig,
    ).replace(
      /\nfunctionConfig:/,
      '\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: copy\n  data:\n    same: *pk\nfunctionConfig:',
    );
    const output = processText(text, buildCatalog, 'build-catalog');
    expect(output.stdout).not.toContain('internal error');
    expect(output.stdout).toContain('packages: &pk |');
    expect(output.stdout).toContain('same: *pk');
    expect(catalogOf(parse(output.stdout) as Out).map((entry) => entry.package)).toContain('metallb');
  });

  it('uses the catalog name of the config and reports problems without changing anything', () => {
    const named = run(blueprints, config('  repositories: "sandbox=blueprints"\n  catalog: blueprints-catalog\n'));
    expect(named.out.items.at(-1)?.metadata.name).toBe('blueprints-catalog');
    expect(named.out.items.at(-1)?.metadata.annotations?.['internal.config.kubernetes.io/path']).toBe(
      'blueprints-catalog.yaml',
    );

    const notACatalog = run(
      [...blueprints, { path: 'cm.yaml', yaml: resourceText('v1', 'ConfigMap', 'package-catalog') }],
      blueprintsConfig,
    );
    expect(notACatalog.exitCode).toBe(1);
    expect(notACatalog.out.items).toHaveLength(blueprints.length + 1);
    expect(notACatalog.out.results?.[0]?.message).toContain('ConfigMap package-catalog is not a catalog');

    const badField = run(
      blueprints,
      'apiVersion: fn.pkgdeps.dev/v1alpha1\nkind: BuildCatalog\nmetadata:\n  name: b\nrepos: []\n',
    );
    expect(badField.exitCode).toBe(1);
    expect(badField.out.results?.[0]?.message).toContain(
      'repos: unknown field; accepted fields are catalog, repositories, preferences',
    );

    const copy = pkg('more/cert-manager', {});
    const twice = run([...blueprints, ...copy], config('  repositories: "sandbox=blueprints,sandbox=more"\n'));
    expect(twice.exitCode).toBe(1);
    expect(twice.out.items).toHaveLength(blueprints.length + copy.length);
    expect(twice.out.results?.[0]?.message).toContain(
      'sandbox/cert-manager revision "main" is found twice, in directories "blueprints/cert-manager" and "more/cert-manager"',
    );

    const mixed = run(
      [
        ...blueprints,
        {
          path: 'catalog.yaml',
          yaml: catalogText({
            packages: '- {repository: sandbox, package: metrics, revisions: [{revision: 1.0.0, lifecycle: Published}]}',
          }),
        },
      ],
      config('  repositories: "sandbox=blueprints@3"\n'),
    );
    // Numbered and semver revisions of one package share one order (docs/SPEC.md rule revision-order).
    expect(mixed.exitCode).toBe(0);
    const metrics = packagesShape(mixed.out.items.at(-1)?.data?.packages ?? '') as CatalogPackage[];
    expect(metrics.find((entry) => entry.package === 'metrics')?.revisions.map((rev) => rev.revision)).toEqual([
      '1.0.0',
      '3',
    ]);
  });

  it('refuses a catalog name that is not a valid ConfigMap name, naming the value', () => {
    for (const name of ['Package_Catalog', 'catalog-', 'a'.repeat(254)]) {
      const refused = run(blueprints, config(`  repositories: "sandbox=blueprints"\n  catalog: ${name}\n`));
      expect(refused.exitCode).toBe(1);
      expect(refused.out.items).toHaveLength(blueprints.length);
      expect(refused.out.results?.map((result) => result.message)).toEqual([
        `function config: catalog: "${name}" is not a valid ConfigMap name (a DNS subdomain: at most 253 characters, ` +
          "lower-case letters, digits, '-' and '.', starting and ending with a letter or digit)",
      ]);
    }
    const valid = run(blueprints, config('  repositories: "sandbox=blueprints"\n  catalog: team.catalog-2\n'));
    expect(valid.exitCode).toBe(0);
  });

  it('repository and package pairs that join to the same path are two packages', () => {
    const files = [...pkg('one/lib', {}), ...pkg('two/x/lib', {})];
    const { exitCode, out } = run(files, config('  repositories: "team/x=one,team=two"\n'));
    expect(out.results?.filter((result) => result.severity !== 'info')).toEqual([]);
    expect(exitCode).toBe(0);
    expect(catalogOf(out).map((entry) => [entry.repository, entry.package])).toEqual([
      ['team', 'x/lib'],
      ['team/x', 'lib'],
    ]);
  });

  it('the error for a ConfigMap of the catalog name that is no catalog names its file', () => {
    const plain = { path: 'cm.yaml', yaml: resourceText('v1', 'ConfigMap', 'package-catalog') };
    const other = run([...blueprints, plain], blueprintsConfig);
    expect(other.out.results?.[0]?.file).toEqual({ path: 'cm.yaml', index: 0 });
  });

  it('with no config, the whole input is one repository "catalog" at revision main', () => {
    const { out } = run(blueprints);
    expect(catalogOf(out).map((entry) => `${entry.repository}/${entry.package}`)).toEqual([
      'catalog/blueprints/cert-manager',
      'catalog/blueprints/edge-app',
      'catalog/blueprints/metallb',
      'catalog/blueprints/metrics',
    ]);
  });
});

describe('build-catalog: named objects (docs/SPEC.md rule object-references)', () => {
  const ns = (name: string) => resourceText('v1', 'Namespace', name);
  const inNamespace = (kind: string, name: string, namespace: string, extra = '') =>
    resourceText('v1', kind, name, extra).replace(`name: ${name}\n`, `name: ${name}\n  namespace: ${namespace}\n`);
  const files: TestFile[] = [
    ...pkg('blueprints/operator', {
      'ns.yaml': ns('nephio-system'),
      'storage.yaml': resourceText('storage.k8s.io/v1', 'StorageClass', 'local-path'),
      'config.yaml': inNamespace('ConfigMap', 'settings', 'nephio-system'),
      'local.yaml': resourceText('v1', 'Namespace', 'scratch').replace(
        'metadata:\n',
        'metadata:\n  annotations:\n    config.kubernetes.io/local-config: "true"\n',
      ),
    }),
    ...pkg('blueprints/app', {
      'config.yaml': inNamespace('ConfigMap', 'app', 'nephio-system'),
      'data.yaml': inNamespace(
        'PersistentVolumeClaim',
        'data',
        'kube-system',
        'spec:\n  storageClassName: local-path\n',
      ),
    }),
  ];

  it('objects: what a revision creates; requiresObjects: what it references and neither creates nor the platform has', () => {
    const { out, exitCode } = run(files, blueprintsConfig);
    expect(exitCode).toBe(0);
    const [app, operator] = catalogOf(out);
    expect(operator?.revisions[0]).toMatchObject({
      objects: [
        { kind: 'Namespace', name: 'nephio-system' },
        { kind: 'StorageClass', name: 'local-path' },
      ],
    });
    expect(operator?.revisions[0]?.requiresObjects).toBeUndefined();
    expect(app?.revisions[0]?.objects).toBeUndefined();
    expect(app?.revisions[0]?.requiresObjects).toEqual([
      { kind: 'Namespace', name: 'nephio-system' },
      { kind: 'StorageClass', name: 'local-path' },
    ]);
  });
});
