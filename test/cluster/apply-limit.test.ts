import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_MAP_LIMIT, applyCatalog, dataSize } from '../../src/cluster/apply.js';
import { ClusterError, connect } from '../../src/cluster/client.js';
import { NAMESPACE, TOKEN, fixtureCluster } from './porch-fixture.js';
import { startServer, writeKubeconfig } from './server.js';

/**
 * The 1 MiB a ConfigMap holds (docs/SPEC.md rule catalog-apply): counted as the API server
 * counts it, in UTF-8 bytes of the data's values, and checked before any request, so a catalog
 * over it is an error with its size rather than a write the server refuses.
 */

const scratch = mkdtempSync(join(tmpdir(), 'pkgdeps-apply-limit-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('applyCatalog and the ConfigMap size limit', () => {
  it('counts bytes, not characters', () => {
    expect(dataSize({ packages: 'abc', installed: 'é' })).toBe(5);
  });

  it('writes data of exactly 1 MiB; refuses one byte more, with its size, before any request', async () => {
    const fake = fixtureCluster();
    const server = await startServer(fake);
    const cluster = connect({ kubeconfig: writeKubeconfig(scratch, server.url, TOKEN, NAMESPACE), timeout: 10 });
    try {
      const full = { packages: 'x'.repeat(CONFIG_MAP_LIMIT - 6), installed: 'ééé' };
      const written = await applyCatalog(cluster, { name: 'full', namespace: NAMESPACE, data: full });
      expect(written).toEqual({ action: 'created', changed: [] });
      expect(fake.configMaps.full?.data).toEqual(full);
      const before = server.requests.length;
      const over = { packages: 'x'.repeat(CONFIG_MAP_LIMIT - 6), installed: 'éééx' };
      const refused = applyCatalog(cluster, { name: 'over', namespace: NAMESPACE, data: over });
      await expect(refused).rejects.toThrow(ClusterError);
      await expect(refused).rejects.toThrow(
        `the catalog is ${CONFIG_MAP_LIMIT + 1} bytes of data, over the 1048576 bytes (1 MiB) a ConfigMap holds, ` +
          `so ConfigMap over in namespace ${NAMESPACE} is not written; ` +
          'split the blueprint Repositories over namespaces (a catalog each)',
      );
      expect(server.requests.length).toBe(before);
    } finally {
      cluster.close();
      await server.close();
    }
  });
});
