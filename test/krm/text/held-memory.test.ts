import { describe, expect, it } from 'vitest';
import { itemValue, parseResourceList } from '../../../src/krm/index.js';
import { heapUsed } from '../../support/heap.js';

/**
 * What reading the items of a split ResourceList keeps (src/krm/text/lazy-item.ts): no second copy of
 * the input. Measured as the heap in use after full collections (test/support/heap.ts).
 */

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';

describe('items keep no copy of the input', () => {
  it('a long block scalar read through its item is not kept by the item', () => {
    // Literal blocks of catalog-like lines, long enough to be cut out (block-scalars.ts): 4 MiB, and 64 KiB
    // in an item read first, which compiles what reading needs.
    const line = '      - {group: g0001.io, kind: Widget0, resource: widget0s, versions: [v1], scope: Namespaced}\n';
    const block = (size: number): string => line.repeat(Math.ceil(size / line.length));
    const item = (name: string, lines: string): string =>
      `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ${name}\n  data:\n    packages: |\n${lines}`;
    const lines = block(4 << 20);
    const [warm, node] = parseResourceList(`${HEAD}${item('warm', block(64 << 10))}${item('catalog', lines)}`).items;
    if (warm === undefined || node === undefined) throw new Error('no items');
    expect(itemValue(warm, ['data', 'packages'])).toBe(block(64 << 10).replace(/^ {6}/gm, ''));
    const expected = lines.replace(/^ {6}/gm, '');
    // Only its length, so that the string is not kept here either (comparing two strings this long keeps
    // a MiB of what V8 made for it).
    const before = heapUsed();
    expect((itemValue(node, ['data', 'packages']) as string).length).toBe(expected.length);
    const after = heapUsed();
    // Kept by the item, it would add its 4 MiB.
    expect(after - before).toBeLessThan(lines.length / 8);
    expect(itemValue(node, ['data', 'packages'])).toBe(expected);
  });

  it('the headers of the items hold strings of their own, not parts of what js-yaml read', () => {
    // Each item's header has strings long enough for V8 to slice them out of js-yaml's copy of the item.
    const items = Array.from(
      { length: 2000 },
      (_, i) =>
        `- apiVersion: example.com/v1\n  kind: Widget\n  metadata:\n    name: widget-number-${i}\n` +
        `    annotations:\n      internal.config.kubernetes.io/path: 'widgets/widget-number-${i}.yaml'\n` +
        `  spec:\n    note: "${'x'.repeat(4000)}"\n`,
    );
    const text = `${HEAD}${items.join('')}`;
    const before = heapUsed();
    const list = parseResourceList(text);
    const after = heapUsed();
    expect(list.items).toHaveLength(2000);
    expect(itemValue(list.items[1999] as never, ['metadata', 'name'])).toBe('widget-number-1999');
    expect(after - before).toBeLessThan(text.length / 4);
  });
});
