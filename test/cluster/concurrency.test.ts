import { describe, expect, it } from 'vitest';
import { cliHarness, pkgdeps } from './cli-run.js';
import { fixtureCluster } from './porch-fixture.js';

/**
 * `catalog from-cluster` reads PackageRevisionResources in parallel, at most --concurrency at a
 * time, and says how far it got on stderr (docs/SPEC.md rule cli-reading).
 */

const { serve } = cliHarness();
const PROGRESS = 'pkgdeps catalog from-cluster: reading the resources of package revisions: ';

describe('from-cluster: requests in parallel, with a bound', () => {
  it.each([
    [['--concurrency', '3'], 3],
    [[], 8],
  ])('%j: as many PackageRevisionResources requests at once as allowed, never more', async (flags, bound) => {
    const fake = { ...fixtureCluster(), delay: 150 };
    expect(fake.packageRevisions.length).toBeGreaterThan(bound);
    const { server, kubeconfig } = await serve(fake);
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig, ...flags]);
    expect(run.status, run.stderr).toBe(0);
    expect(server.peakInFlight()).toBe(bound);
  });

  it('gives the same catalog and messages whatever the bound', async () => {
    const { kubeconfig } = await serve({ ...fixtureCluster(), delay: 5 });
    const one = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig, '--concurrency', '1']);
    const many = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig, '--concurrency', '64']);
    expect(one.status).toBe(0);
    expect(many.stdout).toBe(one.stdout);
    expect(many.stderr).toBe(one.stderr);
  });

  it('refuses a bound that is not a positive integer', async () => {
    for (const value of ['0', '2.5', '1000']) {
      const run = await pkgdeps(['catalog', 'from-cluster', '--concurrency', value]);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`--concurrency needs a positive integer of at most 256, got "${value}"`);
    }
  });
});

describe('from-cluster: progress on stderr', () => {
  it('written to a pipe: a line at each tenth of the PackageRevisions read, the last at all of them', async () => {
    const fake = fixtureCluster();
    const total = fake.packageRevisions.length;
    const { kubeconfig } = await serve(fake);
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig]);
    expect(run.status).toBe(0);
    const counts = run.stderr
      .split('\n')
      .filter((line) => line.startsWith(PROGRESS))
      .map((line) => line.slice(PROGRESS.length));
    const tenths = Array.from({ length: 10 }, (_, i) => `${Math.ceil(((i + 1) * total) / 10)} of ${total}`);
    expect(counts).toEqual(tenths);
  });

  it('none with --quiet', async () => {
    const { kubeconfig } = await serve(fixtureCluster());
    const run = await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig, '--quiet']);
    expect(run.status).toBe(0);
    expect(run.stderr).not.toContain('pkgdeps catalog from-cluster: reading');
  });
});
