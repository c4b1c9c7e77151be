import { describe, expect, test } from 'vitest';
import type { YAMLMap } from 'yaml';
import { findCatalogNode, isCatalogNode } from '../../src/catalog/index.js';
import { catalogNode, mapNode } from './helpers.js';

const deployment = mapNode('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n');
const plainConfigMap = mapNode('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: b}\n');
const fnConfig = mapNode('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: function-input}\ndata: {target: edge01}\n');

function nameOf(node: YAMLMap | undefined): unknown {
  return node?.getIn(['metadata', 'name']);
}

describe('isCatalogNode', () => {
  test('a v1 ConfigMap with the annotation, whatever its value', () => {
    expect(isCatalogNode(catalogNode({ packages: '[]' }))).toBe(true);
    expect(isCatalogNode(catalogNode({ packages: '[]' }, 'c', '"v9"'))).toBe(true);
  });

  test('not without the annotation, nor on another kind', () => {
    expect(isCatalogNode(plainConfigMap)).toBe(false);
    expect(
      isCatalogNode(
        mapNode('apiVersion: v1\nkind: Secret\nmetadata: {name: s, annotations: {pkgdeps.dev/catalog: v1}}\n'),
      ),
    ).toBe(false);
    expect(
      isCatalogNode(
        mapNode('apiVersion: v2\nkind: ConfigMap\nmetadata: {name: s, annotations: {pkgdeps.dev/catalog: v1}}\n'),
      ),
    ).toBe(false);
    expect(isCatalogNode(mapNode('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s, annotations: v1}\n'))).toBe(
      false,
    );
  });
});

describe('findCatalogNode without a name', () => {
  test('the function config when it is a catalog, before any item', () => {
    const config = catalogNode({ packages: '[]' }, 'from-config');
    const found = findCatalogNode([catalogNode({ packages: '[]' }, 'item')], config, undefined);
    expect(found.results).toEqual([]);
    expect(found.node).toBe(config);
  });

  test('the only catalog item', () => {
    const item = catalogNode({ packages: '[]' });
    const found = findCatalogNode([deployment, plainConfigMap, item], fnConfig, undefined);
    expect(found).toEqual({ node: item, results: [] });
  });

  test('no catalog is an error telling how to provide one', () => {
    expect(findCatalogNode([deployment, plainConfigMap], fnConfig, undefined)).toEqual({
      results: [
        {
          severity: 'error',
          tags: { 'pkgdeps.dev/code': 'catalog-missing' },
          message:
            'no catalog found: pass the catalog ConfigMap as the function config, or add it to the package as a ConfigMap ' +
            'with the annotations pkgdeps.dev/catalog: "v1" and config.kubernetes.io/local-config: "true"',
        },
      ],
    });
  });

  test('two catalogs are an error listing them and telling to name one', () => {
    const found = findCatalogNode(
      [catalogNode({ packages: '[]' }, 'one'), deployment, catalogNode({ packages: '[]' }, 'two')],
      undefined,
      undefined,
    );
    expect(found).toEqual({
      results: [
        {
          severity: 'error',
          tags: { 'pkgdeps.dev/code': 'catalog-ambiguous' },
          message:
            'several ConfigMaps carry the annotation pkgdeps.dev/catalog: one, two; set catalog: <name> in the function config to pick one',
        },
      ],
    });
  });
});

describe('findCatalogNode by name', () => {
  test('picks the named item among several catalogs', () => {
    const found = findCatalogNode(
      [catalogNode({ packages: '[]' }, 'one'), catalogNode({ packages: '[]' }, 'two')],
      fnConfig,
      'two',
    );
    expect(found.results).toEqual([]);
    expect(nameOf(found.node)).toBe('two');
  });

  test('picks the function config of that name', () => {
    const config = catalogNode({ packages: '[]' }, 'mine');
    const found = findCatalogNode([catalogNode({ packages: '[]' }, 'other')], config, 'mine');
    expect(found).toEqual({ node: config, results: [] });
  });

  test('a missing name is an error listing the catalogs present', () => {
    expect(findCatalogNode([catalogNode({ packages: '[]' }, 'one'), deployment], fnConfig, 'package-catalog')).toEqual({
      results: [
        {
          severity: 'error',
          tags: { 'pkgdeps.dev/code': 'catalog-missing' },
          message:
            'no ConfigMap named "package-catalog" in the input (set as catalog: package-catalog); the catalog ConfigMaps in the input are one; fix the name',
        },
      ],
    });
    expect(findCatalogNode([deployment], fnConfig, 'package-catalog').results.map((result) => result.message)).toEqual([
      'no ConfigMap named "package-catalog" in the input (set as catalog: package-catalog); add the catalog ConfigMap to the package or fix the name',
    ]);
  });

  test('a named ConfigMap without the annotation is an error saying which annotation to add', () => {
    expect(findCatalogNode([plainConfigMap], fnConfig, 'settings')).toEqual({
      results: [
        {
          severity: 'error',
          tags: { 'pkgdeps.dev/code': 'catalog-unmarked' },
          message:
            'ConfigMap settings (set as catalog: settings) is not marked as a catalog; add the annotation pkgdeps.dev/catalog: "v1" to its metadata.annotations',
          resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'settings' },
          field: { path: 'metadata.annotations', proposedValue: { 'pkgdeps.dev/catalog': 'v1' } },
        },
      ],
    });
  });

  test('two catalogs of the same name are an error', () => {
    const found = findCatalogNode(
      [catalogNode({ packages: '[]' }, 'dup'), catalogNode({ packages: '[]' }, 'dup')],
      undefined,
      'dup',
    );
    expect(found.node).toBeUndefined();
    expect(found.results.map((result) => result.message)).toEqual([
      '2 ConfigMaps named "dup" carry the annotation pkgdeps.dev/catalog; keep one catalog of that name',
    ]);
  });
});
