import { describe, expect, it, vi } from 'vitest';
import { buildPackages, compactSource, findPackages } from '../../../src/catalog-build/index.js';
import { itemValue, parseResourceList, readFiles } from '../../../src/krm/index.js';
import { objectReferences } from '../../../src/resolve/references.js';
import { crdText, pkg, resourceText } from '../../catalog-build/helpers.js';

/**
 * The CLI's readers of resource files (src/krm/text/file-items.ts) read each item's text once:
 * what they read of it answers its header and the rest, so that a catalog build of what `catalog
 * from-cluster` keeps (compactSource) reads each item with js-yaml once, not once for its
 * header and again for the rest. And a split ResourceList's item cut for its header
 * (src/krm/text/block-scalars.ts) is read from that cut when its data is read, and resolving reads
 * an item's text again for its object references only for a kind whose rule reads its spec.
 */

const loads = vi.hoisted(() => ({ count: 0, cuts: 0 }));

vi.mock('../../../src/krm/text/block-scalars.js', async (original) => {
  const actual = await original<typeof import('../../../src/krm/text/block-scalars.js')>();
  return {
    ...actual,
    cutBlockScalars: (...args: Parameters<typeof actual.cutBlockScalars>) => {
      const cut = actual.cutBlockScalars(...args);
      if (cut !== undefined) loads.cuts += 1;
      return cut;
    },
  };
});

vi.mock('js-yaml', async (original) => {
  const actual = await original<typeof import('js-yaml')>();
  return {
    ...actual,
    load: (...args: Parameters<typeof actual.load>) => {
      loads.count += 1;
      return actual.load(...args);
    },
  };
});

describe('file items: read once', () => {
  it('a catalog build of the compacted items reads each item with js-yaml once', () => {
    const files = pkg('repo/app', {
      'crds.yaml': [
        crdText('example.com', 'Widget', 'widgets', [['v1', true]]),
        crdText('example.com', 'Gadget', 'gadgets', [['v1beta1', true]]),
      ].join('---\n'),
      'ns.yaml': resourceText('v1', 'Namespace', 'app-system'),
      'pvc.yaml': resourceText('v1', 'PersistentVolumeClaim', 'data', 'spec:\n  storageClassName: local-path\n'),
    });
    loads.count = 0;
    const { items, unread } = readFiles(files.map((file) => ({ path: file.path, text: file.yaml })));
    expect(unread).toEqual([]);
    expect(items).toHaveLength(5);
    const { sources } = findPackages(items, [{ name: 'blueprints', directory: 'repo', revision: 'main' }]);
    const built = buildPackages(sources.map(compactSource), undefined, [], 'catalog');
    expect(built.packages?.[0]?.revisions[0]?.provides).toHaveLength(2);
    expect(loads.count).toBe(items.length);
  });
});

describe('split items: block scalars cut once', () => {
  it('the data of an item read by header first is read from the cut made for its header', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `      - {group: g${i}.io}`).join('\n');
    const text = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: big\n  data:\n    packages: |\n${lines}\n`;
    loads.cuts = 0;
    loads.count = 0;
    const [node] = parseResourceList(text).items;
    if (node === undefined) throw new Error('no item');
    expect(itemValue(node, ['data', 'packages'])).toBe(`${lines.replace(/^ {6}/gm, '')}\n`);
    expect(loads.cuts).toBe(1);
    // The header and the data: the cut text each time, never the whole.
    expect(loads.count).toBe(2);
  });
});

describe('split items: object references', () => {
  it('reads the text of an item again only for a kind whose rule reads its spec', () => {
    const text = [
      'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:',
      '- apiVersion: example.com/v1\n  kind: Widget\n  metadata:\n    name: w\n    namespace: apps\n  spec:\n    size: 1',
      '- apiVersion: v1\n  kind: PersistentVolumeClaim\n  metadata:\n    name: data\n  spec:\n    storageClassName: fast',
      '',
    ].join('\n');
    const [widget, claim] = parseResourceList(text).items;
    if (widget === undefined || claim === undefined) throw new Error('no items');
    loads.count = 0;
    expect(objectReferences(widget, () => false).map((found) => found.field)).toEqual(['metadata.namespace']);
    expect(loads.count).toBe(0);
    expect(objectReferences(claim, () => false).map((found) => found.field)).toEqual(['spec.storageClassName']);
    expect(loads.count).toBe(1);
  });
});
