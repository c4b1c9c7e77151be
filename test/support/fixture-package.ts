import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSeq, parseDocument } from 'yaml';
import { readPackageDir } from '../../src/krm/index.js';

/** The read-only copy of nephio-project/catalog in test/fixtures (see its SOURCE.md). */
export const nephioCatalogDir = fileURLToPath(new URL('../fixtures/nephio-catalog/', import.meta.url));

/**
 * The ResourceList `kpt fn source` gives for `pkg` (a directory of the Nephio fixture), with
 * `extraItems` (YAML texts, e.g. a catalog ConfigMap) appended and an optional function config.
 */
export function fixturePackageList(pkg: string, extraItems: string[] = [], functionConfig?: string): string {
  const list = parseDocument(readPackageDir(join(nephioCatalogDir, pkg)).text);
  const items = list.get('items', true);
  if (!isSeq(items)) throw new Error(`${pkg}: readPackageDir gave no items`);
  for (const text of extraItems) items.add(parseDocument(text).contents);
  if (functionConfig !== undefined) list.set('functionConfig', parseDocument(functionConfig).contents);
  return list.toString({ lineWidth: 0 });
}
