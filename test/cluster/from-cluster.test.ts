import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { nephioCatalogDir } from '../support/fixture-package.js';
import { catalogOf, cli, cliHarness, oneLineError, pkgdeps } from './cli-run.js';
import { NAMESPACE, TOKEN, addRevision, fixtureCluster, packageRevision, repoArgs } from './porch-fixture.js';
import { startServer, writeKubeconfig } from './server.js';
import type { FakeCluster } from './server.js';

/**
 * `pkgdeps catalog from-cluster` through the built CLI against a stand-in API server on
 * 127.0.0.1 serving the Nephio fixture's packages as Porch does.
 */

const { scratch, serve, keep } = cliHarness();

function dataOf(yaml: string): Record<string, string> {
  return (parse(yaml) as { data: Record<string, string> }).data;
}

describe('from-cluster reads the packages of blueprint repositories', () => {
  it('makes the same packages as `catalog build` on the same packages on disk', async () => {
    const fake = fixtureCluster();
    const { kubeconfig } = await serve(fake);
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig]);
    expect(run.stderr).not.toMatch(/error:/);
    expect(run.status).toBe(0);
    const disk = spawnSync(process.execPath, [cli, 'catalog', 'build', nephioCatalogDir, ...repoArgs()], {
      encoding: 'utf8',
    });
    expect(disk.status).toBe(0);
    expect(dataOf(run.stdout).packages).toBe(dataOf(disk.stdout).packages);
    const catalog = catalogOf(run.stdout);
    expect(catalog.packages.map((pkg) => pkg.repository).filter((repo, i, all) => all.indexOf(repo) === i)).toEqual([
      'catalog-distros-sandbox',
      'catalog-infra-capi',
    ]);
    expect(catalog.packages).toHaveLength(fake.packageRevisions.length);
  });

  it('pages through lists with limit and continue, and says so on stderr', async () => {
    const fake = fixtureCluster();
    const { server, kubeconfig } = await serve(fake);
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig, '--chunk-size', '6']);
    expect(run.status).toBe(0);
    const lists = server.requests.map((request) => request.url).filter((path) => path.includes('/packagerevisions?'));
    expect(lists.length).toBe(Math.ceil(fake.packageRevisions.length / 6));
    expect(lists.every((path) => path.includes('limit=6'))).toBe(true);
    expect(lists.slice(1).every((path) => path.includes('continue='))).toBe(true);
    const resources = server.requests.filter((request) => request.url.includes('/packagerevisionresources/'));
    expect(resources).toHaveLength(fake.packageRevisions.length);
    expect(run.stderr).toContain(`listing packagerevisions.porch.kpt.dev in namespace ${NAMESPACE}: 6 so far`);
    expect(run.stderr).toContain(
      `listing packagerevisions.porch.kpt.dev in namespace ${NAMESPACE}: ${fake.packageRevisions.length}\n`,
    );
    expect(catalogOf(run.stdout).packages).toHaveLength(fake.packageRevisions.length);
    expect(server.requests.every((request) => request.method === 'GET' && !request.url.includes('watch'))).toBe(true);
  });

  it('keeps revision, workspaceName and lifecycle; leaves out revisions not numbered yet', async () => {
    const fake = fixtureCluster();
    const base = fake.packageRevisions.find((pr) => pr.metadata.name === 'catalog-distros-sandbox.cert-manager.main');
    const files = fake.packageResources['catalog-distros-sandbox.cert-manager.main'] ?? {};
    const extra = [
      packageRevision('catalog-distros-sandbox', 'cert-manager', 2, 'v2', 'Published'),
      packageRevision('catalog-distros-sandbox', 'cert-manager', 3, 'v3', 'DeletionProposed'),
      packageRevision('catalog-distros-sandbox', 'cert-manager', 0, 'next', 'Draft'),
    ];
    expect(base).toBeDefined();
    fake.packageRevisions.push(...extra);
    for (const pr of extra) fake.packageResources[pr.metadata.name] = files;
    const { kubeconfig } = await serve(fake);
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig]);
    expect(run.status).toBe(0);
    const cert = catalogOf(run.stdout).packages.find((pkg) => pkg.package === 'cert-manager');
    expect(cert?.revisions.map((rev) => [rev.revision, rev.workspaceName, rev.lifecycle])).toEqual([
      ['main', 'main', 'Published'],
      ['2', 'v2', 'Published'],
      ['3', 'v3', 'DeletionProposed'],
    ]);
    expect(cert?.revisions[1]?.provides).toEqual(cert?.revisions[0]?.provides);
    expect(run.stderr).toContain(
      'PackageRevision catalog-distros-sandbox.cert-manager.next: it has no revision yet (lifecycle Draft); it is left out of the catalog',
    );
  });
});

describe('from-cluster reads installed packages and platform APIs', () => {
  const lock = (directory: string, ref: string, repo = 'https://github.com/nephio-project/catalog.git') => ({
    upstreamLock: { type: 'git', git: { repo, directory, ref, commit: 'abc123' } },
  });
  const deployment = (name: string) => ({
    apiVersion: 'config.porch.kpt.dev/v1alpha1',
    kind: 'Repository',
    metadata: { name, namespace: NAMESPACE },
    spec: {
      deployment: true,
      type: 'git',
      git: { repo: `https://git.example/${name}.git`, branch: 'main', directory: '/' },
    },
  });

  function withDeployments(): FakeCluster {
    const fake = fixtureCluster();
    addRevision(fake, 'catalog-distros-sandbox', 'cert-manager', 1, 'v1');
    addRevision(fake, 'catalog-distros-sandbox', 'cert-manager', 2, 'v2');
    addRevision(fake, 'catalog-distros-sandbox', 'gitea', 1, 'v1');
    addRevision(fake, 'catalog-infra-capi', 'cluster-capi', 4, 'v4');
    fake.repositories.push(deployment('edge01'), deployment('edge02'));
    fake.packageRevisions.push(
      packageRevision(
        'edge01',
        'edge01-cert-manager',
        1,
        'v1',
        'Published',
        lock('distros/sandbox/cert-manager', 'distros/sandbox/cert-manager/v1'),
      ),
      packageRevision(
        'edge01',
        'edge01-cert-manager',
        2,
        'v2',
        'Published',
        lock('/distros/sandbox/cert-manager', 'distros/sandbox/cert-manager/v2'),
      ),
      packageRevision(
        'edge01',
        'edge01-cert-manager',
        0,
        'v3',
        'Draft',
        lock('distros/sandbox/cert-manager', 'distros/sandbox/cert-manager/v3'),
      ),
      packageRevision('edge01', 'edge01-metallb', 1, 'v1', 'Published', lock('distros/sandbox/metallb', 'main')),
      packageRevision(
        'edge01',
        'edge01-foreign',
        1,
        'v1',
        'Published',
        lock('tools/x', 'x/v1', 'https://git.example/other.git'),
      ),
      packageRevision(
        'edge02',
        'edge02-cluster-capi',
        1,
        'v1',
        'Published',
        lock('infra/capi/cluster-capi', 'infra/capi/cluster-capi/v4', 'https://github.com/nephio-project/catalog'),
      ),
    );
    return fake;
  }

  it('gives each deployment repository its installed packages, at the newest published revision', async () => {
    const { kubeconfig } = await serve(withDeployments());
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig]);
    expect(run.status).toBe(0);
    const catalog = catalogOf(run.stdout);
    expect(catalog.installed).toEqual([
      { target: 'edge01', repository: 'catalog-distros-sandbox', package: 'cert-manager', revision: '2' },
      { target: 'edge01', repository: 'catalog-distros-sandbox', package: 'metallb', revision: 'main' },
      { target: 'edge02', repository: 'catalog-infra-capi', package: 'cluster-capi', revision: '4' },
    ]);
    expect(run.stderr).toContain(
      'edge01/edge01-foreign): its upstream https://git.example/other.git directory "tools/x" is in no blueprint Repository; it is left out of installed',
    );
  });

  it('--target reads one deployment repository, and names the ones there when it is missing', async () => {
    const { kubeconfig } = await serve(withDeployments());
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig, '--target', 'edge02']);
    expect(run.status).toBe(0);
    expect(catalogOf(run.stdout).installed.map((entry) => `${entry.target}:${entry.package}`)).toEqual([
      'edge02:cluster-capi',
    ]);
    const missing = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig, '--target', 'edge09']);
    expect(oneLineError(missing)).toBe(
      `pkgdeps catalog from-cluster: no deployment repository edge09 in namespace ${NAMESPACE} (--target names one); deployment repositories: edge01, edge02`,
    );
  });

  it('lists served groups and kinds that no catalog package provides under platform', async () => {
    const { server, kubeconfig } = await serve(withDeployments());
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig]);
    expect(run.status).toBe(0);
    expect(catalogOf(run.stdout).platform).toEqual([
      { group: 'cert-manager.io', kind: 'Widget' },
      { group: 'config.porch.kpt.dev' },
      { group: 'monitoring.coreos.com' },
      { group: 'porch.kpt.dev' },
    ]);
    // Only the partly provided group's kinds are read; built-in and unprovided groups need no request.
    const discovery = server.requests
      .map((request) => request.url)
      .filter((path) => /^\/apis\/[^/]+\/[^/?]+$/.test(path));
    expect(discovery).toEqual(['/apis/cert-manager.io/v1']);
  });

  it('updates an existing catalog file: other targets and platform entries kept', async () => {
    const { kubeconfig } = await serve(withDeployments());
    const out = join(scratch, 'catalog.yaml');
    writeFileSync(
      out,
      `apiVersion: v1
kind: ConfigMap
metadata:
  name: my-catalog
  annotations:
    pkgdeps.dev/catalog: "v1"
data:
  packages: "[]"
  installed: |
    - {target: edge01, repository: catalog-distros-sandbox, package: gitea, revision: "1"}
    - {target: core, repository: catalog-distros-sandbox, package: gitea, revision: "1"}
  platform: |
    - {group: monitoring.coreos.com}
`,
    );
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig, '--target', 'edge01', '-o', out]);
    expect(run.status).toBe(0);
    const catalog = catalogOf(readFileSync(out, 'utf8'));
    expect(catalog.name).toBe('my-catalog');
    expect(catalog.installed.map((entry) => `${entry.target}:${entry.package}@${entry.revision}`)).toEqual([
      'core:gitea@1',
      'edge01:cert-manager@2',
      'edge01:metallb@main',
    ]);
    expect(catalog.platform.map((entry) => `${entry.group}/${entry.kind ?? ''}`)).toEqual([
      'monitoring.coreos.com/',
      'cert-manager.io/Widget',
      'config.porch.kpt.dev/',
      'porch.kpt.dev/',
    ]);
  });
});

describe('from-cluster recomputes the platform entries of the catalog it updates', () => {
  it('drops an entry that a catalog package provides, keeps the others, says which it dropped', async () => {
    const { kubeconfig } = await serve(fixtureCluster());
    const out = join(scratch, 'stale-platform.yaml');
    writeFileSync(
      out,
      `apiVersion: v1
kind: ConfigMap
metadata:
  name: package-catalog
  annotations:
    pkgdeps.dev/catalog: "v1"
data:
  packages: "[]"
  platform: |
    - {group: cert-manager.io}
    - {group: cert-manager.io, kind: Issuer}
    - {group: hand-written.example.com}
`,
    );
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig, '-o', out]);
    expect(run.status).toBe(0);
    const catalog = catalogOf(readFileSync(out, 'utf8'));
    expect(catalog.platform.map((entry) => `${entry.group}/${entry.kind ?? ''}`)).toEqual([
      'hand-written.example.com/',
      'cert-manager.io/Widget',
      'config.porch.kpt.dev/',
      'monitoring.coreos.com/',
      'porch.kpt.dev/',
    ]);
    const cert = 'catalog-distros-sandbox/cert-manager';
    for (const entry of ['{group: cert-manager.io}', '{group: cert-manager.io, kind: Issuer}']) {
      expect(run.stderr).toContain(`  info: platform entry ${entry} removed: ${cert} provides it\n`);
    }
  });
});

/** A self-signed certificate for 127.0.0.1, made with openssl for this run. */
function selfSigned(): { key: string; cert: string } {
  const dir = mkdtempSync(join(scratch, 'tls-'));
  const made = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { encoding: 'utf8' },
  );
  expect(made.error, 'openssl is needed to make the test certificate').toBeUndefined();
  expect(made.status, made.stderr).toBe(0);
  return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
}

describe('from-cluster over HTTPS', () => {
  it('trusts the kubeconfig certificate authority over kept connections, and says when it does not', async () => {
    const tls = selfSigned();
    const server = keep(await startServer(fixtureCluster(), tls));
    const trusted = await pkgdeps([
      'catalog',
      'from-cluster',
      '--kubeconfig',
      writeKubeconfig(scratch, server.url, TOKEN, NAMESPACE, tls.cert),
    ]);
    expect(trusted.status).toBe(0);
    expect(catalogOf(trusted.stdout).packages.length).toBeGreaterThan(0);
    // The connections are kept between requests (src/cluster/connections.ts): one per request in flight at most.
    expect(server.requests.length).toBeGreaterThan(16);
    expect(server.connections()).toBeLessThanOrEqual(8);
    const other = selfSigned();
    const untrusted = await pkgdeps([
      'catalog',
      'from-cluster',
      '--kubeconfig',
      writeKubeconfig(scratch, server.url, TOKEN, NAMESPACE, other.cert),
    ]);
    expect(oneLineError(untrusted)).toMatch(
      new RegExp(
        `^pkgdeps catalog from-cluster: the TLS certificate of the API server at ${server.url} is not trusted \\(.+\\); check certificate-authority\\(-data\\) in the kubeconfig$`,
      ),
    );
  });
});

describe('from-cluster errors: one line, no stack trace', () => {
  it('no kubeconfig', async () => {
    const home = mkdtempSync(join(scratch, 'home-'));
    const run = await pkgdeps(['catalog', 'from-cluster'], {
      HOME: home,
      KUBECONFIG: undefined,
      KUBERNETES_SERVICE_HOST: undefined,
    });
    expect(oneLineError(run)).toBe(
      'pkgdeps catalog from-cluster: no kubeconfig: pass --kubeconfig FILE, set KUBECONFIG, or create ~/.kube/config',
    );
    const missing = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', join(home, 'nope')]);
    expect(oneLineError(missing)).toMatch(/^pkgdeps catalog from-cluster: cannot read kubeconfig .*nope: /);
  });

  it('an unknown --context names the contexts there', async () => {
    const { kubeconfig } = await serve(fixtureCluster());
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig, '--context', 'prod']);
    expect(oneLineError(run)).toBe(
      'pkgdeps catalog from-cluster: kubeconfig has no context "prod"; its contexts: test',
    );
  });

  it('unreachable server', async () => {
    const { server, kubeconfig } = await serve(fixtureCluster());
    await server.close();
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig]);
    expect(oneLineError(run)).toMatch(
      new RegExp(
        `^pkgdeps catalog from-cluster: cannot reach the API server at ${server.url} \\(.*ECONNREFUSED.*\\); check the kubeconfig's server address and the network$`,
      ),
    );
  });

  it('401: credentials rejected', async () => {
    const server = keep(await startServer(fixtureCluster()));
    const kubeconfig = writeKubeconfig(scratch, server.url, 'expired-token', NAMESPACE);
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig]);
    expect(oneLineError(run)).toBe(
      `pkgdeps catalog from-cluster: the API server at ${server.url} rejected the credentials (401 Unauthorized) on GET /apis; renew them (log in again) or choose another --context`,
    );
  });

  it('403: names the missing permission from the Status object', async () => {
    const fake = fixtureCluster();
    fake.forbid = {
      path: `/apis/porch.kpt.dev/v1alpha1/namespaces/${NAMESPACE}/packagerevisions`,
      verb: 'list',
      group: 'porch.kpt.dev',
      resource: 'packagerevisions',
    };
    const { kubeconfig } = await serve(fake);
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig]);
    const line = oneLineError(run);
    expect(line).toContain(
      `forbidden (403): the kubeconfig's user may not list packagerevisions.porch.kpt.dev in namespace ${NAMESPACE}; grant it (README: the pkgdeps-catalog-reader ClusterRole)`,
    );
    expect(line).toContain(
      'the server said: packagerevisions.porch.kpt.dev is forbidden: User "system:serviceaccount:ci:reader"',
    );
  });

  it('Porch not installed', async () => {
    const fake = fixtureCluster();
    fake.groups = fake.groups.filter((group) => group.name !== 'porch.kpt.dev');
    const { server, kubeconfig } = await serve(fake);
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig]);
    expect(oneLineError(run)).toBe(
      `pkgdeps catalog from-cluster: Porch is not installed on ${server.url}: API discovery lists no porch.kpt.dev/v1alpha1; install Porch or choose another --context`,
    );
  });

  it('timeout', async () => {
    const fake = fixtureCluster();
    fake.hang = '/apis/porch.kpt.dev/v1alpha1/namespaces/';
    const { server, kubeconfig } = await serve(fake);
    const started = Date.now();
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig, '--timeout', '0.5']);
    expect(oneLineError(run)).toBe(
      `pkgdeps catalog from-cluster: timed out after 0.5s on list packagerevisions.porch.kpt.dev in namespace ${NAMESPACE} at ${server.url}; check the connection, or raise --timeout`,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('usage errors exit 2', async () => {
    const run = await pkgdeps(['catalog', 'from-cluster', '--chunk-size', '0']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('pkgdeps catalog from-cluster: --chunk-size needs a positive integer, got "0"');
  });
});
