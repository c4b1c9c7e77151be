import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCatalog } from '../../src/catalog/index.js';
import type { Catalog } from '../../src/catalog/index.js';
import { CONFIG_MAP_LIMIT } from '../../src/cluster/apply.js';
import { catalogNode } from '../catalog/helpers.js';

/**
 * The size bound of docs/SPEC.md rule catalog-compact, on the catalog `npm run bench` measures (its row, from
 * bench/catalog-size.mjs): 1,000 packages x 5 revisions x 10 APIs, consecutive revisions sharing most APIs, and
 * installed for 100 targets, written as build-catalog and `catalog from-cluster` write it, fit a ConfigMap.
 */

const { writtenCatalog } = (await import(new URL('../../bench/catalog-size.mjs', import.meta.url).href)) as {
  writtenCatalog: (
    work: string,
    packages: number,
    targets: number,
  ) => Promise<{ catalog: Catalog; data: Record<string, string>; bytes: number }>;
};

const work = mkdtempSync(join(tmpdir(), 'pkgdeps-size-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the catalog pkgdeps writes', () => {
  it('holds 1,000 packages x 5 revisions x 10 APIs and installed for 100 targets in at most 1 MiB of data', async () => {
    const { catalog, data, bytes } = await writtenCatalog(work, 1000, 100);
    expect(catalog.packages.flatMap((pkg) => pkg.revisions).length).toBe(5000);
    expect(catalog.installed.length).toBe(1 + 99 * 20);
    expect(bytes).toBeLessThanOrEqual(CONFIG_MAP_LIMIT);
    expect(readCatalog(catalogNode(data)).catalog).toEqual(catalog);
  });
});
