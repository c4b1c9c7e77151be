import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { processText } from '../../src/krm/index.js';
import { resolveDependencies } from '../../functions/resolve-dependencies/processor.js';
import { ApiIndex } from '../../src/catalog/index.js';
import type { CatalogPackage } from '../../src/catalog/index.js';
import { chooseRevision, everyNeed, missingText } from '../../src/resolve/index.js';
import { catalogText, kptfileText, resourceListText } from '../support/resource-list.js';
import type { TestFile } from '../support/resource-list.js';

/** resolve-dependencies on named objects (docs/SPEC.md rules object-references, local-objects, platform-objects). */

interface OutItem {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
}
interface OutResult {
  message: string;
  severity: string;
  tags?: Record<string, string>;
  field?: { path: string };
}

const packages = `
- repository: sandbox
  package: nephio-operator
  revisions:
    - revision: "1"
      lifecycle: Published
      objects:
        - {kind: Namespace, name: nephio-system}
        - {kind: StorageClass, name: fast}
    - revision: "2"
      lifecycle: Published
      objects:
        - {kind: Namespace, name: nephio-system}
- repository: sandbox
  package: cert-manager
  revisions:
    - revision: "1"
      lifecycle: Published
      provides:
        - {group: cert-manager.io, kind: Certificate, resource: certificates, versions: [v1], scope: Namespaced}
      objects:
        - {kind: ClusterIssuer, name: selfsigned}
- repository: extras
  package: issuers
  revisions:
    - revision: "1"
      lifecycle: Published
      objects:
        - {kind: ClusterIssuer, name: selfsigned}
- repository: extras
  package: draft-classes
  revisions:
    - revision: "1"
      lifecycle: Draft
      objects:
        - {kind: PriorityClass, name: high}
- repository: sandbox
  package: widgets
  revisions:
    - revision: "1"
      lifecycle: Published
      provides:
        - {group: example.com, kind: Widget, resource: widgets, versions: [v1], scope: Cluster}
`;

const catalog: TestFile = {
  path: 'catalog.yaml',
  yaml: catalogText({ packages, platform: '- {kind: Namespace, name: monitoring}' }),
};

function resource(path: string, apiVersion: string, kind: string, name: string, more = ''): TestFile {
  return { path, yaml: `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n${more}` };
}

function inNamespace(path: string, kind: string, name: string, namespace: string, more = ''): TestFile {
  return resource(path, 'v1', kind, name, `  namespace: ${namespace}\n${more}`);
}

function configMap(data: Record<string, string>): string {
  const lines = Object.entries(data).map(([key, value]) => `  ${key}: ${JSON.stringify(value)}`);
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: resolve\ndata:\n${lines.join('\n')}\n`;
}

function run(files: TestFile[], config?: Record<string, string>) {
  const functionConfig = config === undefined ? undefined : configMap(config);
  const output = processText(resourceListText(files, functionConfig), resolveDependencies, 'resolve-dependencies');
  const list = parse(output.stdout) as { items: OutItem[]; results?: OutResult[] };
  const annotations = (kind: string, name: string) =>
    list.items.find((item) => item.kind === kind && item.metadata.name === name)?.metadata.annotations ?? {};
  const results = list.results ?? [];
  const coded = (code: string) => results.filter((result) => result.tags?.['pkgdeps.dev/code'] === code);
  return { ...output, results, coded, annotations, kptfile: annotations('Kptfile', 'app') };
}

const kptfile: TestFile = { path: 'Kptfile', yaml: kptfileText('app') };
const certificate = (issuer: string) =>
  resource(
    'cert.yaml',
    'cert-manager.io/v1',
    'Certificate',
    'tls',
    `spec:\n  issuerRef: {name: ${issuer}, kind: ClusterIssuer}\n`,
  );
/** The Certificate API as a catalog `provides` entry. */
const certificateApi = '{group: cert-manager.io, kind: Certificate, resource: certificates, versions: [v1]}';
const ingress = resource(
  'ing.yaml',
  'networking.k8s.io/v1',
  'Ingress',
  'web',
  '  annotations: {cert-manager.io/cluster-issuer: selfsigned}\n',
);
const deployment = (priorityClass: string) =>
  resource(
    'deploy.yaml',
    'apps/v1',
    'Deployment',
    'web',
    `spec:\n  template:\n    spec:\n      priorityClassName: ${priorityClass}\n      containers: []\n`,
  );

describe('pkgdeps.dev/requires-objects (docs/SPEC.md rule kptfile-annotations)', () => {
  const files = [
    { path: 'Kptfile', yaml: kptfileText('app') },
    catalog,
    resource('ns.yaml', 'v1', 'Namespace', 'apps'),
    inNamespace('config.yaml', 'ConfigMap', 'settings', 'nephio-system'),
    inNamespace('own.yaml', 'ConfigMap', 'own', 'apps'),
    inNamespace('system.yaml', 'ConfigMap', 'system', 'kube-system'),
    inNamespace('monitoring.yaml', 'ConfigMap', 'monitoring', 'monitoring'),
    inNamespace('data.yaml', 'PersistentVolumeClaim', 'data', 'apps', 'spec:\n  storageClassName: fast\n'),
    resource('widget.yaml', 'example.com/v1', 'Widget', 'w', '  namespace: ignored\n'),
    {
      path: 'sub/Kptfile',
      yaml: kptfileText('sub', { 'pkgdeps.dev/requires-objects': 'Namespace/x' }),
    },
  ];

  it('lists the objects the package references and neither creates nor the platform has, sorted', () => {
    const { kptfile, annotations } = run(files);
    expect(kptfile['pkgdeps.dev/requires-objects']).toBe('Namespace/nephio-system,StorageClass/fast');
    expect(kptfile['pkgdeps.dev/depends-on']).toBe('sandbox/nephio-operator,sandbox/widgets');
    expect(annotations('Kptfile', 'sub')['pkgdeps.dev/requires-objects']).toBeUndefined();
  });

  it('is removed when nothing is referenced any more', () => {
    const stale = {
      path: 'Kptfile',
      yaml: kptfileText('app', { 'pkgdeps.dev/requires-objects': 'Namespace/x' }),
    };
    expect(run([stale, catalog])['kptfile']['pkgdeps.dev/requires-objects']).toBeUndefined();
  });
});

describe('object resolution (docs/SPEC.md rule object-resolution)', () => {
  it('a package that creates the object is a dependency, with an info result naming the resource', () => {
    const out = run([kptfile, catalog, inNamespace('a.yaml', 'ConfigMap', 'a', 'nephio-system')]);
    const { results, exitCode } = out;
    expect(exitCode).toBe(0);
    expect(out.kptfile['pkgdeps.dev/depends-on']).toBe('sandbox/nephio-operator');
    expect(results.map((result) => result.message)).toEqual([
      'package app depends on sandbox/nephio-operator revision "2" (latest Published revision creating every needed ' +
        'object), needed by ConfigMap/a (a.yaml)',
    ]);
  });

  it('revision choice: the latest Published revision that creates every object the package needs', () => {
    const pvc = inNamespace(
      'pvc.yaml',
      'PersistentVolumeClaim',
      'data',
      'nephio-system',
      'spec:\n  storageClassName: fast\n',
    );
    const { results } = run([kptfile, catalog, pvc]);
    expect(results.map((result) => result.message)).toEqual([
      'package app depends on sandbox/nephio-operator revision "1" (latest Published revision creating every needed ' +
        'object), needed by PersistentVolumeClaim/data (pvc.yaml)',
    ]);
  });

  it('an object the package creates, or the platform has, is no dependency', () => {
    const own = run([
      kptfile,
      catalog,
      resource('ns.yaml', 'v1', 'Namespace', 'nephio-system'),
      inNamespace('a.yaml', 'ConfigMap', 'a', 'nephio-system'),
    ]);
    expect(own.kptfile['pkgdeps.dev/depends-on']).toBeUndefined();
    expect(own.results).toEqual([]);
    const platform = run([
      kptfile,
      catalog,
      inNamespace('a.yaml', 'ConfigMap', 'a', 'monitoring'),
      deployment('system-node-critical'),
    ]);
    expect(platform.kptfile['pkgdeps.dev/depends-on']).toBeUndefined();
    expect(platform.results).toEqual([]);
  });

  it('no package creates it: a warning (unresolved-object) by default; onUnresolvedObject error or ignore', () => {
    const files = [kptfile, catalog, inNamespace('a.yaml', 'ConfigMap', 'a', 'elsewhere')];
    const warned = run(files);
    expect(warned.exitCode).toBe(0);
    expect(
      warned.coded('unresolved-object').map((result) => [result.severity, result.message, result.field?.path]),
    ).toEqual([
      [
        'warning',
        'ConfigMap/a (a.yaml): no package of the catalog creates Namespace/elsewhere; add the package that creates it ' +
          'to the catalog, or list {kind: Namespace, name: elsewhere} under platform if the target has it without a package',
        'metadata.namespace',
      ],
    ]);
    expect(warned.kptfile['pkgdeps.dev/requires-objects']).toBe('Namespace/elsewhere');
    const failed = run(files, { onUnresolvedObject: 'error' });
    expect(failed.exitCode).toBe(1);
    expect(failed.coded('unresolved-object').map((result) => result.severity)).toEqual(['error']);
    const ignored = run(files, { onUnresolvedObject: 'ignore' });
    expect(ignored.results).toEqual([]);
    expect(ignored.kptfile['pkgdeps.dev/requires-objects']).toBe('Namespace/elsewhere');
  });

  it('onUnresolvedObject takes warning, error or ignore only, and says why', () => {
    const { results, exitCode } = run([kptfile, catalog], { onUnresolvedObject: 'skip' });
    expect(exitCode).toBe(1);
    expect(results[0]?.message).toMatch(
      /onUnresolvedObject: must be one of warning, error, ignore, found "skip": a named object/,
    );
  });

  it('only revisions that are not Published create it: an error (unpublished-object)', () => {
    const { coded, exitCode } = run([kptfile, catalog, deployment('high')]);
    expect(exitCode).toBe(1);
    expect(coded('unpublished-object').map((result) => result.message)).toEqual([
      'Deployment/web (deploy.yaml): PriorityClass/high is created only by revisions that are not Published: ' +
        'extras/draft-classes revision "1" (Draft); publish one of them',
    ]);
  });

  it('several packages create it: ambiguous-object, with the preferences that settle it', () => {
    const files = [kptfile, catalog, ingress];
    const { coded, exitCode } = run(files);
    expect(exitCode).toBe(1);
    const [ambiguous] = coded('ambiguous-object');
    expect(ambiguous?.message).toBe(
      'Ingress/web (ing.yaml): ClusterIssuer/selfsigned is created by 2 packages: extras/issuers, sandbox/cert-manager ' +
        '(no target is set, so installed packages cannot settle it); settle it with a preference in the function config, ' +
        'e.g. preferences: [{object: ClusterIssuer/selfsigned, repository: extras, package: issuers}] ' +
        '(ConfigMap form: preferences: "ClusterIssuer/selfsigned=extras/issuers")',
    );
    expect(ambiguous?.tags?.['pkgdeps.dev/prefer-one-of']).toBe(
      'ClusterIssuer/selfsigned=extras/issuers ClusterIssuer/selfsigned=sandbox/cert-manager',
    );
  });

  it('tie-breaks: a preference (ConfigMap form) settles it; so does the package chosen for an API of the package', () => {
    const preferred = run([kptfile, catalog, ingress], { preferences: 'ClusterIssuer/selfsigned=extras/issuers' });
    expect(preferred.exitCode).toBe(0);
    expect(preferred.kptfile['pkgdeps.dev/depends-on']).toBe('extras/issuers');
    // The Certificate's API has one provider, sandbox/cert-manager: rule tie-breaks (c) takes it for the issuer too.
    const elsewhere = run([kptfile, catalog, certificate('selfsigned')]);
    expect(elsewhere.exitCode).toBe(0);
    expect(elsewhere.kptfile['pkgdeps.dev/depends-on']).toBe('sandbox/cert-manager');
  });

  it('a preference names an API or an object, not both, and an object of a known kind', () => {
    const typed = (preferences: string) =>
      `apiVersion: fn.pkgdeps.dev/v1alpha1\nkind: ResolveDependencies\nmetadata: {name: r}\npreferences: ${preferences}\n`;
    const messages = (preferences: string) => {
      const output = processText(resourceListText([kptfile, catalog], typed(preferences)), resolveDependencies, 'r');
      return ((parse(output.stdout) as { results?: OutResult[] }).results ?? []).map((result) => result.message);
    };
    expect(messages('[{object: Namespace/a, group: "", repository: r, package: p}]')).toEqual([
      'function config: preferences[0]: names an object and an API; an object preference has object, repository and package only',
    ]);
    expect(messages('[{object: Secret/a, repository: r, package: p}]')[0]).toMatch(
      /^function config: preferences\[0\]: object "Secret\/a" is not/,
    );
    expect(messages('[{repository: r, package: p}]')).toEqual([
      "function config: preferences[0]: must have required property 'group' or 'object'",
    ]);
  });
});

describe('rule tie-breaks (c) counts every package chosen without it', () => {
  // sandbox/cert-manager provides the Certificate API and creates ClusterIssuer/selfsigned; rivals for each.
  const rivals = `${packages}- {repository: extras, package: cert-manager-lite, revisions: [{revision: "1", lifecycle: Published, provides: [${certificateApi}]}]}\n`;
  // PackageVariants go to Porch's management cluster, which has their API.
  const platform = '- {group: config.porch.kpt.dev}';
  const rivalCatalog: TestFile = { path: 'catalog.yaml', yaml: catalogText({ packages: rivals, platform }) };
  // The Ingress comes first below: (c) does not depend on the order of the resources.

  it('without a tie-break both are ambiguous', () => {
    const out = run([kptfile, rivalCatalog, ingress, certificate('selfsigned')]);
    expect(out.exitCode).toBe(1);
    expect(out.coded('ambiguous-api')).toHaveLength(1);
    expect(out.coded('ambiguous-object')).toHaveLength(2);
  });

  it('the package a preference chose for an API is chosen for the object too', () => {
    const out = run([kptfile, rivalCatalog, ingress, certificate('selfsigned')], {
      preferences: 'cert-manager.io=sandbox/cert-manager',
    });
    expect(out.exitCode).toBe(0);
    expect(out.kptfile['pkgdeps.dev/depends-on']).toBe('sandbox/cert-manager');
  });

  it('the package an object preference chose is chosen for an API too', () => {
    const out = run([kptfile, rivalCatalog, certificate('selfsigned')], {
      preferences: 'ClusterIssuer/selfsigned=sandbox/cert-manager',
    });
    expect(out.exitCode).toBe(0);
    expect(out.kptfile['pkgdeps.dev/depends-on']).toBe('sandbox/cert-manager');
  });

  it('the upstream of a hand-written PackageVariant of the package is chosen', () => {
    const variant = resource(
      'pv.yaml',
      'config.porch.kpt.dev/v1alpha1',
      'PackageVariant',
      'cert-manager',
      'spec:\n  upstream: {repo: sandbox, package: cert-manager, workspaceName: v1}\n  downstream: {repo: edge01, package: cert-manager}\n',
    );
    const out = run([kptfile, rivalCatalog, ingress, variant]);
    expect(out.exitCode).toBe(0);
    expect(out.kptfile['pkgdeps.dev/depends-on']).toBe('sandbox/cert-manager');
  });
});

describe('a catalog that lists no objects (built before pkgdeps read them): one result per package', () => {
  const apisOnly = `- {repository: sandbox, package: cert-manager, revisions: [{revision: "1", lifecycle: Published, provides: [${certificateApi}]}]}\n`;
  const oldCatalog: TestFile = {
    path: 'catalog.yaml',
    yaml: catalogText({ packages: apisOnly, platform: '- {kind: Namespace, name: monitoring}' }),
  };
  const files = [
    kptfile,
    oldCatalog,
    inNamespace('a.yaml', 'ConfigMap', 'a', 'web'),
    inNamespace('b.yaml', 'Secret', 'b', 'web'),
    inNamespace('c.yaml', 'PersistentVolumeClaim', 'c', 'data', 'spec:\n  storageClassName: fast\n'),
    inNamespace('d.yaml', 'ConfigMap', 'd', 'monitoring'),
    inNamespace('e.yaml', 'ConfigMap', 'e', 'own'),
    resource('ns.yaml', 'v1', 'Namespace', 'own'),
    certificate('selfsigned'),
  ];
  const expected =
    'package app references ClusterIssuer/selfsigned, Namespace/data, Namespace/web, StorageClass/fast, which it ' +
    'does not create, and catalog "package-catalog" cannot say which packages create them: none of its revisions ' +
    'lists the named objects it creates (objects)';

  it('a warning on the Kptfile names the objects and says to build the catalog again; they are still recorded', () => {
    const out = run(files);
    expect(out.exitCode).toBe(0);
    expect(out.coded('unresolved-object')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining(expected),
        resourceRef: expect.objectContaining({ kind: 'Kptfile', name: 'app' }),
      }),
    ]);
    expect(out.coded('unresolved-object')[0]?.message).toContain(
      'build the catalog again (build-catalog, pkgdeps catalog build or pkgdeps catalog from-cluster)',
    );
    expect(out.kptfile['pkgdeps.dev/requires-objects']).toBe(
      'ClusterIssuer/selfsigned,Namespace/data,Namespace/web,StorageClass/fast',
    );
    expect(out.kptfile['pkgdeps.dev/depends-on']).toBe('sandbox/cert-manager');
  });

  it('onUnresolvedObject: error makes it one error; ignore, none', () => {
    const strict = run(files, { onUnresolvedObject: 'error' });
    expect(strict.exitCode).toBe(1);
    expect(strict.coded('unresolved-object').map((result) => result.severity)).toEqual(['error']);
    const quiet = run(files, { onUnresolvedObject: 'ignore' });
    expect(quiet.exitCode).toBe(0);
    expect(quiet.coded('unresolved-object')).toEqual([]);
    expect(quiet.kptfile['pkgdeps.dev/requires-objects']).toBe(
      'ClusterIssuer/selfsigned,Namespace/data,Namespace/web,StorageClass/fast',
    );
  });

  it('once one revision of the catalog lists an object, each reference nothing creates has its own result', () => {
    const listing = apisOnly.replace('provides:', 'objects: [{kind: Namespace, name: cert-manager}], provides:');
    const out = run([{ path: 'catalog.yaml', yaml: catalogText({ packages: listing }) }, ...files.slice(2), kptfile]);
    expect(out.coded('unresolved-object').map((result) => result.message.split(':')[0])).toEqual([
      'ConfigMap/a (a.yaml)',
      'Secret/b (b.yaml)',
      'PersistentVolumeClaim/c (c.yaml)',
      'PersistentVolumeClaim/c (c.yaml)',
      'ConfigMap/d (d.yaml)',
      'Certificate/tls (cert.yaml)',
    ]);
  });
});

describe('why a revision is chosen or skipped names what the package needs of it: versions, objects or both', () => {
  it('a revision that does not create a needed object is skipped as not creating it', () => {
    const needs = [{ object: { kind: 'Namespace' as const, name: 'web' } }];
    const revision = { revision: '3', lifecycle: 'Published' as const, provides: [], requires: [], dependsOn: [] };
    const catalogOf = (objects: Array<{ kind: 'Namespace'; name: string }>) =>
      new ApiIndex({
        name: 'c',
        packages: [{ repository: 'r', package: 'p', revisions: [{ ...revision, objects, requiresObjects: [] }] }],
        installed: [{ target: 't', repository: 'r', package: 'p', revision: '3' }],
        platform: [],
        platformObjects: [],
      });
    const index = catalogOf([]);
    const pkg = index.catalog.packages[0] as CatalogPackage;
    const choice = chooseRevision(index, pkg, needs, 't');
    expect('error' in choice && choice.error).toBe(
      'r/p revision "3" installed on t does not create Namespace/web; no Published revision serves all of them',
    );
    expect(missingText([...needs, { group: 'g', version: 'v1', kind: 'K' }])).toBe(
      'does not serve g/v1 K and does not create Namespace/web',
    );
    expect(everyNeed(needs, 'serving')).toBe('creating every needed object');
    expect(everyNeed([], 'serves')).toBe('serves every needed version');
  });
});
