import { describe, expect, it } from 'vitest';
import { catalogFromCluster } from '../../cli/catalog-from-cluster.js';
import { runCommand } from '../../cli/command.js';
import { repeatUntil } from '../../src/cluster/every.js';
import { cliHarness, waitFor } from './cli-run.js';
import { fixtureCluster } from './porch-fixture.js';

/**
 * The loop of `--every` driven by a stop signal the test owns (the entry point's comes from
 * SIGTERM and SIGINT): rounds until it fires, the wait between rounds cut short, and the
 * command itself, run in this process, ending with exit 0 when it fires.
 */

describe('repeatUntil', () => {
  it('runs a round at once and after each interval, until the signal fires', async () => {
    const stop = new AbortController();
    let rounds = 0;
    await repeatUntil(stop.signal, 5, async () => {
      rounds += 1;
      if (rounds === 3) stop.abort();
    });
    expect(rounds).toBe(3);
  });

  it('ends the wait between rounds at once', async () => {
    const stop = new AbortController();
    const started = Date.now();
    const done = repeatUntil(stop.signal, 60_000, async () => {});
    setTimeout(() => stop.abort('SIGTERM'), 20);
    await done;
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('runs no round when the signal fired before', async () => {
    const stop = new AbortController();
    stop.abort();
    let rounds = 0;
    await repeatUntil(stop.signal, 5, async () => {
      rounds += 1;
    });
    expect(rounds).toBe(0);
  });
});

describe('catalog from-cluster --apply --every, in process', () => {
  const { serve } = cliHarness();

  it('stops on the signal the Io gives and exits 0', async () => {
    const fake = fixtureCluster();
    const { kubeconfig } = await serve(fake);
    const stop = new AbortController();
    let stderr = '';
    const io = { stdout: () => {}, stderr: (text: string) => void (stderr += text), stopSignal: () => stop.signal };
    const running = runCommand(catalogFromCluster, ['--kubeconfig', kubeconfig, '--apply', '--every', '50ms'], io);
    await waitFor('the create', () => stderr.includes('created ConfigMap package-catalog'));
    stop.abort();
    expect(await running).toBe(0);
    expect(stderr.trim().split('\n').at(-1)).toBe('pkgdeps catalog from-cluster: stopped');
    expect(fake.configMaps['package-catalog']?.data?.packages).toBeDefined();
  });
});
