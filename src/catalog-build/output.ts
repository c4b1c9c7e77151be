import { Scalar, YAMLMap, YAMLSeq, isMap, isScalar, isSeq } from 'yaml';
import type { Document } from 'yaml';
import { LOCAL_CONFIG_ANNOTATION, PATH_ANNOTATION, itemString, makeResult } from '../krm/index.js';
import type { ResourceList, Result } from '../krm/index.js';
import { CATALOG_ANNOTATION, CATALOG_FORMAT, isCatalogNode, isConfigMap, severalNamed } from '../catalog/index.js';

/** Writing the built `data.packages` into a catalog ConfigMap, new or existing. */

function blockLiteral(text: string): Scalar {
  const scalar = new Scalar(text);
  scalar.type = Scalar.BLOCK_LITERAL;
  return scalar;
}

function quoted(text: string): Scalar {
  const scalar = new Scalar(text);
  scalar.type = Scalar.QUOTE_DOUBLE;
  return scalar;
}

/**
 * Replaces `data.<key>` of an existing catalog ConfigMap; its other keys, comments and layout
 * stay as they are. An unchanged text changes nothing.
 */
export function setDataText(node: YAMLMap, key: string, text: string): void {
  let data: unknown = node.get('data', true);
  if (!isMap(data)) {
    data = new YAMLMap();
    node.set('data', data);
  }
  const map = data as YAMLMap;
  const current: unknown = map.get(key, true);
  if (isScalar(current)) {
    // Edited in place, so an anchor on it (and every alias of it) stays valid.
    if (current.value !== text) current.value = text;
    current.type = Scalar.BLOCK_LITERAL;
    return;
  }
  map.set(key, blockLiteral(text));
}

/** Replaces `data.packages` (see setDataText): `installed` and `platform` stay as they are. */
export function setPackagesText(node: YAMLMap, text: string): void {
  setDataText(node, 'packages', text);
}

/**
 * A new catalog ConfigMap (docs/SPEC.md section 3): local-config, `pkgdeps.dev/catalog: "v1"`, the
 * packages as a block literal string. `path` is the file kpt writes it to.
 */
export function newCatalogNode(doc: Document, name: string, text: string, path?: string): YAMLMap {
  const annotations: Record<string, Scalar> = {
    [LOCAL_CONFIG_ANNOTATION]: quoted('true'),
    [CATALOG_ANNOTATION]: quoted(CATALOG_FORMAT),
  };
  if (path !== undefined) annotations[PATH_ANNOTATION] = quoted(path);
  return doc.createNode({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, annotations },
    data: { packages: blockLiteral(text) },
  }) as YAMLMap;
}

/**
 * The catalog ConfigMap named `name` among the items, to be updated, or none. A ConfigMap of
 * that name that is not marked as a catalog, or several catalogs of that name, is an error:
 * the function would otherwise overwrite something that is not its own.
 */
export function findExistingCatalog(items: YAMLMap[], name: string): { node?: YAMLMap; results: Result[] } {
  const named = items.filter((item) => isConfigMap(item) && itemString(item, ['metadata', 'name']) === name);
  const catalogs = named.filter(isCatalogNode);
  const [first] = catalogs;
  if (catalogs.length > 1) {
    return { results: [severalNamed(catalogs.length, name)] };
  }
  if (first !== undefined) return { node: first, results: [] };
  const [other] = named;
  if (other !== undefined) {
    const message =
      `ConfigMap ${name} is not a catalog (no annotation ${CATALOG_ANNOTATION}), so it is not overwritten; ` +
      `set catalog: <another name> in the function config, or add the annotation ${CATALOG_ANNOTATION}: ` +
      `"${CATALOG_FORMAT}" to make it the catalog to update`;
    return { results: [makeResult('error', 'catalog-unmarked', message, other)] };
  }
  return { results: [] };
}

/** Adds a new item at the end of the ResourceList (its document and its item list). */
export function appendItem(list: ResourceList, node: YAMLMap): void {
  const root = list.doc.contents;
  if (!isMap(root)) return;
  const items: unknown = root.get('items', true);
  if (isSeq(items)) {
    items.flow = false; // `items: []` would print the new item as flow YAML
    items.items.push(node);
  } else {
    const seq = new YAMLSeq();
    seq.items.push(node);
    root.set('items', seq);
  }
  list.items.push(node);
}
