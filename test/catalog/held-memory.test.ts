import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { YAMLMap } from 'yaml';
import { readCatalog } from '../../src/catalog/index.js';

/**
 * What a catalog read keeps (src/catalog/packages.ts): its packages, not the text they were read from. Measured as
 * the heap in use after full collections (`--expose-gc` set at run time, `gc` taken from a new context, where V8
 * then defines it).
 */

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** A hand-written catalog of `count` packages whose names and groups are long and shared, as real ones are. */
function catalogNode(count: number): YAMLMap {
  const repository = 'catalog-infrastructure-blueprints-of-the-fleet';
  const lines = Array.from({ length: count }, (_, i) => [
    `- repository: ${repository}`,
    `  package: package-number-${i}`,
    '  revisions:',
    ...['1', '2', '3'].flatMap((revision) => [
      `  - revision: "${revision}"`,
      '    lifecycle: Published',
      '    provides:',
      ...Array.from(
        { length: 8 },
        (_, k) =>
          `    - {group: group-${i % 50}.infrastructure.example.com, kind: WidgetOfKind${k}, resource: widgetsofkind${k}, versions: [v1alpha1, v1beta1], scope: Namespaced}`,
      ),
    ]),
  ]);
  const text = lines.flat().join('\n');
  const item = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: package-catalog',
    '  annotations:',
    '    pkgdeps.dev/catalog: "v1"',
    'data:',
    '  packages: |',
    ...text.split('\n').map((line) => `    ${line}`),
  ].join('\n');
  return parseDocument(item).contents as YAMLMap;
}

describe('a catalog read keeps its packages, not its text', () => {
  it('every string it keeps is its own, none a slice of what js-yaml read', () => {
    readCatalog(catalogNode(20));
    const node = catalogNode(1500);
    const text = (node.getIn(['data', 'packages']) as string).length;
    const before = heapUsed();
    const { catalog } = readCatalog(node);
    const after = heapUsed();
    expect(catalog?.packages).toHaveLength(1500);
    // The packages alone take about 1.4 times the text here; strings sliced out of js-yaml's copy of the text
    // would keep that copy too (3.6 times in all).
    expect(after - before).toBeLessThan(2 * text);
  });
});
