import { describe, expect, it } from 'vitest';
import { catalogOf, cliHarness, oneLineError, pkgdeps } from './cli-run.js';
import { NAMESPACE, addRevision, addStockRepository, fixtureCluster, packageRevision } from './porch-fixture.js';
import type { FakeCluster } from './server.js';

/**
 * `pkgdeps catalog from-cluster` on what Porch serves (docs/SPEC.md rule from-cluster): revisions -1
 * that are not the placeholder, packages mixing numbered and semver revisions, Repositories of
 * another branch, and OCI Repositories.
 */

const { serve } = cliHarness();
const OAI = 'catalog-workloads-oai-ran';

/** The fixture with Nephio's oai-ran-operator as Porch lists it: v1 numbered, the tags v2.0.0 and v3.0.0 as -1. */
function withOaiRan(): FakeCluster {
  const fake = fixtureCluster();
  addStockRepository(fake, OAI);
  addRevision(fake, OAI, 'oai-ran-operator', 1, 'v1');
  addRevision(fake, OAI, 'oai-ran-operator', -1, 'v2.0.0');
  addRevision(fake, OAI, 'oai-ran-operator', -1, 'v3.0.0');
  return fake;
}

describe('from-cluster reads revisions -1 as Porch means them', () => {
  it('takes a -1 revision named after a semver tag as that revision, the placeholder only on the branch', async () => {
    const { server, kubeconfig } = await serve(withOaiRan());
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig]);
    expect(run.stderr).not.toMatch(/error:/);
    expect(run.status).toBe(0);
    const operator = catalogOf(run.stdout).packages.find((pkg) => pkg.package === 'oai-ran-operator');
    expect(operator?.revisions.map((rev) => [rev.revision, rev.workspaceName])).toEqual([
      ['main', 'main'],
      ['1', 'v1'],
      ['v2.0.0', 'v2.0.0'],
      ['v3.0.0', 'v3.0.0'],
    ]);
    const reads = server.requests.filter((request) => request.url.includes('packagerevisionresources/'));
    expect(reads.filter((request) => request.url.includes('oai-ran-operator'))).toHaveLength(4);
  });

  it("finds the placeholder by the Repository's branch; a -1 revision it cannot name is left out with a warning", async () => {
    const fake = fixtureCluster();
    const trunk = {
      apiVersion: 'config.porch.kpt.dev/v1alpha1',
      kind: 'Repository',
      metadata: { name: 'trunk-blueprints', namespace: NAMESPACE },
      spec: { type: 'git', git: { repo: 'https://git.example/trunk.git', branch: 'trunk', directory: '/' } },
    };
    fake.repositories.push(trunk);
    const files = fake.packageResources['catalog-distros-sandbox.cert-manager.main'] ?? {};
    const added = [
      packageRevision('trunk-blueprints', 'cert-manager', -1, 'trunk', 'Published'),
      packageRevision('trunk-blueprints', 'cert-manager', -1, 'v1.5.0', 'Published'),
      packageRevision('trunk-blueprints', 'cert-manager', -1, 'main', 'Published'),
      packageRevision('trunk-blueprints', 'cert-manager', -1, 'release-a', 'Published'),
    ];
    for (const pr of added) {
      fake.packageRevisions.push(pr);
      fake.packageResources[pr.metadata.name] = files;
    }
    const { server, kubeconfig } = await serve(fake);
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig]);
    expect(run.status).toBe(0);
    const cert = catalogOf(run.stdout).packages.find((pkg) => pkg.repository === 'trunk-blueprints');
    expect(cert?.revisions.map((rev) => [rev.revision, rev.workspaceName])).toEqual([
      ['main', 'trunk'],
      ['v1.5.0', 'v1.5.0'],
    ]);
    for (const workspace of ['main', 'release-a']) {
      expect(run.stderr).toContain(
        `  warning: PackageRevision trunk-blueprints.cert-manager.${workspace}: its revision -1 with workspaceName ` +
          `"${workspace}" is not the placeholder (the head of branch trunk) and its name is no semantic version, ` +
          "which the catalog's revision order needs; it is left out of the catalog\n",
      );
      const read = `packagerevisionresources/trunk-blueprints.cert-manager.${workspace}`;
      expect(server.requests.some((request) => request.url.endsWith(read))).toBe(false);
    }
  });

  it("takes a deployment package's newest revision in the catalog's order: a semver -1 above revision 1", async () => {
    const fake = fixtureCluster();
    const deployment = {
      apiVersion: 'config.porch.kpt.dev/v1alpha1',
      kind: 'Repository',
      metadata: { name: 'edge01', namespace: NAMESPACE },
      spec: { deployment: true, type: 'git', git: { repo: 'https://git.example/edge01.git', directory: '/' } },
    };
    fake.repositories.push(deployment);
    addRevision(fake, 'catalog-distros-sandbox', 'cert-manager', 1, 'v1');
    addRevision(fake, 'catalog-distros-sandbox', 'cert-manager', 2, 'v2');
    const lock = (ref: string) => ({
      upstreamLock: {
        git: { repo: 'https://github.com/nephio-project/catalog.git', directory: 'distros/sandbox/cert-manager', ref },
      },
    });
    fake.packageRevisions.push(
      packageRevision('edge01', 'cert-manager', 1, 'v1', 'Published', lock('distros/sandbox/cert-manager/v1')),
      packageRevision('edge01', 'cert-manager', -1, 'v1.1.0', 'Published', lock('distros/sandbox/cert-manager/v2')),
      packageRevision('edge01', 'cert-manager', -1, 'main', 'Published', lock('main')),
    );
    const { kubeconfig } = await serve(fake);
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig]);
    expect(run.status).toBe(0);
    expect(catalogOf(run.stdout).installed).toEqual([
      { target: 'edge01', repository: 'catalog-distros-sandbox', package: 'cert-manager', revision: '2' },
    ]);
  });
});

describe('from-cluster skips OCI Repositories', () => {
  function withOci(): FakeCluster {
    const fake = fixtureCluster();
    const oci = (name: string, deployment: boolean) => ({
      apiVersion: 'config.porch.kpt.dev/v1alpha1',
      kind: 'Repository',
      metadata: { name, namespace: NAMESPACE },
      spec: { deployment, type: 'oci', oci: { registry: `registry.example/${name}` } },
    });
    fake.repositories.push(oci('oci-blueprints', false), oci('oci-edge', true));
    const files = fake.packageResources['catalog-distros-sandbox.cert-manager.main'] ?? {};
    const blueprint = packageRevision('oci-blueprints', 'cert-manager', 1, 'v1', 'Published');
    fake.packageRevisions.push(blueprint, packageRevision('oci-edge', 'cert-manager', 1, 'v1', 'Published'));
    fake.packageResources[blueprint.metadata.name] = files;
    return fake;
  }

  it('leaves their packages out with a warning naming each, and reads nothing of them', async () => {
    const { server, kubeconfig } = await serve(withOci());
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig]);
    expect(run.status).toBe(0);
    const catalog = catalogOf(run.stdout);
    expect(catalog.packages.some((pkg) => pkg.repository === 'oci-blueprints')).toBe(false);
    expect(catalog.installed).toEqual([]);
    expect(run.stderr).toContain(
      '  warning: Repository oci-blueprints is of type oci: from-cluster reads git Repositories only, ' +
        'so its packages are left out of the catalog\n',
    );
    expect(run.stderr).toContain(
      '  warning: Repository oci-edge is of type oci: from-cluster reads git Repositories only, ' +
        'so its packages are left out of installed\n',
    );
    expect(server.requests.some((request) => request.url.includes('packagerevisionresources/oci-'))).toBe(false);
  });

  it('--target naming one is an error that says so', async () => {
    const { kubeconfig } = await serve(withOci());
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig, '--target', 'oci-edge']);
    expect(oneLineError(run)).toBe(
      `pkgdeps catalog from-cluster: deployment repository oci-edge in namespace ${NAMESPACE} (--target names one) ` +
        'is not a git Repository, and from-cluster reads git Repositories only',
    );
  });
});

describe('from-cluster attributes installed packages by upstream locks as Porch and kpt write them', () => {
  const CATALOG = 'https://github.com/nephio-project/catalog.git';
  const deployment = (name: string) => ({
    apiVersion: 'config.porch.kpt.dev/v1alpha1',
    kind: 'Repository',
    metadata: { name, namespace: NAMESPACE },
    spec: { deployment: true, type: 'git', git: { repo: `https://git.example/${name}.git`, directory: '/' } },
  });
  const lock = (directory: string, ref: string) => ({
    upstreamLock: { type: 'git', git: { repo: CATALOG, directory, ref, commit: 'c3'.repeat(20) } },
  });
  const selfLock = (ref: string, commit: string) => ({
    selfLock: { type: 'git', git: { repo: CATALOG, directory: 'cert-manager', ref, commit } },
  });

  function withLocks(): FakeCluster {
    const fake = withOaiRan();
    const sandbox = 'catalog-distros-sandbox';
    addRevision(
      fake,
      sandbox,
      'cert-manager',
      2,
      'v2',
      'Published',
      selfLock('distros/sandbox/cert-manager/v2', 'a1'.repeat(20)),
    );
    addRevision(
      fake,
      sandbox,
      'cert-manager',
      3,
      'ws-approved',
      'Published',
      selfLock('distros/sandbox/cert-manager/v3', 'b2'.repeat(20)),
    );
    fake.repositories.push(deployment('edge01'), deployment('edge02'), deployment('edge03'));
    const installed = (target: string, pkg: string, directory: string, ref: string) =>
      packageRevision(target, pkg, 1, 'v1', 'Published', lock(directory, ref));
    fake.packageRevisions.push(
      // Porch's locks: the directory inside the Repository's directory, the tag with the whole path.
      installed('edge01', 'cert-manager', 'cert-manager', 'distros/sandbox/cert-manager/v2'),
      installed('edge01', 'metallb', 'metallb', 'main'),
      installed('edge01', 'oai-ran-operator', 'oai-ran-operator', 'workloads/oai/oai-ran-operator/v3.0.0'),
      // kpt pkg get at a commit: the directory from the top, the ref an abbreviated commit.
      installed('edge02', 'cert-manager', '/distros/sandbox/cert-manager', 'a1a1a1a'),
      installed('edge02', 'gitea', 'gitea', 'deadbeefcafe'),
      // Cloned from a Draft, approved since under its workspaceName; and one never approved.
      installed('edge03', 'cert-manager', 'cert-manager', 'drafts/distros/sandbox/cert-manager/ws-approved'),
      installed('edge03', 'gitea', 'gitea', 'drafts/distros/sandbox/gitea/ws-new'),
    );
    return fake;
  }

  it('reads directories relative to the Repository or from the top, tags numbered or semver, commits, drafts', async () => {
    const { kubeconfig } = await serve(withLocks());
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig]);
    expect(run.status).toBe(0);
    const sandbox = 'catalog-distros-sandbox';
    expect(catalogOf(run.stdout).installed).toEqual([
      { target: 'edge01', repository: sandbox, package: 'cert-manager', revision: '2' },
      { target: 'edge01', repository: sandbox, package: 'metallb', revision: 'main' },
      { target: 'edge01', repository: OAI, package: 'oai-ran-operator', revision: 'v3.0.0' },
      { target: 'edge02', repository: sandbox, package: 'cert-manager', revision: '2' },
      { target: 'edge03', repository: sandbox, package: 'cert-manager', revision: '3' },
    ]);
    expect(run.stderr).toContain(
      '  warning: PackageRevision edge02.gitea.v1 (edge02/gitea): its upstream lock ref "deadbeefcafe" is a commit ' +
        `at which no PackageRevision of ${sandbox}/gitea is (status.selfLock.git.commit); it is left out of installed\n`,
    );
    expect(run.stderr).toContain(
      '  warning: PackageRevision edge03.gitea.v1 (edge03/gitea): its upstream lock ref ' +
        '"drafts/distros/sandbox/gitea/ws-new" is the branch of a revision not published yet (workspace ws-new), ' +
        `and the catalog lists no revision of ${sandbox}/gitea with workspaceName ws-new (it is listed once ` +
        'approved); it is left out of installed\n',
    );
  });
});
