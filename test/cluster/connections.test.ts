import { describe, expect, it } from 'vitest';
import { catalogFromCluster } from '../../cli/catalog-from-cluster.js';
import { runCommand } from '../../cli/command.js';
import { cliHarness, pkgdeps, waitFor } from './cli-run.js';
import { fixtureCluster } from './porch-fixture.js';

/**
 * `catalog from-cluster` keeps its connections to the API server open between requests, one per
 * request in flight at most, and closes them when it is done, so that it exits though the server
 * keeps idle connections open (test/cluster/server.ts, as kube-apiserver does) (docs/SPEC.md rule
 * cli-reading).
 */

const { serve } = cliHarness();

/** A run still going after this long is killed (cli-run.ts): a CLI held open by a connection fails well before. */
const EXITS_WITHIN_MS = 15_000;

describe('from-cluster: connections', () => {
  it.each([1, 3, 8])('--concurrency %i: its requests over that many connections at most', async (bound) => {
    const { server, kubeconfig } = await serve(fixtureCluster());
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig, '--concurrency', String(bound)]);
    expect(run.status, run.stderr).toBe(0);
    expect(server.requests.length).toBeGreaterThan(2 * bound);
    expect(server.connections()).toBeGreaterThan(0);
    expect(server.connections()).toBeLessThanOrEqual(bound);
  });

  it.each([[[]], [['--apply']]])('%j: exits when done though the server keeps the connections open', async (flags) => {
    const { server, kubeconfig } = await serve(fixtureCluster());
    const started = Date.now();
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig, ...flags]);
    expect(run.status, run.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(EXITS_WITHIN_MS);
    expect(server.connections()).toBeLessThanOrEqual(8);
  });
});

describe('from-cluster: connections, in process', () => {
  it.each([[[]], [['--apply']]])('%j: none left open when the command returns', async (flags) => {
    const { server, kubeconfig } = await serve(fixtureCluster());
    const io = { stdout: () => {}, stderr: () => {} };
    expect(await runCommand(catalogFromCluster, ['--kubeconfig', kubeconfig, ...flags], io)).toBe(0);
    expect(server.connections()).toBeGreaterThan(0);
    await waitFor('the connections to close', () => server.openConnections() === 0, 5_000);
  });

  it('--apply --every: each round closes its connections, none are left open when it stops', async () => {
    const { server, kubeconfig } = await serve(fixtureCluster());
    const stop = new AbortController();
    const io = { stdout: () => {}, stderr: () => {}, stopSignal: () => stop.signal };
    const argv = ['--kubeconfig', kubeconfig, '--apply', '--every', '20ms', '--concurrency', '2'];
    const running = runCommand(catalogFromCluster, argv, io);
    const rounds = () => server.requests.filter((request) => request.url === '/apis').length;
    await waitFor('four rounds', () => rounds() >= 4);
    expect(server.openConnections()).toBeLessThanOrEqual(2);
    stop.abort();
    expect(await running).toBe(0);
    await waitFor('the connections to close', () => server.openConnections() === 0, 5_000);
  });
});
