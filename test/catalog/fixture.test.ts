import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ApiIndex, findCatalogNode, readCatalog } from '../../src/catalog/index.js';
import type { ProvidedApi } from '../../src/catalog/index.js';
import { mapNode } from './helpers.js';

/**
 * The hand-written catalog of test/fixtures/catalog/sandbox-catalog.yaml against the real CRDs
 * of nephio-project/catalog it describes (test/fixtures/nephio-catalog, read-only test data).
 */

const SANDBOX = fileURLToPath(new URL('../fixtures/nephio-catalog/distros/sandbox', import.meta.url));
const CATALOG = new URL('../fixtures/catalog/sandbox-catalog.yaml', import.meta.url);

interface Crd {
  spec: {
    group: string;
    scope: 'Namespaced' | 'Cluster';
    names: { kind: string; plural: string };
    versions: { name: string; served: boolean }[];
  };
}

/** What a catalog entry for each CRD of the file must say. */
function crdEntries(file: string): ProvidedApi[] {
  return parseAllDocuments(readFileSync(`${SANDBOX}/${file}`, 'utf8'))
    .map((doc) => doc.toJS() as { kind?: string } | null)
    .filter((value): value is Crd & { kind: string } => value?.kind === 'CustomResourceDefinition')
    .map(({ spec }) => ({
      group: spec.group,
      kind: spec.names.kind,
      resource: spec.names.plural,
      versions: spec.versions.filter((version) => version.served).map((version) => version.name),
      scope: spec.scope,
      source: 'CustomResourceDefinition' as const,
    }));
}

describe('the sandbox catalog fixture', () => {
  const node = mapNode(readFileSync(CATALOG, 'utf8'));
  const { catalog, results } = readCatalog(node);

  test('is found as the only catalog item and loads without results', () => {
    expect(findCatalogNode([node], undefined, undefined).node).toBe(node);
    expect(results).toEqual([]);
    expect(catalog?.packages.map((pkg) => pkg.package)).toEqual(['metallb', 'cert-manager']);
  });

  test.each([
    ['metallb', 'metallb/metallb-native.yaml', 7],
    ['cert-manager', 'cert-manager/cert-manager.yaml', 6],
  ])('%s lists exactly the CRDs of %s', (name, file, count) => {
    const expected = crdEntries(file);
    expect(expected).toHaveLength(count);
    const pkg = catalog?.packages.find((entry) => entry.package === name);
    expect(pkg?.revisions.map((rev) => rev.provides)).toEqual([expected]);
  });

  test('answers the lookups the metallb-sandbox-config package needs', () => {
    if (catalog === undefined) throw new Error('fixture catalog does not load');
    const index = new ApiIndex(catalog);
    for (const kind of ['IPAddressPool', 'L2Advertisement']) {
      const offers = index.kindOffers('metallb.io', kind);
      expect(offers.map((offer) => `${offer.pkg.repository}/${offer.pkg.package}@${offer.revision.revision}`)).toEqual([
        'catalog-distros-sandbox/metallb@main',
      ]);
      expect(offers[0]?.api.versions).toContain('v1beta1');
    }
    expect(index.kindsForResource('cert-manager.io', 'certificates')).toEqual(['Certificate']);
    expect(
      index.installedOn('edge01', { repository: 'catalog-distros-sandbox', package: 'cert-manager' })?.revision,
    ).toBe('main');
  });
});
