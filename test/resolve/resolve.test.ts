import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { processText } from '../../src/krm/index.js';
import { resolveDependencies } from '../../functions/resolve-dependencies/processor.js';
import { catalogText, kptfileText, resourceListText } from '../support/resource-list.js';
import type { TestFile } from '../support/resource-list.js';

interface OutItem {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
}
interface OutResult {
  message: string;
  severity: string;
  resourceRef?: { kind: string; name: string };
  field?: { path: string };
  file?: { path: string };
}

const packages = `
- repository: sandbox
  package: cert-manager
  revisions:
    - revision: "1"
      lifecycle: Published
      provides:
        - {group: cert-manager.io, kind: Certificate, resource: certificates, versions: [v1alpha2], scope: Namespaced}
    - revision: "2"
      workspaceName: v2
      lifecycle: Published
      provides:
        - {group: cert-manager.io, kind: Certificate, resource: certificates, versions: [v1, v1alpha2], scope: Namespaced}
        - {group: cert-manager.io, kind: Issuer, resource: issuers, versions: [v1], scope: Namespaced}
    - revision: "3"
      lifecycle: Draft
      provides:
        - {group: cert-manager.io, kind: Certificate, resource: certificates, versions: [v2], scope: Namespaced}
- repository: extras
  package: cert-manager-lite
  revisions:
    - revision: "1"
      lifecycle: Published
      provides:
        - {group: cert-manager.io, kind: Certificate, resource: certificates, versions: [v1], scope: Namespaced}
- repository: sandbox
  package: metallb
  revisions:
    - revision: v1
      lifecycle: Published
      provides:
        - {group: metallb.io, kind: IPAddressPool, resource: ipaddresspools, versions: [v1beta1], scope: Namespaced}
        - {group: metallb.io, kind: L2Advertisement, resource: l2advertisements, versions: [v1beta1], scope: Namespaced}
- repository: sandbox
  package: metrics
  revisions:
    - revision: "1"
      lifecycle: Published
      provides:
        - {group: metrics.example.io, versions: [v1beta1], source: APIService}
- repository: sandbox
  package: drafts-only
  revisions:
    - revision: "1"
      lifecycle: Draft
      provides:
        - {group: draft.example.io, kind: Thing, resource: things, versions: [v1]}
`;

const catalog: TestFile = {
  path: 'catalog.yaml',
  yaml: catalogText({
    packages,
    installed: '- {target: edge01, repository: extras, package: cert-manager-lite, revision: "1"}',
    platform: '- {group: monitoring.coreos.com}\n- {group: example.com, kind: Widget}',
  }),
};
const kptfile: TestFile = { path: 'Kptfile', yaml: kptfileText('app') };

function resource(path: string, apiVersion: string, kind: string, name: string, extra = ''): TestFile {
  return { path, yaml: `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n${extra}` };
}

const certificate = resource('cert.yaml', 'cert-manager.io/v1', 'Certificate', 'web');
const issuer = resource('issuer.yaml', 'cert-manager.io/v1', 'Issuer', 'ca');
const pool = resource('pool.yaml', 'metallb.io/v1beta1', 'IPAddressPool', 'pool');

function configMap(data: Record<string, string>): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: function-input\ndata:\n${Object.entries(data)
    .map(([k, v]) => `  ${k}: "${v}"`)
    .join('\n')}\n`;
}

function run(files: TestFile[], config?: Record<string, string>) {
  const output = processText(
    resourceListText(files, config === undefined ? undefined : configMap(config)),
    resolveDependencies,
    'resolve-dependencies',
  );
  const list = parse(output.stdout) as { items: OutItem[]; results?: OutResult[] };
  const byName = (kind: string, name: string) =>
    list.items.find((item) => item.kind === kind && item.metadata.name === name);
  const annotations = (kind: string, name: string) => byName(kind, name)?.metadata.annotations ?? {};
  return { ...output, list, results: list.results ?? [], annotations, kptfile: annotations('Kptfile', 'app') };
}

describe('resolve-dependencies: resolution rules (docs/SPEC.md section 4)', () => {
  it('writes depends-on and requires-apis on the Kptfile and provided-by on items', () => {
    const settled = run([kptfile, catalog, issuer, pool, certificate], { target: 'edge01' });
    expect(settled.exitCode).toBe(0);
    expect(settled.kptfile['pkgdeps.dev/depends-on']).toBe(
      'extras/cert-manager-lite,sandbox/cert-manager,sandbox/metallb',
    );
    expect(settled.kptfile['pkgdeps.dev/requires-apis']).toBe(
      'cert-manager.io/v1/Certificate,cert-manager.io/v1/Issuer,metallb.io/v1beta1/IPAddressPool',
    );
    expect(settled.annotations('Certificate', 'web')['pkgdeps.dev/provided-by']).toBe('extras/cert-manager-lite');
    expect(settled.annotations('IPAddressPool', 'pool')['pkgdeps.dev/provided-by']).toBe('sandbox/metallb');
    const infos = settled.results.filter((r) => r.severity === 'info').map((r) => r.message);
    expect(infos).toHaveLength(3);
    expect(infos.find((m) => m.includes('sandbox/metallb'))).toMatch(
      /revision "v1" \(latest Published revision serving every needed version\), needed by IPAddressPool\/pool \(pool.yaml\)/,
    );
    expect(infos.find((m) => m.includes('extras/cert-manager-lite'))).toMatch(/revision "1" \(installed on edge01\)/);
  });

  it('rule skip-unapplied: skips local-config items, Kptfiles, function configs and the catalog', () => {
    const localConfig = resource(
      'local.yaml',
      'unknown.example.io/v1',
      'Thing',
      'x',
      '  annotations:\n    config.kubernetes.io/local-config: "true"\n',
    );
    const fnConfig = resource('fn.yaml', 'fn.kpt.dev/v1alpha1', 'SetLabels', 'x');
    const ours = resource('ours.yaml', 'fn.pkgdeps.dev/v1alpha1', 'ResolveDependencies', 'x');
    const kptConfig = resource('kpt.yaml', 'kpt.dev/v1alpha1', 'Config', 'x');
    const out = run([kptfile, catalog, localConfig, fnConfig, ours, kptConfig]);
    expect(out.exitCode).toBe(0);
    expect(out.results).toEqual([]);
    expect(out.kptfile['pkgdeps.dev/depends-on']).toBeUndefined();
  });

  it('rule package-unit: subpackages belong to the outermost package; several packages each get their own annotations', () => {
    const inner: TestFile = {
      path: 'sub/Kptfile',
      yaml: kptfileText('sub', { 'pkgdeps.dev/depends-on': 'stale/stale' }),
    };
    const innerPool = { ...pool, path: 'sub/pool.yaml' };
    const out = run([kptfile, catalog, inner, innerPool]);
    expect(out.kptfile['pkgdeps.dev/depends-on']).toBe('sandbox/metallb');
    expect(out.annotations('Kptfile', 'sub')['pkgdeps.dev/depends-on']).toBeUndefined();

    const a: TestFile = { path: 'a/Kptfile', yaml: kptfileText('a') };
    const b: TestFile = { path: 'b/Kptfile', yaml: kptfileText('b') };
    const two = run([
      a,
      b,
      { ...catalog, path: 'catalog/catalog.yaml' },
      { ...pool, path: 'a/pool.yaml' },
      { ...issuer, path: 'b/x/issuer.yaml' },
    ]);
    expect(two.exitCode).toBe(0);
    expect(two.annotations('Kptfile', 'a')['pkgdeps.dev/depends-on']).toBe('sandbox/metallb');
    expect(two.annotations('Kptfile', 'b')['pkgdeps.dev/depends-on']).toBe('sandbox/cert-manager');
  });

  it('rule local-apis: local CRDs and APIServices satisfy their package', () => {
    const crd = resource(
      'crd.yaml',
      'apiextensions.k8s.io/v1',
      'CustomResourceDefinition',
      'things.local.io',
      'spec:\n  group: local.io\n  names: {kind: Thing, plural: things}\n  scope: Namespaced\n  versions:\n    - {name: v1, served: true, storage: true}\n',
    );
    const apiService = resource(
      'apisvc.yaml',
      'apiregistration.k8s.io/v1',
      'APIService',
      'v1.agg.io',
      'spec:\n  group: agg.io\n  version: v1\n  service: {name: agg, namespace: agg}\n',
    );
    const out = run([
      kptfile,
      catalog,
      crd,
      apiService,
      resource('thing.yaml', 'local.io/v1', 'Thing', 't'),
      resource('agg.yaml', 'agg.io/v1', 'Anything', 'a'),
    ]);
    expect(out.exitCode).toBe(0);
    expect(out.kptfile['pkgdeps.dev/requires-apis']).toBeUndefined();
  });

  it('rule local-apis: a local CRD satisfies only its own outermost package', () => {
    const crdSpec =
      'spec:\n  group: cert-manager.io\n  names: {kind: Issuer, plural: issuers}\n  scope: Namespaced\n' +
      '  versions:\n    - {name: v1, served: true, storage: true}\n';
    const crdKind = 'CustomResourceDefinition';
    const crd = resource('a/crd.yaml', 'apiextensions.k8s.io/v1', crdKind, 'issuers.cert-manager.io', crdSpec);
    const a: TestFile = { path: 'a/Kptfile', yaml: kptfileText('a') };
    const b: TestFile = { path: 'b/Kptfile', yaml: kptfileText('b') };
    const issuers = [
      { ...issuer, path: 'a/issuer.yaml' },
      { ...issuer, path: 'b/issuer.yaml' },
    ];
    const out = run([a, b, { ...catalog, path: 'catalog/catalog.yaml' }, crd, ...issuers]);
    expect(out.exitCode).toBe(0);
    expect(out.annotations('Kptfile', 'a')['pkgdeps.dev/depends-on']).toBeUndefined();
    expect(out.annotations('Kptfile', 'b')['pkgdeps.dev/depends-on']).toBe('sandbox/cert-manager');
    expect(out.annotations('Kptfile', 'b')['pkgdeps.dev/requires-apis']).toBe('cert-manager.io/v1/Issuer');
  });

  it('rule platform-no-dependency: built-in and catalog platform APIs create no dependency', () => {
    const out = run([
      kptfile,
      catalog,
      resource('d.yaml', 'apps/v1', 'Deployment', 'd'),
      resource('cm.yaml', 'v1', 'ConfigMap', 'cm'),
      resource('sm.yaml', 'monitoring.coreos.com/v1', 'ServiceMonitor', 'sm'),
      resource('w.yaml', 'example.com/v1', 'Widget', 'w'),
    ]);
    expect(out.exitCode).toBe(0);
    expect(out.results).toEqual([]);
    const gadget = run([kptfile, catalog, resource('g.yaml', 'example.com/v1', 'Gadget', 'g')]);
    expect(gadget.exitCode).toBe(1);
    expect(gadget.results[0]?.message).toMatch(/no package of the catalog provides example.com\/v1 Gadget/);
  });

  it('rule candidates: a version that is not served is an error listing the served versions', () => {
    const out = run([kptfile, catalog, resource('c.yaml', 'cert-manager.io/v1beta1', 'Issuer', 'old')]);
    expect(out.exitCode).toBe(1);
    expect(out.results[0]).toMatchObject({
      severity: 'error',
      resourceRef: { kind: 'Issuer', name: 'old' },
      file: { path: 'c.yaml' },
    });
    expect(out.results[0]?.message).toMatch(/not at version v1beta1: sandbox\/cert-manager serves v1/);
  });

  it('rule candidates: an API only Draft revisions provide is an error naming them', () => {
    const out = run([kptfile, catalog, resource('t.yaml', 'draft.example.io/v1', 'Thing', 't')]);
    expect(out.results[0]?.message).toMatch(
      /only by revisions that are not Published: sandbox\/drafts-only revision "1" \(Draft\)/,
    );
    const v2 = run([kptfile, catalog, resource('c.yaml', 'cert-manager.io/v2', 'Certificate', 'c')], {
      target: 'edge01',
    });
    expect(v2.results[0]?.message).toMatch(/not at version v2/);
  });

  it('rule candidates: unprovided APIs are errors, or warnings with onUnresolved: warning', () => {
    const unknown = resource('u.yaml', 'unknown.io/v1', 'Gizmo', 'g');
    const strict = run([kptfile, catalog, unknown]);
    expect(strict.exitCode).toBe(1);
    expect(strict.results[0]).toMatchObject({ severity: 'error', field: { path: 'apiVersion' } });
    expect(strict.results[0]?.message).toMatch(
      /^Gizmo\/g \(u.yaml\): no package of the catalog provides unknown.io\/v1 Gizmo; add the package/,
    );
    const lenient = run([kptfile, catalog, unknown], { onUnresolved: 'warning' });
    expect(lenient.exitCode).toBe(0);
    expect(lenient.results[0]?.severity).toBe('warning');
    expect(lenient.kptfile['pkgdeps.dev/requires-apis']).toBe('unknown.io/v1/Gizmo');
  });

  it('rule candidates: an APIService group matches any kind no CRD provides', () => {
    const out = run([kptfile, catalog, resource('m.yaml', 'metrics.example.io/v1beta1', 'NodeMetrics', 'n')]);
    expect(out.exitCode).toBe(0);
    expect(out.kptfile['pkgdeps.dev/depends-on']).toBe('sandbox/metrics');
    expect(out.annotations('NodeMetrics', 'n')['pkgdeps.dev/provided-by']).toBe('sandbox/metrics');
  });

  it('rule tie-breaks: an ambiguous API is an error listing every candidate and the preference that settles it', () => {
    const out = run([kptfile, catalog, certificate]);
    expect(out.exitCode).toBe(1);
    const error = out.results.find((r) => r.severity === 'error');
    expect(error?.message).toContain(
      'cert-manager.io/v1 Certificate is provided by 2 packages: extras/cert-manager-lite, sandbox/cert-manager',
    );
    expect(error?.message).toContain(
      'preferences: [{group: cert-manager.io, kind: Certificate, repository: extras, package: cert-manager-lite}]',
    );
    expect(error?.message).toContain('preferences: "cert-manager.io/Certificate=extras/cert-manager-lite"');
    expect(
      out.list.items.find((i) => i.kind === 'Certificate')?.metadata.annotations?.['pkgdeps.dev/provided-by'],
    ).toBeUndefined();
  });

  it('rule tie-breaks (a): the package installed on the target wins', () => {
    const out = run([kptfile, catalog, certificate], { target: 'edge01' });
    expect(out.exitCode).toBe(0);
    expect(out.kptfile['pkgdeps.dev/depends-on']).toBe('extras/cert-manager-lite');
  });

  it('rule tie-breaks (b): a preference settles it, a kind preference before a group one', () => {
    const group = run([kptfile, catalog, certificate], { preferences: 'cert-manager.io=sandbox/cert-manager' });
    expect(group.kptfile['pkgdeps.dev/depends-on']).toBe('sandbox/cert-manager');
    const both = run([kptfile, catalog, certificate], {
      preferences: 'cert-manager.io=sandbox/cert-manager,cert-manager.io/Certificate=extras/cert-manager-lite',
    });
    expect(both.kptfile['pkgdeps.dev/depends-on']).toBe('extras/cert-manager-lite');
  });

  it('rule tie-breaks (c): the package already chosen without ambiguity for another API of the package wins', () => {
    const out = run([kptfile, catalog, certificate, issuer]);
    expect(out.exitCode).toBe(0);
    expect(out.kptfile['pkgdeps.dev/depends-on']).toBe('sandbox/cert-manager');
    expect(out.annotations('Certificate', 'web')['pkgdeps.dev/provided-by']).toBe('sandbox/cert-manager');
  });

  it('a preference naming a package the catalog does not know is a warning', () => {
    const out = run([kptfile, catalog, issuer], { preferences: 'cert-manager.io=nowhere/nothing' });
    expect(out.exitCode).toBe(0);
    expect(out.results.find((r) => r.severity === 'warning')?.message).toMatch(
      /names nowhere\/nothing, which is not in catalog "package-catalog"/,
    );
  });

  describe('rule rbac-rules: RBAC rules', () => {
    const role = (rules: string) =>
      resource('role.yaml', 'rbac.authorization.k8s.io/v1', 'ClusterRole', 'r', `rules:\n${rules}`);

    it('maps plurals (subresources stripped) to kinds and packages', () => {
      const out = run([
        kptfile,
        catalog,
        role(
          '  - apiGroups: ["metallb.io", ""]\n    resources: ["ipaddresspools/status", "secrets"]\n    verbs: ["get"]\n',
        ),
      ]);
      expect(out.exitCode).toBe(0);
      expect(out.kptfile['pkgdeps.dev/depends-on']).toBe('sandbox/metallb');
      expect(out.kptfile['pkgdeps.dev/requires-apis']).toBe('metallb.io/*/IPAddressPool');
      expect(out.annotations('ClusterRole', 'r')['pkgdeps.dev/provided-by']).toBeUndefined();
    });

    it('drops the * version when a resource needs the API at a real version', () => {
      const out = run([
        kptfile,
        catalog,
        pool,
        role('  - apiGroups: ["metallb.io"]\n    resources: ["ipaddresspools"]\n    verbs: ["get"]\n'),
      ]);
      expect(out.kptfile['pkgdeps.dev/requires-apis']).toBe('metallb.io/v1beta1/IPAddressPool');
    });

    it('gives an info result for wildcards and a warning for unknown plurals', () => {
      const out = run([
        kptfile,
        catalog,
        role(
          '  - apiGroups: ["*"]\n    resources: ["pods"]\n    verbs: ["get"]\n  - apiGroups: ["metallb.io"]\n    resources: ["bgppeers"]\n    verbs: ["get"]\n',
        ),
      ]);
      expect(out.exitCode).toBe(0);
      expect(out.results.map((r) => [r.severity, r.field?.path])).toEqual([
        ['warning', 'rules[1]'],
        ['info', 'rules[0]'],
      ]);
      expect(out.results[0]?.message).toMatch(/resource "bgppeers" of group metallb.io/);
    });

    it('treats the legacy built-in group extensions as platform (RBAC rules still name it)', () => {
      const out = run([
        kptfile,
        catalog,
        role('  - apiGroups: ["extensions"]\n    resources: ["deployments", "ingresses"]\n    verbs: ["get"]\n'),
      ]);
      expect(out.exitCode).toBe(0);
      expect(out.results).toEqual([]);
      expect(out.kptfile['pkgdeps.dev/depends-on']).toBeUndefined();
    });

    it('resolves a plural of an APIService group to its package', () => {
      const out = run([
        kptfile,
        catalog,
        role('  - apiGroups: ["metrics.example.io"]\n    resources: ["nodes"]\n    verbs: ["get"]\n'),
      ]);
      expect(out.kptfile['pkgdeps.dev/depends-on']).toBe('sandbox/metrics');
    });
  });

  it('rule package-variant-upstream: a hand-written PackageVariant makes its upstream a dependency; generated ones do not', () => {
    const pv = (name: string, extra: string) =>
      resource(
        `${name}.yaml`,
        'config.porch.kpt.dev/v1alpha1',
        'PackageVariant',
        name,
        `${extra}spec:\n  upstream: {repo: sandbox, package: ${name}}\n  downstream: {repo: edge01, package: ${name}}\n`,
      );
    const platformCatalog = {
      path: 'catalog.yaml',
      yaml: catalogText({ packages, platform: '- {group: config.porch.kpt.dev}' }),
    };
    const out = run([
      kptfile,
      platformCatalog,
      pv('metallb', ''),
      pv('cert-manager', '  annotations:\n    pkgdeps.dev/generated-by: "app"\n'),
    ]);
    expect(out.exitCode).toBe(0);
    expect(out.kptfile['pkgdeps.dev/depends-on']).toBe('sandbox/metallb');
    const unknown = run([kptfile, platformCatalog, pv('unknown-pkg', '')]);
    expect(unknown.kptfile['pkgdeps.dev/depends-on']).toBe('sandbox/unknown-pkg');
    expect(unknown.results[0]?.severity).toBe('warning');
  });

  it('rule package-variant-upstream: a hand-written PackageVariant into another repository is no dependency on the target', () => {
    const pv = (name: string, into: string) =>
      resource(
        `${name}.yaml`,
        'config.porch.kpt.dev/v1alpha1',
        'PackageVariant',
        name,
        `spec:\n  upstream: {repo: sandbox, package: ${name}}\n  downstream: {repo: ${into}, package: ${name}}\n`,
      );
    const platformCatalog = {
      path: 'catalog.yaml',
      yaml: catalogText({ packages, platform: '- {group: config.porch.kpt.dev}' }),
    };
    const files = [
      kptfile,
      platformCatalog,
      pv('metallb', 'edge01'),
      pv('cert-manager', 'edge02'),
      pv('unknown-pkg', 'edge02'),
    ];
    const out = run(files, { target: 'edge01' });
    expect(out.exitCode).toBe(0);
    expect(out.kptfile['pkgdeps.dev/depends-on']).toBe('sandbox/metallb');
    expect(out.results.filter((result) => result.severity !== 'info')).toEqual([]);
    expect(out.results.filter((result) => result.field?.path === 'spec.downstream.repo').map((r) => r.message)).toEqual(
      [
        'PackageVariant/cert-manager (cert-manager.yaml): installs sandbox/cert-manager into downstream repository edge02, ' +
          'not edge01 (the downstream repository of target edge01: downstreamRepository, by default the target), so on ' +
          'another target: no dependency here',
        'PackageVariant/unknown-pkg (unknown-pkg.yaml): installs sandbox/unknown-pkg into downstream repository edge02, ' +
          'not edge01 (the downstream repository of target edge01: downstreamRepository, by default the target), so on ' +
          'another target: no dependency here',
      ],
    );
    // downstreamRepository names the target's repository; without a target or one, every PackageVariant counts
    const named = run(files, { target: 'edge01', downstreamRepository: 'edge02' });
    expect(named.kptfile['pkgdeps.dev/depends-on']).toBe('sandbox/cert-manager,sandbox/unknown-pkg');
    const untargeted = run(files);
    expect(untargeted.kptfile['pkgdeps.dev/depends-on']).toBe(
      'sandbox/cert-manager,sandbox/metallb,sandbox/unknown-pkg',
    );
  });

  it('rule self-provider: a provider that is the package itself is no dependency', () => {
    const self: TestFile = { path: 'Kptfile', yaml: kptfileText('metallb') };
    const out = run([self, catalog, pool, issuer]);
    expect(out.annotations('Kptfile', 'metallb')['pkgdeps.dev/depends-on']).toBe('sandbox/cert-manager');
  });
});

describe('resolve-dependencies: revision choice', () => {
  it('errors when the installed revision misses a needed version, naming the revision to upgrade to', () => {
    const installedOld = {
      path: 'catalog.yaml',
      yaml: catalogText({
        packages,
        installed: '- {target: edge01, repository: sandbox, package: cert-manager, revision: "1"}',
      }),
    };
    const out = run([kptfile, installedOld, certificate, issuer], { target: 'edge01' });
    expect(out.exitCode).toBe(1);
    expect(out.results[0]?.message).toMatch(
      /sandbox\/cert-manager revision "1" installed on edge01 does not serve cert-manager.io\/v1 Certificate, cert-manager.io\/v1 Issuer; upgrade sandbox\/cert-manager on edge01 to revision "2"/,
    );
  });

  it('picks the latest Published revision serving every needed version', () => {
    const out = run([
      kptfile,
      catalog,
      certificate,
      issuer,
      resource('old.yaml', 'cert-manager.io/v1alpha2', 'Certificate', 'old'),
    ]);
    expect(out.results.find((r) => r.severity === 'info')?.message).toMatch(/sandbox\/cert-manager revision "2"/);
  });
});

describe('resolve-dependencies: annotations (docs/SPEC.md section 5)', () => {
  it('removes stale annotations and honours annotateResources: false', () => {
    const stale = {
      path: 'Kptfile',
      yaml: kptfileText('app', { 'pkgdeps.dev/depends-on': 'old/old', 'pkgdeps.dev/requires-apis': 'x/v1/Y' }),
    };
    const stalePool = resource(
      'pool.yaml',
      'metallb.io/v1beta1',
      'IPAddressPool',
      'pool',
      '  annotations:\n    pkgdeps.dev/provided-by: "old/old"\n',
    );
    const deploy = resource(
      'd.yaml',
      'apps/v1',
      'Deployment',
      'd',
      '  annotations:\n    pkgdeps.dev/provided-by: "old/old"\n',
    );
    const out = run([stale, catalog, stalePool, deploy], { annotateResources: 'false' });
    expect(out.kptfile['pkgdeps.dev/depends-on']).toBe('sandbox/metallb');
    expect(out.annotations('IPAddressPool', 'pool')['pkgdeps.dev/provided-by']).toBeUndefined();
    expect(out.annotations('Deployment', 'd')).toEqual(
      expect.not.objectContaining({ 'pkgdeps.dev/provided-by': expect.anything() }),
    );
    const none = run([stale, catalog]);
    expect(none.kptfile['pkgdeps.dev/depends-on']).toBeUndefined();
    expect(none.kptfile['pkgdeps.dev/requires-apis']).toBeUndefined();
  });

  it('is idempotent: running on its own output changes nothing', () => {
    const first = processText(
      resourceListText([kptfile, catalog, certificate, issuer, pool]),
      resolveDependencies,
      'resolve-dependencies',
    );
    expect(first.exitCode).toBe(0);
    const withoutResults = first.stdout.replace(/\nresults:[\s\S]*$/, '\n');
    const second = processText(withoutResults, resolveDependencies, 'resolve-dependencies');
    expect(second.stdout).toBe(first.stdout);
  });
});
