import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import type { YAMLMap } from 'yaml';
import { parseResourceList, processText, readPackageDir } from '../../src/krm/index.js';
import { readCatalog } from '../../src/catalog/index.js';
import type { CatalogPackage } from '../../src/catalog/index.js';
import { buildPackages, checkRepositories, findPackages, packagesText } from '../../src/catalog-build/index.js';
import { buildCatalog } from '../../functions/build-catalog/processor.js';
import { nephioCatalogDir } from '../support/fixture-package.js';

/**
 * The catalog of the whole Nephio fixture (a checkout of github.com/nephio-project/catalog),
 * with the Porch repositories its own nephio/optional/stock-repos package registers. Every
 * fact asserted here was read off the packages by hand (file names in the comments).
 */

interface Repository {
  metadata: { name: string };
  spec: { git: { repo: string; directory: string } };
}

const stockRepos = join(nephioCatalogDir, 'nephio/optional/stock-repos');
const declared = readdirSync(stockRepos)
  .filter((file) => file.startsWith('repo-'))
  .map((file) => parse(readFileSync(join(stockRepos, file), 'utf8')) as Repository);
/** The fixture is the nephio-project/catalog repository: only repositories on it map onto its directories. */
const onFixture = declared.filter((repo) => repo.spec.git.repo === 'https://github.com/nephio-project/catalog.git');
const repositories = onFixture.map((repo) => ({ name: repo.metadata.name, directory: repo.spec.git.directory }));

const preferences = [
  { group: 'porch.kpt.dev', repository: 'catalog-nephio-core', package: 'porch' },
  { group: 'config.porch.kpt.dev', repository: 'catalog-nephio-core', package: 'porch' },
  { group: 'infra.nephio.org', repository: 'catalog-nephio-core', package: 'nephio-operator' },
  { group: 'config.nephio.org', repository: 'catalog-nephio-core', package: 'nephio-operator' },
  { group: 'argoproj.io', repository: 'catalog-nephio-optional', package: 'argo-cd-core' },
];

function functionConfig(withPreferences: boolean): string {
  return JSON.stringify({
    apiVersion: 'fn.pkgdeps.dev/v1alpha1',
    kind: 'BuildCatalog',
    metadata: { name: 'build' },
    repositories,
    ...(withPreferences ? { preferences } : {}),
  });
}

interface Run {
  exitCode: number;
  packages: CatalogPackage[];
  results: Array<{ severity: string; message: string }>;
}

let input: string;
let plain: Run;
let preferred: Run;

function run(withPreferences: boolean): Run {
  const text = `${input}functionConfig: ${functionConfig(withPreferences)}\n`;
  const output = processText(text, buildCatalog, 'build-catalog');
  const list = parseDocument(output.stdout);
  const items = list.get('items') as { items: YAMLMap[] };
  const loaded = readCatalog(items.items.at(-1) as YAMLMap);
  expect(loaded.results).toEqual([]);
  const results = (list.toJS() as { results?: Run['results'] }).results ?? [];
  return { exitCode: output.exitCode, packages: loaded.catalog?.packages ?? [], results };
}

function find(packages: CatalogPackage[], repository: string, name: string): CatalogPackage {
  const found = packages.find((pkg) => pkg.repository === repository && pkg.package === name);
  if (found === undefined) throw new Error(`${repository}/${name} is not in the catalog`);
  return found;
}

function names(packages: CatalogPackage[], repository: string): string[] {
  return packages.filter((pkg) => pkg.repository === repository).map((pkg) => pkg.package);
}

const deps = (pkg: CatalogPackage) => pkg.revisions[0]?.dependsOn.map((ref) => `${ref.repository}/${ref.package}`);
const kinds = (pkg: CatalogPackage, group: string) =>
  pkg.revisions[0]?.provides.filter((api) => api.group === group).map((api) => api.kind ?? `(${api.source})`);

beforeAll(() => {
  input = readPackageDir(nephioCatalogDir).text;
  plain = run(false);
  preferred = run(true);
});

describe('the catalog of the Nephio fixture, with the repositories of stock-repos', () => {
  it('maps the eight repositories on nephio-project/catalog; the two on other git repositories are left out', () => {
    expect(declared).toHaveLength(10);
    expect(
      declared
        .filter((repo) => !onFixture.includes(repo))
        .map((repo) => repo.metadata.name)
        .sort(),
    ).toEqual(['nephio-example-packages', 'oai-core-packages']);
    expect(repositories).toContainEqual({ name: 'catalog-distros-sandbox', directory: '/distros/sandbox' });
  });

  it('builds, exit 0, every package at revision main, Published', () => {
    expect(plain.exitCode).toBe(0);
    expect(plain.results.filter((result) => result.severity === 'error')).toEqual([]);
    const revisions = plain.packages.flatMap((pkg) => pkg.revisions);
    expect(
      revisions.every(
        (rev) => rev.revision === 'main' && rev.workspaceName === 'main' && rev.lifecycle === 'Published',
      ),
    ).toBe(true);
    expect(plain.results.at(-1)?.message).toMatch(
      /^catalog package-catalog: 62 package revisions built \(catalog-distros-sandbox: 6, /,
    );
  });

  it('packages are the outermost Kptfile directories; subpackages (app/, crd/) are part of their parent', () => {
    // ls distros/sandbox; ls nephio/core (nephio-operator has the subpackages app and crd)
    expect(names(plain.packages, 'catalog-distros-sandbox')).toEqual([
      'cert-manager',
      'gitea',
      'metallb',
      'metallb-sandbox-config',
      'network',
      'repository',
    ]);
    expect(names(plain.packages, 'catalog-nephio-core')).toEqual([
      'configsync',
      'nephio-operator',
      'porch',
      'workload-crds',
    ]);
    expect(plain.packages.some((pkg) => pkg.package.includes('/'))).toBe(false);
    // nephio/core/nephio-operator/crd/bases/infra.nephio.org_workloadclusters.yaml
    expect(kinds(find(plain.packages, 'catalog-nephio-core', 'nephio-operator'), 'infra.nephio.org')).toContain(
      'WorkloadCluster',
    );
  });

  it('leaves out what no declared repository covers: distros/gcp, distros/openshift, infra/baremetal, infra/gcp, workloads/ric', () => {
    const all = plain.packages.map((pkg) => pkg.package);
    for (const outside of [
      'nephio-mgmt',
      'cc-rootsync',
      'bmh-template',
      'nephio-workload-cluster-gke',
      'ric-operator',
      'pkg-example-ric',
    ])
      expect(all).not.toContain(outside);
    expect(new Set(plain.packages.map((pkg) => pkg.repository)).size).toBe(8);
  });

  it('two repositories on the same directory (/workloads/oai) both list its packages', () => {
    const oai = names(plain.packages, 'catalog-workloads-oai');
    expect(oai).toEqual([
      'oai-ran-operator',
      'pkg-example-cucp-bp',
      'pkg-example-cuup-bp',
      'pkg-example-du-bp',
      'pkg-example-ue-bp',
      'pkg-example-ue-bp-20mhz',
      'pkg-example-ue-bp-40mhz',
    ]);
    expect(names(plain.packages, 'catalog-workloads-oai-ran')).toEqual(oai);
  });

  it('provides: the CRDs of metallb-native.yaml with their served versions', () => {
    const metallb = find(plain.packages, 'catalog-distros-sandbox', 'metallb');
    expect(metallb.revisions[0]?.provides.map((api) => `${api.kind}:${api.versions.join('+')}`)).toEqual([
      'AddressPool:v1alpha1+v1beta1',
      'BFDProfile:v1beta1',
      'BGPAdvertisement:v1beta1',
      'BGPPeer:v1beta1+v1beta2',
      'Community:v1beta1',
      'IPAddressPool:v1beta1',
      'L2Advertisement:v1beta1',
    ]);
    expect(metallb.revisions[0]?.provides[5]).toEqual({
      group: 'metallb.io',
      kind: 'IPAddressPool',
      resource: 'ipaddresspools',
      versions: ['v1beta1'],
      scope: 'Namespaced',
      source: 'CustomResourceDefinition',
    });
  });

  it('provides: porch brings porch.kpt.dev through its APIService (4-apiservice.yaml) and the config.porch.kpt.dev CRDs; porch-cert-manager-webhook brings the same', () => {
    for (const [repository, name] of [
      ['catalog-nephio-core', 'porch'],
      ['catalog-nephio-optional', 'porch-cert-manager-webhook'],
    ] as const) {
      const porch = find(plain.packages, repository, name);
      expect(porch.revisions[0]?.provides).toContainEqual({
        group: 'porch.kpt.dev',
        versions: ['v1alpha1'],
        source: 'APIService',
      });
      expect(kinds(porch, 'config.porch.kpt.dev')).toEqual([
        'PackageRev',
        'PackageVariant',
        'PackageVariantSet',
        'Repository',
      ]);
    }
  });

  it('requires and dependsOn: metallb-sandbox-config needs the MetalLB pool and advertisement, so metallb', () => {
    // distros/sandbox/metallb-sandbox-config: ipaddresspool.yaml, l2advertisement.yaml
    // (package-context.yaml is local-config)
    const config = find(plain.packages, 'catalog-distros-sandbox', 'metallb-sandbox-config');
    expect(config.revisions[0]?.requires).toEqual([
      { group: 'metallb.io', version: 'v1beta1', kind: 'IPAddressPool' },
      { group: 'metallb.io', version: 'v1beta1', kind: 'L2Advertisement' },
    ]);
    expect(deps(config)).toEqual(['catalog-distros-sandbox/metallb']);
  });

  it('requires: local-config items need nothing; pkg-example-amf-bp needs only NFDeployment, from workload-crds', () => {
    // amfdeployment.yaml is the one item of workloads/free5gc/pkg-example-amf-bp without local-config
    const amf = find(plain.packages, 'catalog-workloads-free5gc', 'pkg-example-amf-bp');
    expect(amf.revisions[0]?.requires).toEqual([
      { group: 'workload.nephio.org', version: 'v1alpha1', kind: 'NFDeployment' },
    ]);
    expect(deps(amf)).toEqual(['catalog-nephio-core/workload-crds']);
  });

  it('dependsOn through RBAC: the Docker CAPI provider needs cert-manager and, for clusters and machines, cluster-capi', () => {
    // cluster-api-infrastructure-docker.yaml: Certificate, Issuer; ClusterRole capd-manager-role on cluster.x-k8s.io
    // clusters, machines, machinesets, machinepools
    const docker = find(plain.packages, 'catalog-infra-capi', 'cluster-capi-infrastructure-docker');
    expect(deps(docker)).toEqual(['catalog-distros-sandbox/cert-manager', 'catalog-infra-capi/cluster-capi']);
    expect(docker.revisions[0]?.requires).toContainEqual({
      group: 'cluster.x-k8s.io',
      version: '*',
      kind: 'MachineSet',
    });
  });

  it('dependsOn through PackageVariants: nephio-workload-cluster depends on the upstream of each pv-*.yaml', () => {
    const cluster = find(plain.packages, 'catalog-infra-capi', 'nephio-workload-cluster');
    expect(deps(cluster)).toEqual([
      'catalog-distros-sandbox/metallb',
      'catalog-distros-sandbox/repository',
      'catalog-infra-capi/cluster-capi-kind',
      'catalog-infra-capi/kindnet',
      'catalog-infra-capi/local-path-provisioner',
      'catalog-infra-capi/multus',
      'catalog-infra-capi/vlanindex',
      'catalog-nephio-core/configsync',
      'catalog-nephio-core/workload-crds',
      'catalog-nephio-optional/rootsync',
    ]);
  });

  it('ambiguities are warnings that name the candidates; they leave the dependency out', () => {
    const warning = plain.results.find((result) =>
      result.message.startsWith(
        'catalog-infra-capi/nephio-workload-cluster revision "main": config.porch.kpt.dev/v1alpha1 PackageVariant',
      ),
    );
    expect(warning?.severity).toBe('warning');
    expect(warning?.message).toContain(
      'is provided by 2 packages: catalog-nephio-core/porch, catalog-nephio-optional/porch-cert-manager-webhook',
    );
    expect(warning?.message).toContain(
      '(needed by PackageVariant/example-cluster (infra/capi/nephio-workload-cluster/pv-cluster.yaml)',
    );
    expect(
      plain.results.filter((result) => result.message.includes('is provided by 2 packages')).length,
    ).toBeGreaterThan(10);
  });

  it('preferences settle every ambiguity; the chosen providers become dependencies', () => {
    expect(preferred.exitCode).toBe(0);
    expect(preferred.results.filter((result) => result.message.includes('is provided by'))).toEqual([]);
    const cluster = find(preferred.packages, 'catalog-infra-capi', 'nephio-workload-cluster');
    expect(deps(cluster)).toContain('catalog-nephio-core/porch');
    expect(deps(cluster)).toContain('catalog-nephio-core/nephio-operator');
    // spiffe-nephio-operator's ClusterRoles name porch.kpt.dev resources, served by porch's APIService
    expect(deps(find(preferred.packages, 'catalog-nephio-optional', 'spiffe-nephio-operator'))).toContain(
      'catalog-nephio-core/porch',
    );
  });

  it('builds the same packages text twice from the same items', () => {
    const items = parseResourceList(input).items;
    const { repositories: checked } = checkRepositories(repositories);
    const build = () =>
      packagesText(
        buildPackages(findPackages(items, checked).sources, undefined, preferences, 'package-catalog').packages ?? [],
      );
    const first = build();
    expect(first.length).toBeGreaterThan(20_000);
    expect(build()).toBe(first);
  });

  describe('named objects (docs/SPEC.md rules object-references, local-objects, object-resolution)', () => {
    const key = (object: { kind: string; namespace?: string; name: string }) =>
      [object.kind, object.namespace, object.name].filter((part) => part !== undefined).join('/');
    const requiring = (packages: CatalogPackage[]) =>
      Object.fromEntries(
        packages
          .filter((pkg) => (pkg.revisions[0]?.requiresObjects.length ?? 0) > 0)
          .map((pkg) => [`${pkg.repository}/${pkg.package}`, pkg.revisions[0]?.requiresObjects.map(key)]),
      );

    it('these packages, and only these, reference an object they do not create', () => {
      expect(requiring(preferred.packages)).toEqual({
        // ipaddresspool.yaml, l2advertisement.yaml: namespace metallb-system, created by metallb (metallb-native.yaml)
        'catalog-distros-sandbox/metallb-sandbox-config': ['Namespace/metallb-system'],
        // cluster-api-infrastructure-ironic.yaml: a ConfigMap and a Deployment in baremetal-operator-system
        'catalog-infra-capi/cluster-capi-infrastructure-ironic': ['Namespace/baremetal-operator-system'],
        // argo-wc-app.yaml (Application), argocd-secret-rbac.yaml (RoleBinding): namespace argocd
        'catalog-nephio-optional/argo-cd-app': ['Namespace/argocd'],
        // rootsync.yaml: RootSync in config-management-system, created by nephio/core/configsync
        'catalog-nephio-optional/rootsync': ['Namespace/config-management-system'],
        // spiffe-csi.yaml, spire-agent.yaml; Secret.yaml, ServiceAccount.yaml: namespace spire, created by spire
        'catalog-nephio-optional/spire-agent': ['Namespace/spire'],
        'catalog-nephio-optional/spire-restricted-sa': ['Namespace/spire'],
        // nrf/nrf-configmap.yaml is in free5gc-cp; the package's namespace.yaml creates "example"
        'catalog-workloads-free5gc/free5gc-cp': ['Namespace/free5gc-cp'],
        // the NFDeployments of the example blueprints name namespaces nothing creates
        'catalog-workloads-free5gc/pkg-example-amf-bp': ['Namespace/amf-example'],
        'catalog-workloads-free5gc/pkg-example-smf-bp': ['Namespace/smf-example'],
        'catalog-workloads-free5gc/pkg-example-upf-bp': ['Namespace/upf-example'],
      });
    });

    it('no false dependency: a package that creates its own Namespace (and Issuers) needs nothing for them', () => {
      // cert-manager.yaml creates Namespace cert-manager and runs in it; cluster-api-core.yaml creates capi-system
      // and the Issuer capi-selfsigned-issuer its Certificate names; porch's 1-namespace.yaml creates porch-system.
      for (const [repository, name, own] of [
        ['catalog-distros-sandbox', 'cert-manager', 'Namespace/cert-manager'],
        ['catalog-infra-capi', 'cluster-capi', 'Issuer/capi-system/capi-selfsigned-issuer'],
        ['catalog-nephio-core', 'porch', 'Namespace/porch-system'],
        ['catalog-nephio-core', 'nephio-operator', 'Namespace/nephio-system'],
        ['catalog-infra-capi', 'local-path-provisioner', 'StorageClass/local-path'],
      ] as const) {
        const pkg = find(preferred.packages, repository, name);
        expect(pkg.revisions[0]?.objects.map(key)).toContain(own);
        expect(pkg.revisions[0]?.requiresObjects).toEqual([]);
      }
      // fluxcd's controllers run at priorityClassName system-cluster-critical, a platform object
      expect(find(preferred.packages, 'catalog-nephio-optional', 'fluxcd').revisions[0]?.requiresObjects).toEqual([]);
    });

    it('object dependencies: ironic depends on cluster-capi-infrastructure-bmo only for its namespace', () => {
      // infra/capi/cluster-capi-infrastructure-bmo/namespace.yaml creates baremetal-operator-system
      expect(deps(find(preferred.packages, 'catalog-infra-capi', 'cluster-capi-infrastructure-ironic'))).toEqual([
        'catalog-infra-capi/cluster-capi-infrastructure-bmo',
      ]);
      expect(deps(find(preferred.packages, 'catalog-nephio-optional', 'rootsync'))).toContain(
        'catalog-nephio-core/configsync',
      );
      expect(deps(find(preferred.packages, 'catalog-nephio-optional', 'spire-restricted-sa'))).toEqual([
        'catalog-nephio-optional/spire',
      ]);
    });

    it('an object two packages create is a warning naming both: argocd, from argo-cd-core and argo-cd-full', () => {
      const ambiguous = (run: Run) =>
        run.results.find((result) => result.message.includes('Namespace/argocd is created by'));
      expect(ambiguous(plain)?.severity).toBe('warning');
      expect(ambiguous(plain)?.message).toContain(
        'catalog-nephio-optional/argo-cd-core, catalog-nephio-optional/argo-cd-full',
      );
      // The preference for argoproj.io chooses argo-cd-core for argo-cd-app's Application, so for its namespace too
      // (rule tie-breaks (c)): no second preference is needed.
      expect(ambiguous(preferred)).toBeUndefined();
      expect(deps(find(preferred.packages, 'catalog-nephio-optional', 'argo-cd-app'))).toEqual([
        'catalog-nephio-optional/argo-cd-core',
      ]);
      const unresolved = preferred.results.filter((result) =>
        result.message.includes('no package of the catalog creates'),
      );
      expect(unresolved.map((result) => result.message.split(':')[0])).toEqual([
        'catalog-workloads-free5gc/free5gc-cp revision "main"',
        'catalog-workloads-free5gc/pkg-example-amf-bp revision "main"',
        'catalog-workloads-free5gc/pkg-example-smf-bp revision "main"',
        'catalog-workloads-free5gc/pkg-example-upf-bp revision "main"',
      ]);
    });
  });
});
