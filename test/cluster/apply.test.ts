import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { catalogOf, cliHarness, oneLineError, pkgdeps, startPkgdeps, waitFor } from './cli-run.js';
import { NAMESPACE, addRevision, fixtureCluster } from './porch-fixture.js';
import type { FakeCluster, FakeConfigMap, RunningServer } from './server.js';

/**
 * `pkgdeps catalog from-cluster --apply [--every]` (docs/SPEC.md rule catalog-apply) through the
 * built CLI against the stand-in API server: the catalog ConfigMap created, left alone when
 * nothing changed, updated, written again after a 409, refused when forbidden or too large,
 * and kept current by the loop until a signal ends it.
 */

const { serve } = cliHarness();
const CONFIG_MAPS = `/api/v1/namespaces/${NAMESPACE}/configmaps`;
const EVERY_100MS = ['--apply', '--every', '100ms'];
const DURATION_NEEDED = '--every needs a positive duration such as 10s, 1m or 1m30s (units ms, s, m, h; at most 596h)';

function writes(server: RunningServer, from = 0): string[] {
  return server.requests
    .slice(from)
    .filter((request) => request.method !== 'GET')
    .map((request) => `${request.method} ${request.url}`);
}

function stored(fake: FakeCluster, name = 'package-catalog'): FakeConfigMap {
  const configMap = fake.configMaps[name];
  expect(configMap, `ConfigMap ${name} on the server`).toBeDefined();
  return configMap as FakeConfigMap;
}

/** The stored ConfigMap as the YAML a catalog reader takes. */
function storedCatalog(fake: FakeCluster) {
  const { metadata, data } = stored(fake);
  return catalogOf(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata, data }));
}

function revisionsOf(fake: FakeCluster, pkg: string): string[] {
  const found = storedCatalog(fake).packages.find((entry) => entry.package === pkg);
  return found?.revisions.map((rev) => rev.revision) ?? [];
}

describe('--apply writes the catalog ConfigMap into the namespace', () => {
  it('creates it with the data from-cluster prints, then leaves it alone when nothing changed', async () => {
    const fake = fixtureCluster();
    const { server, kubeconfig } = await serve(fake);
    const printed = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig]);
    expect(printed.status).toBe(0);
    const first = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig, '--apply']);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toBe('');
    const packages = fake.packageRevisions.length;
    const counts = `\\(${packages} packages, 0 installed, \\d+ platform\\)`;
    expect(first.stderr).toMatch(new RegExp(`created ConfigMap package-catalog in namespace ${NAMESPACE} ${counts}\n`));
    expect(writes(server)).toEqual([`POST ${CONFIG_MAPS}`]);
    const configMap = stored(fake);
    expect(configMap.metadata.annotations).toEqual({ 'pkgdeps.dev/catalog': 'v1' });
    expect(configMap.data).toEqual((parse(printed.stdout) as { data: Record<string, string> }).data);

    const before = server.requests.length;
    const again = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig, '--apply']);
    expect(again.status).toBe(0);
    expect(again.stderr).toContain(`ConfigMap package-catalog in namespace ${NAMESPACE} is up to date\n`);
    expect(writes(server, before)).toEqual([]);
    expect(server.requests.slice(before).map((request) => request.url)).toContain(`${CONFIG_MAPS}/package-catalog`);
    expect(stored(fake).metadata.resourceVersion).toBe(configMap.metadata.resourceVersion);
  });

  it('updates it with its resourceVersion when the PackageRevisions changed, keeping its other metadata', async () => {
    const fake = fixtureCluster();
    const { server, kubeconfig } = await serve(fake);
    const args = ['catalog', 'from-cluster', '--kubeconfig', kubeconfig, '--apply', '--name', 'catalog-x'];
    expect((await pkgdeps(args)).status).toBe(0);
    const created = stored(fake, 'catalog-x');
    created.metadata.labels = { team: 'platform' };
    addRevision(fake, 'catalog-distros-sandbox', 'cert-manager', 2, 'v2');
    const before = server.requests.length;
    const run = await pkgdeps(args);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/updated ConfigMap catalog-x in namespace porch-demo \(.*\); changed: data\.packages\n/);
    expect(writes(server, before)).toEqual([`PUT ${CONFIG_MAPS}/catalog-x`]);
    const updated = stored(fake, 'catalog-x');
    expect(updated.metadata.labels).toEqual({ team: 'platform' });
    expect(updated.metadata.resourceVersion).not.toBe(created.metadata.resourceVersion);
    expect(updated.data?.packages).toContain('{"revision":"2","workspaceName":"v2",');
  });

  it('reads again and writes again after a 409, for an update and for a create', async () => {
    const fake = fixtureCluster();
    const { server, kubeconfig } = await serve(fake);
    const args = ['catalog', 'from-cluster', '--kubeconfig', kubeconfig, '--apply'];
    fake.interfere = 1;
    const created = await pkgdeps(args);
    expect(created.status, created.stderr).toBe(0);
    expect(writes(server)).toEqual([`POST ${CONFIG_MAPS}`, `PUT ${CONFIG_MAPS}/package-catalog`]);
    expect(created.stderr).toContain('updated ConfigMap package-catalog');
    expect(Object.keys(stored(fake).data ?? {})).not.toContain('other');

    addRevision(fake, 'catalog-distros-sandbox', 'gitea', 1, 'v1');
    fake.interfere = 2;
    const before = server.requests.length;
    const updated = await pkgdeps(args);
    expect(updated.status, updated.stderr).toBe(0);
    expect(writes(server, before)).toEqual(Array(3).fill(`PUT ${CONFIG_MAPS}/package-catalog`));
    const named = server.requests.slice(before).filter((request) => request.url === `${CONFIG_MAPS}/package-catalog`);
    expect(named).toHaveLength(6);
    expect(revisionsOf(fake, 'gitea')).toEqual(['main', '1']);
    expect(stored(fake).data?.other).toBeUndefined();
  });

  it('gives up after 5 conflicts in a row, in one line', async () => {
    const fake = fixtureCluster();
    const { server, kubeconfig } = await serve(fake);
    fake.interfere = 10;
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig, '--apply']);
    expect(oneLineError(run)).toMatch(
      new RegExp(
        `^pkgdeps catalog from-cluster: ConfigMap package-catalog in namespace ${NAMESPACE} ` +
          'changed under every one of 5 writes \\(409 Conflict\\): .*the object has been modified',
      ),
    );
    expect(writes(server)).toHaveLength(5);
  });

  it('403 on the write names the missing permission', async () => {
    const fake = fixtureCluster();
    fake.forbid = { path: CONFIG_MAPS, method: 'POST', verb: 'create', group: '', resource: 'configmaps' };
    const { kubeconfig } = await serve(fake);
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig, '--apply']);
    expect(oneLineError(run)).toMatch(
      new RegExp(
        '^pkgdeps catalog from-cluster: forbidden \\(403\\): ' +
          `the kubeconfig's user may not create configmaps in namespace ${NAMESPACE}; ` +
          'grant it \\(README: the pkgdeps-catalog-writer Role\\); the server said: configmaps is forbidden: ',
      ),
    );
    expect(fake.configMaps).toEqual({});
  });

  it('never overwrites a ConfigMap of that name that is not a catalog', async () => {
    const fake = fixtureCluster();
    const mine = { metadata: { name: 'package-catalog', resourceVersion: '7' }, data: { mine: 'yes' } };
    fake.configMaps['package-catalog'] = mine;
    const { server, kubeconfig } = await serve(fake);
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig, '--apply']);
    expect(oneLineError(run)).toBe(
      `pkgdeps catalog from-cluster: ConfigMap package-catalog in namespace ${NAMESPACE} is not a catalog ` +
        '(no annotation pkgdeps.dev/catalog), so it is not overwritten; choose another --name',
    );
    expect(writes(server)).toEqual([]);
  });

  it.each([
    [['--every', '10s'], '--every needs --apply'],
    [['--name', 'x'], '--name needs --apply'],
    [
      ['--apply', '-o', 'out.yaml'],
      '--apply writes the catalog into the cluster, -o/--output to a file: give one of them',
    ],
    [
      ['--apply', '--name', 'Bad_Name'],
      '--name "Bad_Name" is not a ConfigMap name (a DNS subdomain: at most 253 characters, ' +
        "lower-case letters, digits, '-' and '.', starting and ending with a letter or digit)",
    ],
    ...['10', '0s', '1m30', '999h', '-1s', '1.s'].map((value) => [
      ['--apply', '--every', value],
      `${DURATION_NEEDED}, got "${value}"`,
    ]),
  ])('usage error: %j', async (args, message) => {
    const run = await pkgdeps(['catalog', 'from-cluster', ...args]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`pkgdeps catalog from-cluster: ${message}\n`);
  });
});

describe('--apply --every keeps the ConfigMap current until a signal', () => {
  it('follows a change of PackageRevisions, one line per change, and exits 0 on SIGTERM', async () => {
    const fake = fixtureCluster();
    const { server, kubeconfig } = await serve(fake);
    const running = startPkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig, ...EVERY_100MS]);
    await waitFor('the create', () => running.stderr().includes('created ConfigMap package-catalog'));
    const rounds = () => server.requests.filter((request) => request.url === `${CONFIG_MAPS}/package-catalog`).length;
    const created = rounds();
    await waitFor('two rounds that change nothing', () => rounds() >= created + 2);
    expect(writes(server)).toEqual([`POST ${CONFIG_MAPS}`]);
    addRevision(fake, 'catalog-distros-sandbox', 'cert-manager', 3, 'v3');
    await waitFor('the update', () => running.stderr().includes('updated ConfigMap package-catalog'));
    expect(revisionsOf(fake, 'cert-manager')).toEqual(['main', '3']);
    fake.packageRevisions.pop();
    await waitFor('the second update', () => running.stderr().split('updated ConfigMap').length === 3);
    expect(revisionsOf(fake, 'cert-manager')).toEqual(['main']);
    running.kill('SIGTERM');
    const run = await running.done;
    expect(run.status).toBe(0);
    const lines = run.stderr.trim().split('\n');
    const at = lines.flatMap((line, i) => (line.startsWith('pkgdeps catalog from-cluster: ') ? [i] : []));
    const own = at.map((i) => lines[i] ?? '');
    expect(own.map((line) => line.replace(/ \(.*/, ''))).toEqual([
      `pkgdeps catalog from-cluster: created ConfigMap package-catalog in namespace ${NAMESPACE}`,
      `pkgdeps catalog from-cluster: updated ConfigMap package-catalog in namespace ${NAMESPACE}`,
      `pkgdeps catalog from-cluster: updated ConfigMap package-catalog in namespace ${NAMESPACE}`,
      'pkgdeps catalog from-cluster: stopped',
    ]);
    expect(own.at(-1)).toBe('pkgdeps catalog from-cluster: stopped (SIGTERM)');
    // Results are logged when a round first gives them: revision 3's warnings once, nothing after.
    const [createdAt = 0, updated = 0] = at;
    const between = lines.slice(createdAt + 1, updated);
    expect(between.length).toBeGreaterThan(0);
    const revision3 = '  warning: catalog-distros-sandbox/cert-manager revision "3": ';
    expect(between.every((line) => line.startsWith(revision3))).toBe(true);
    expect(at.slice(1)).toEqual([updated, updated + 1, updated + 2]);
    expect(lines).toHaveLength(updated + 3);
  });

  it('logs a failure once, and being up to date again after it; with --quiet no warnings', async () => {
    const fake = fixtureCluster();
    const { server, kubeconfig } = await serve(fake);
    fake.forbid = { path: CONFIG_MAPS, verb: 'get', group: '', resource: 'configmaps' };
    const running = startPkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig, ...EVERY_100MS, '--quiet']);
    const reads = () => server.requests.filter((request) => request.url.startsWith(CONFIG_MAPS)).length;
    await waitFor('three forbidden rounds', () => reads() >= 3);
    delete fake.forbid;
    await waitFor('the create', () => running.stderr().includes('created ConfigMap'));
    running.kill('SIGINT');
    const run = await running.done;
    expect(run.status).toBe(0);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain("forbidden (403): the kubeconfig's user may not get configmaps in namespace");
    expect(lines[1]).toContain('created ConfigMap package-catalog');
    expect(lines[2]).toBe('pkgdeps catalog from-cluster: stopped (SIGINT)');
  });

  it('SIGTERM in the middle of a round aborts it and exits 0 at once, without a stack trace', async () => {
    const fake = fixtureCluster();
    fake.hang = '/apis/porch.kpt.dev/v1alpha1/namespaces/';
    const { server, kubeconfig } = await serve(fake);
    const running = startPkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig, '--apply', '--every', '10s']);
    const hanging = () => server.requests.some((request) => request.url.startsWith(fake.hang ?? ''));
    await waitFor('a request that hangs', hanging);
    const signalled = Date.now();
    running.kill('SIGTERM');
    const run = await running.done;
    expect(Date.now() - signalled).toBeLessThan(5_000);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('pkgdeps catalog from-cluster: stopped (SIGTERM)\n');
    expect(fake.configMaps).toEqual({});
  });
});
