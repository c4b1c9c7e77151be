import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { processText, readPackageDir } from '../../src/krm/index.js';
import { resolveDependencies } from '../../functions/resolve-dependencies/processor.js';
import { fixturePackageList, nephioCatalogDir } from '../support/fixture-package.js';

/**
 * resolve-dependencies on real packages of nephio-project/catalog (read-only fixture) with the
 * hand-written catalog of test/fixtures/nephio/catalog.yaml. Expectations come from reading
 * the packages: which items are applied to a cluster, which CRDs they carry, which catalog
 * packages serve the rest.
 */

/** The CRDs of these packages are large (infra/capi/cluster-capi holds 1.7 MB of YAML); give them time. */
const slow = { timeout: 30_000 };

const catalog = readFileSync(new URL('../fixtures/nephio/catalog.yaml', import.meta.url), 'utf8');

const DEPENDS_ON = 'pkgdeps.dev/depends-on';
const REQUIRES_APIS = 'pkgdeps.dev/requires-apis';
const PROVIDED_BY = 'pkgdeps.dev/provided-by';

interface Item {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: unknown;
}
interface Result {
  message: string;
  severity: string;
  resourceRef?: { apiVersion: string; kind: string; name: string };
  field?: { path: string };
  file?: { path: string; index?: number };
  tags?: Record<string, string>;
}

function configMap(data: Record<string, string>): string {
  const lines = Object.entries(data).map(([key, value]) => `  ${key}: ${JSON.stringify(value)}`);
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: resolve-config\ndata:\n${lines.join('\n')}\n`;
}

function run(pkg: string, functionConfig?: string) {
  const output = processText(
    fixturePackageList(pkg, [catalog], functionConfig),
    resolveDependencies,
    'resolve-dependencies',
  );
  const list = parse(output.stdout) as { items: Item[]; results?: Result[] };
  const results = list.results ?? [];
  const annotations = (kind: string, name: string): Record<string, string> => {
    const found = list.items.find((item) => item.kind === kind && item.metadata.name === name);
    if (found === undefined) throw new Error(`${pkg}: no ${kind}/${name} in the output`);
    return found.metadata.annotations ?? {};
  };
  const kptfile = list.items.find((item) => item.kind === 'Kptfile')?.metadata.annotations ?? {};
  return {
    exitCode: output.exitCode,
    stderr: output.stderr,
    items: list.items,
    results,
    kptfile,
    providedBy: (kind: string, name: string) => annotations(kind, name)[PROVIDED_BY],
    severities: (severity: string) => results.filter((result) => result.severity === severity),
  };
}

interface CrdSpec {
  group: string;
  scope: string;
  names: { kind: string; plural: string };
  versions: Array<{ name: string; served: boolean }>;
}
interface ApiServiceSpec {
  group: string;
  version: string;
  service?: unknown;
}

/** What a catalog entry says of a CRD or APIService item (docs/SPEC.md section 1, Provider). */
function provides(item: Item): unknown[] {
  if (item.kind === 'CustomResourceDefinition') {
    const { group, names, scope, versions } = item.spec as CrdSpec;
    const served = versions.filter((version) => version.served).map((version) => version.name);
    return [{ group, kind: names.kind, resource: names.plural, versions: served, scope }];
  }
  const spec = item.spec as ApiServiceSpec;
  if (item.kind === 'APIService' && spec.service != null)
    return [{ group: spec.group, versions: [spec.version], source: 'APIService' }];
  return [];
}

function items(dir: string): Item[] {
  return (parse(readPackageDir(join(nephioCatalogDir, dir)).text) as { items: Item[] }).items;
}

describe('the Nephio catalog fixture', slow, () => {
  it('lists, for each package, exactly the CRDs and APIServices of its directory in the stock repository', () => {
    const directories = new Map(
      items('nephio/optional/stock-repos')
        .filter((item) => item.kind === 'Repository')
        .map((repo) => [
          repo.metadata.name,
          (repo.spec as { git: { directory: string } }).git.directory.replace(/^\//, ''),
        ]),
    );
    const data = (parse(catalog) as { data: { packages: string } }).data;
    const packages = parse(data.packages) as Array<{
      repository: string;
      package: string;
      revisions: Array<{ provides: unknown[] }>;
    }>;
    expect(packages).toHaveLength(20);
    const key = (entry: unknown) => {
      const { group, kind } = entry as { group: string; kind?: string };
      return `${group}/${kind ?? ''}`;
    };
    const sorted = (entries: unknown[]) => [...entries].sort((a, b) => key(a).localeCompare(key(b)));
    for (const pkg of packages) {
      const directory = directories.get(pkg.repository);
      expect(directory, `stock repository ${pkg.repository}`).toBeDefined();
      const found = items(`${directory}/${pkg.package}`).flatMap(provides);
      expect(sorted(pkg.revisions[0]?.provides ?? []), `${pkg.repository}/${pkg.package}`).toEqual(sorted(found));
    }
  });
});

describe('resolve-dependencies on real Nephio packages', slow, () => {
  it('workloads/free5gc/pkg-example-amf-bp needs the NFDeployment CRD of workload-crds; its local-config items need nothing', () => {
    const out = run('workloads/free5gc/pkg-example-amf-bp');
    expect(out.stderr).toBe('');
    expect(out.exitCode).toBe(0);
    expect(out.kptfile[DEPENDS_ON]).toBe('catalog-nephio-core/workload-crds');
    expect(out.kptfile[REQUIRES_APIS]).toBe('workload.nephio.org/v1alpha1/NFDeployment');
    expect(out.providedBy('NFDeployment', 'amf-example')).toBe('catalog-nephio-core/workload-crds');
    // req.nephio.org and infra.nephio.org are ambiguous in this catalog (nephio-operator and
    // spiffe-nephio-operator); these items are local-config, so they must not be resolved.
    expect(out.providedBy('Interface', 'n2')).toBeUndefined();
    expect(out.providedBy('WorkloadCluster', 'workload-cluster')).toBeUndefined();
    expect(out.providedBy('Network', 'vpc-ran')).toBeUndefined();
    // amfdeployment.yaml is in namespace amf-example; this catalog, written by hand, lists no objects at all, so it
    // cannot say who creates it: one warning for the package (rule object-resolution)
    expect(out.results.map((result) => result.severity)).toEqual(['warning', 'info']);
    expect(out.results[0]).toMatchObject({ resourceRef: { kind: 'Kptfile', name: 'pkg-amf' } });
    expect(out.results[0]?.message).toMatch(
      /^package pkg-amf references Namespace\/amf-example, which it does not create, and catalog "package-catalog" cannot say/,
    );
    expect(out.results[1]).toMatchObject({
      severity: 'info',
      resourceRef: { kind: 'Kptfile', name: 'pkg-amf' },
      file: { path: 'Kptfile' },
    });
    expect(out.results[1]?.message).toContain('catalog-nephio-core/workload-crds revision "main"');
    expect(out.results[1]?.message).toContain('NFDeployment/amf-example (amfdeployment.yaml)');
  });

  it('nephio/optional/flux-gitrepo-kustomize: only fluxcd serves Kustomization, which settles GitRepository (rule tie-breaks (c))', () => {
    const out = run('nephio/optional/flux-gitrepo-kustomize');
    expect(out.exitCode).toBe(0);
    expect(out.kptfile[DEPENDS_ON]).toBe('catalog-nephio-optional/fluxcd');
    expect(out.kptfile[REQUIRES_APIS]).toBe(
      'kustomize.toolkit.fluxcd.io/v1/Kustomization,source.toolkit.fluxcd.io/v1/GitRepository',
    );
    expect(out.providedBy('GitRepository', 'example-cluster-name')).toBe('catalog-nephio-optional/fluxcd');
    expect(out.providedBy('Kustomization', 'example-cluster-name')).toBe('catalog-nephio-optional/fluxcd');
    expect(out.results.map((result) => result.severity)).toEqual(['info']);
    expect(out.results[0]?.message).toContain('catalog-nephio-optional/fluxcd revision "main"');
    expect(out.results[0]?.message).toContain('GitRepository/example-cluster-name (flux-wc-gitrepo.yaml)');
    expect(out.results[0]?.message).toContain('Kustomization/example-cluster-name (flux-wc-kustomization.yaml)');
  });

  it('nephio/optional/flux-gitrepo-kustomize: a preference (typed config) comes before rule tie-breaks (c)', () => {
    const config = `apiVersion: fn.pkgdeps.dev/v1alpha1
kind: ResolveDependencies
metadata:
  name: resolve
preferences:
  - {group: source.toolkit.fluxcd.io, repository: catalog-nephio-optional, package: flux-helm-controllers}
`;
    const out = run('nephio/optional/flux-gitrepo-kustomize', config);
    expect(out.exitCode).toBe(0);
    expect(out.kptfile[DEPENDS_ON]).toBe(
      'catalog-nephio-optional/flux-helm-controllers,catalog-nephio-optional/fluxcd',
    );
    expect(out.providedBy('GitRepository', 'example-cluster-name')).toBe(
      'catalog-nephio-optional/flux-helm-controllers',
    );
    expect(out.providedBy('Kustomization', 'example-cluster-name')).toBe('catalog-nephio-optional/fluxcd');
    expect(out.severities('info')).toHaveLength(2);
  });

  it('infra/capi/cluster-capi: cert-manager for its Certificates and Issuers; its own CRDs cover its RBAC; platform APIs need nothing', () => {
    const out = run('infra/capi/cluster-capi');
    expect(out.exitCode).toBe(0);
    expect(out.kptfile[DEPENDS_ON]).toBe('catalog-distros-sandbox/cert-manager');
    // No cluster.x-k8s.io/*/Cluster etc. although its ClusterRoles name clusters, machines,
    // kubeadmconfigs...: the package's own CRDs define them. No apps, v1, rbac or
    // admissionregistration API either.
    expect(out.kptfile[REQUIRES_APIS]).toBe('cert-manager.io/v1/Certificate,cert-manager.io/v1/Issuer');
    for (const [kind, name] of [
      ['Certificate', 'capi-serving-cert'],
      ['Issuer', 'capi-selfsigned-issuer'],
      ['Certificate', 'capi-kubeadm-bootstrap-serving-cert'],
      ['Issuer', 'capi-kubeadm-control-plane-selfsigned-issuer'],
    ] as const) {
      expect(out.providedBy(kind, name), `${kind}/${name}`).toBe('catalog-distros-sandbox/cert-manager');
    }
    for (const [kind, name] of [
      ['Namespace', 'capi-system'],
      ['Deployment', 'capi-controller-manager'],
      ['Service', 'capi-webhook-service'],
      ['ClusterRole', 'capi-manager-role'],
      ['ValidatingWebhookConfiguration', 'capi-validating-webhook-configuration'],
      ['CustomResourceDefinition', 'clusters.cluster.x-k8s.io'],
    ] as const) {
      expect(out.providedBy(kind, name), `${kind}/${name}`).toBeUndefined();
    }
    expect(out.severities('error')).toEqual([]);
    expect(out.severities('warning')).toEqual([]);
    // Rules with "*" in resources (on groups of its own CRDs) cannot be attributed: one info each.
    const wildcards = out.results.filter((result) => result.field?.path?.startsWith('rules['));
    expect(wildcards.map((result) => [result.severity, result.resourceRef?.name, result.field?.path])).toEqual([
      ['info', 'capi-kubeadm-control-plane-manager-role', 'rules[3]'],
      ['info', 'capi-manager-role', 'rules[1]'],
      ['info', 'capi-manager-role', 'rules[6]'],
      ['info', 'capi-manager-role', 'rules[7]'],
    ]);
    expect(wildcards[0]?.file).toEqual({ path: 'cluster-api-control-plane.yaml', index: 6 });
    const dependency = out.results.filter((result) => result.resourceRef?.kind === 'Kptfile');
    expect(dependency).toHaveLength(1);
    expect(dependency[0]?.message).toContain('catalog-distros-sandbox/cert-manager revision "main"');
    expect(dependency[0]?.message).toContain(
      'Certificate/capi-kubeadm-bootstrap-serving-cert (cluster-api-bootstrap.yaml)',
    );
    expect(out.results).toHaveLength(5);

    const onMgmt = run('infra/capi/cluster-capi', configMap({ target: 'mgmt' }));
    expect(onMgmt.kptfile[DEPENDS_ON]).toBe('catalog-distros-sandbox/cert-manager');
    expect(onMgmt.results.find((result) => result.resourceRef?.kind === 'Kptfile')?.message).toMatch(
      /catalog-distros-sandbox\/cert-manager revision "main" \(installed on mgmt\)/,
    );
  });

  it('infra/capi/cluster-capi-kind-docker-templates: the kind, not the group, picks the infrastructure provider', () => {
    // infrastructure.cluster.x-k8s.io is served by the docker and the metal3 providers, for
    // different kinds: DockerMachineTemplate is docker's only.
    const out = run('infra/capi/cluster-capi-kind-docker-templates', configMap({ target: 'mgmt' }));
    expect(out.exitCode).toBe(0);
    expect(out.kptfile[DEPENDS_ON]).toBe(
      'catalog-infra-capi/cluster-capi,catalog-infra-capi/cluster-capi-infrastructure-docker',
    );
    expect(out.kptfile[REQUIRES_APIS]).toBe(
      [
        'bootstrap.cluster.x-k8s.io/v1beta1/KubeadmConfigTemplate',
        'cluster.x-k8s.io/v1beta1/ClusterClass',
        'controlplane.cluster.x-k8s.io/v1beta1/KubeadmControlPlaneTemplate',
        'infrastructure.cluster.x-k8s.io/v1beta1/DockerClusterTemplate',
        'infrastructure.cluster.x-k8s.io/v1beta1/DockerMachineTemplate',
      ].join(','),
    );
    expect(out.providedBy('ClusterClass', 'docker')).toBe('catalog-infra-capi/cluster-capi');
    expect(out.providedBy('KubeadmControlPlaneTemplate', 'docker-control-plane')).toBe(
      'catalog-infra-capi/cluster-capi',
    );
    expect(out.providedBy('DockerMachineTemplate', 'docker-control-plane')).toBe(
      'catalog-infra-capi/cluster-capi-infrastructure-docker',
    );
    expect(out.providedBy('DockerClusterTemplate', 'docker-cluster')).toBe(
      'catalog-infra-capi/cluster-capi-infrastructure-docker',
    );
    const infos = out.severities('info').map((result) => result.message);
    expect(infos).toHaveLength(2);
    expect(infos.find((message) => message.includes('catalog-infra-capi/cluster-capi '))).toContain(
      '(installed on mgmt)',
    );
    expect(
      infos.find((message) => message.includes('catalog-infra-capi/cluster-capi-infrastructure-docker ')),
    ).toContain('(latest Published revision');
  });

  it('nephio/core/configsync: its own CRD serves its ConfigManagement; nephio/optional/rootsync needs configsync', () => {
    // catalog-nephio-core/configsync provides ConfigManagement too, but the CRD is an item of
    // the list (rule local-apis), and the Kptfile name (nephio-configsync) does not name the package.
    const own = run('nephio/core/configsync');
    expect(own.exitCode).toBe(0);
    expect(own.kptfile[DEPENDS_ON]).toBeUndefined();
    expect(own.kptfile[REQUIRES_APIS]).toBeUndefined();
    expect(own.providedBy('ConfigManagement', 'config-management')).toBeUndefined();
    expect(own.results.map((result) => [result.severity, result.resourceRef?.name, result.field?.path])).toEqual([
      ['info', 'config-management-operator', 'rules[0]'],
    ]);

    const user = run('nephio/optional/rootsync');
    expect(user.exitCode).toBe(0);
    expect(user.kptfile[DEPENDS_ON]).toBe('catalog-nephio-core/configsync');
    expect(user.kptfile[REQUIRES_APIS]).toBe('configsync.gke.io/v1beta1/RootSync');
    expect(user.providedBy('RootSync', 'example-cluster-name')).toBe('catalog-nephio-core/configsync');
  });

  describe('infra/capi/nephio-workload-cluster-flux', () => {
    const pkg = 'infra/capi/nephio-workload-cluster-flux';
    const upstreams = [
      'catalog-distros-sandbox/metallb',
      'catalog-distros-sandbox/repository',
      'catalog-infra-capi/cluster-capi-kind',
      'catalog-infra-capi/kindnet',
      'catalog-infra-capi/local-path-provisioner',
      'catalog-infra-capi/multus',
      'catalog-infra-capi/vlanindex',
      'catalog-nephio-core/workload-crds',
      'catalog-nephio-optional/flux-gitrepo-kustomize',
    ];
    const variants = [
      'cluster',
      'crds',
      'flux-gitrepo-kustomize',
      'kindnet',
      'local-path-provisioner',
      'metallb',
      'multus',
      'repo',
      'vlanindex',
    ].map((name) => `example-${name}`);
    const requiresApis = 'config.porch.kpt.dev/v1alpha1/PackageVariant,infra.nephio.org/v1alpha1/WorkloadCluster';

    it('without target or preference, WorkloadCluster and PackageVariant are ambiguous; the PackageVariant upstreams are dependencies (rule package-variant-upstream)', () => {
      const out = run(pkg);
      expect(out.exitCode).toBe(1);
      expect(out.kptfile[DEPENDS_ON]).toBe(upstreams.join(','));
      expect(out.kptfile[REQUIRES_APIS]).toBe(requiresApis);
      const errors = out.severities('error');
      expect(errors.map((result) => `${result.resourceRef?.kind}/${result.resourceRef?.name}`)).toEqual([
        ...variants.map((name) => `PackageVariant/${name}`),
        'WorkloadCluster/example',
      ]);
      const workloadCluster = errors.at(-1);
      expect(workloadCluster).toMatchObject({
        resourceRef: { apiVersion: 'infra.nephio.org/v1alpha1', kind: 'WorkloadCluster', name: 'example' },
        file: { path: 'workload-cluster.yaml', index: 0 },
      });
      expect(workloadCluster?.message).toContain('catalog-nephio-core/nephio-operator');
      expect(workloadCluster?.message).toContain('catalog-nephio-optional/spiffe-nephio-operator');
      expect(workloadCluster?.message).toMatch(/preferences/);
      expect(workloadCluster?.message).toMatch(
        /infra\.nephio\.org(\/WorkloadCluster)?=catalog-nephio-(core\/nephio-operator|optional\/spiffe-nephio-operator)/,
      );
      expect(errors[0]?.message).toContain('catalog-nephio-core/porch');
      expect(errors[0]?.message).toContain('catalog-nephio-optional/porch-cert-manager-webhook');
      expect(errors[0]).toMatchObject({ file: { path: 'pv-cluster.yaml', index: 0 } });
      expect(out.providedBy('WorkloadCluster', 'example')).toBeUndefined();
      expect(out.providedBy('PackageVariant', 'example-crds')).toBeUndefined();
      expect(out.severities('warning')).toEqual([]);
      expect(out.severities('info')).toHaveLength(upstreams.length);
    });

    // PackageVariants into mgmt install on mgmt, those into mgmt-staging on the workload cluster (package-variants).
    const intoMgmt = [
      'catalog-distros-sandbox/repository',
      'catalog-infra-capi/cluster-capi-kind',
      'catalog-infra-capi/vlanindex',
      'catalog-nephio-optional/flux-gitrepo-kustomize',
    ];

    it('on mgmt, which runs porch and nephio-operator, the installed packages win (rule tie-breaks (a))', () => {
      const out = run(pkg, configMap({ target: 'mgmt' }));
      expect(out.exitCode).toBe(0);
      expect(out.kptfile[DEPENDS_ON]).toBe(
        [...intoMgmt, 'catalog-nephio-core/nephio-operator', 'catalog-nephio-core/porch'].sort().join(','),
      );
      expect(out.kptfile[REQUIRES_APIS]).toBe(requiresApis);
      expect(out.providedBy('WorkloadCluster', 'example')).toBe('catalog-nephio-core/nephio-operator');
      for (const name of variants) expect(out.providedBy('PackageVariant', name)).toBe('catalog-nephio-core/porch');
      const infos = out.severities('info').map((result) => result.message);
      expect(infos).toHaveLength(upstreams.length + 2);
      const elsewhere = out.results.filter((result) => result.tags?.['pkgdeps.dev/code'] === 'other-target');
      expect(elsewhere.map((result) => result.resourceRef?.name)).toEqual(
        ['crds', 'kindnet', 'local-path-provisioner', 'metallb', 'multus'].map((name) => `example-${name}`),
      );
      expect(elsewhere[0]?.message).toBe(
        'PackageVariant/example-crds (pv-crds.yaml): installs catalog-nephio-core/workload-crds into downstream ' +
          'repository mgmt-staging, not mgmt (the downstream repository of target mgmt: downstreamRepository, by ' +
          'default the target), so on another target: no dependency here',
      );
      expect(infos.find((message) => message.includes('catalog-nephio-core/porch '))).toContain('(installed on mgmt)');
      expect(out.results.every((result) => result.severity === 'info')).toBe(true);
    });

    it('the preferences the ambiguity errors show settle them (rule tie-breaks (b), ConfigMap form)', () => {
      const errors = run(pkg).severities('error');
      const shown = (group: string, message = '') => {
        const match = new RegExp(`${group.replace(/\./g, '\\.')}(/[A-Za-z]+)?=[\\w-]+/[\\w-]+`).exec(message);
        if (match === null) throw new Error(`no ${group} preference in: ${message}`);
        return match[0];
      };
      const forWorkloadCluster = shown('infra.nephio.org', errors.at(-1)?.message);
      const forPackageVariant = shown('config.porch.kpt.dev', errors[0]?.message);
      const out = run(pkg, configMap({ preferences: `${forWorkloadCluster},${forPackageVariant}` }));
      expect(out.exitCode).toBe(0);
      const chosen = (preference: string) => preference.slice(preference.indexOf('=') + 1);
      expect(out.providedBy('WorkloadCluster', 'example')).toBe(chosen(forWorkloadCluster));
      expect(out.providedBy('PackageVariant', 'example-repo')).toBe(chosen(forPackageVariant));
      expect(out.kptfile[DEPENDS_ON]).toBe(
        [...upstreams, chosen(forWorkloadCluster), chosen(forPackageVariant)].sort().join(','),
      );
    });
  });
});
