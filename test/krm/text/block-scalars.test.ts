import fc from 'fast-check';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { cutBlockScalars, putBack } from '../../../src/krm/text/block-scalars.js';
import { YAML_CORE_SCHEMA } from '../../../src/krm/text/core-schema.js';
import { readHeader, readItem } from '../../../src/krm/text/lazy-item.js';
import { formatResourceList, itemString, itemValue, parseResourceList, setAnnotation } from '../../../src/krm/index.js';

/**
 * Long literal block scalars cut out of an item's text before js-yaml reads it (src/krm/text/block-scalars.ts):
 * what is read must be what js-yaml reads of the whole text, for every text, including those it refuses.
 */

/** js-yaml's reading of the whole text: the value, or 'error'. */
function whole(text: string): unknown {
  try {
    return load(text, { schema: YAML_CORE_SCHEMA });
  } catch {
    return 'error';
  }
}

/** The reading through the cut (every block, however short), falling back to the whole text as readItem does. */
function throughCut(text: string): { value: unknown; cut: boolean } {
  const cut = cutBlockScalars(text, 0);
  if (cut === undefined) return { value: whole(text), cut: false };
  const value = whole(cut.text);
  const [item] = Array.isArray(value) ? (value as unknown[]) : [];
  if (value === 'error' || item === null || typeof item !== 'object' || !putBack(item as Record<string, unknown>, cut))
    return { value: whole(text), cut: false };
  return { value, cut: true };
}

const CATALOG = [
  '- apiVersion: v1',
  '  kind: ConfigMap',
  '  metadata:',
  '    name: package-catalog # the catalog',
  '    annotations:',
  '      pkgdeps.dev/catalog: "v1"',
  "      internal.config.kubernetes.io/path: 'catalog.yaml'",
  '  data:',
  '    packages: |',
  '      - repository: fleet  # generated',
  '        package: a',
  '',
  '        revisions: [{revision: "1"}]',
  '          # deeper comment',
  '    installed: |- # strip',
  '      - {target: edge01}',
  '    ',
  '',
  '    platform: |',
  '      - {group: monitoring.coreos.com}',
  '',
].join('\n');

describe('block scalars cut out of an item', () => {
  it('reads the catalog ConfigMap as js-yaml reads its whole text, with every literal block cut', () => {
    const cut = cutBlockScalars(CATALOG, 0);
    expect(cut?.blocks).toHaveLength(3);
    expect(cut?.text).not.toContain('repository: fleet');
    expect(throughCut(CATALOG)).toEqual({ value: whole(CATALOG), cut: true });
  });

  it.each([
    ['an indentation indicator', '- data:\n    a: |2\n        deeper\n      text\n'],
    ['keep chomping', '- data:\n    a: |+\n      text\n\n  b: 1\n'],
    ['a folded block', '- data:\n    a: >\n      folded\n      text\n    b: |\n      cut\n'],
    ['a tag', '- data:\n    a: !!str |\n      text\n'],
    ['a multi-line double-quoted string above', '- a: "x\n    b: |\n    y"\n  c: |\n    text\n'],
    ['a multi-line single-quoted string above', "- a: 'x\n    b: |\n      y'\n"],
    ['a multi-line flow map above', '- a: {x: 1,\n    b: |\n      y}\n'],
    ['a multi-line plain scalar above', '- a: x\n    y\n  b: |\n    text\n'],
    ['a quoted key', '- "a": |\n    text\n'],
    ['a tab before the content', '- a: |\n\ttext\n'],
    ['a blank line deeper than the content', '- a: |\n        \n    text\n'],
    ['content no deeper than its key', '- a: |\n  b: 1\n'],
    ['a line between the key and the content', '- a: |\n      text\n    more\n'],
    ['no final line break', '- a: |\n    text'],
    ['a carriage return', '- a: |\r\n    text\r\n'],
    ['a non-printable character', '- a: |\n    te\u0001xt\n'],
  ])('leaves a block to js-yaml after %s, reading what js-yaml reads', (_, text) => {
    expect(throughCut(text).value).toEqual(whole(text));
  });

  it('cuts nothing in the cases that read the rest otherwise', () => {
    for (const text of ['- a: |2\n    x\n', '- a: "x\n  b: |\n    y"\n', '- a: |\r\n    x\r\n', '- a: >\n    x\n'])
      expect(cutBlockScalars(text, 0)).toBeUndefined();
  });

  it('keeps the spaces of a line deeper than the content and drops trailing blank lines (clip and strip)', () => {
    const text = '- a: |\n    x\n      \n    y\n\n  b: |-\n    z\n\n\n  c: 1\n';
    expect(throughCut(text)).toEqual({ value: [{ a: 'x\n  \ny\n', b: 'z', c: 1 }], cut: true });
  });

  it('reads the same as js-yaml for generated items', () => {
    // Spaces added to (or, at -1, taken from) the block's own indentation on one line: mostly none.
    const indent = fc.oneof({ arbitrary: fc.constant(0), weight: 6 }, fc.integer({ min: -2, max: 3 }));
    const contentLine = fc.oneof(
      {
        arbitrary: fc.constantFrom('text', '- {group: a.io}', 'key: value', '# not a comment', '"', "'", '{', '|'),
        weight: 4,
      },
      { arbitrary: fc.constantFrom('', ' ', '  ', '\t', 'x\ty', '\u0001', '\u0085', '\ud800'), weight: 1 },
      { arbitrary: fc.string({ maxLength: 8 }), weight: 1 },
    );
    const block = fc.record({
      header: fc.oneof(
        { arbitrary: fc.constantFrom('|', '|-', '| # c', '|-  '), weight: 3 },
        fc.constantFrom('|+', '>', '|1', '|2-', '|x'),
      ),
      // The key is at column 2: content at 2 is no content.
      base: fc.oneof({ arbitrary: fc.integer({ min: 3, max: 6 }), weight: 6 }, fc.constant(2)),
      lines: fc.array(fc.tuple(indent, contentLine), { maxLength: 6 }),
    });
    // Lines of other keys (`K` is replaced by a key of their own): most of them one whole node each.
    const otherLine = fc.oneof(
      {
        arbitrary: fc.constantFrom(
          '  K: 1',
          '  K: "quoted # not a comment"',
          "  K: 'it''s'",
          '  K: {x: [1, "]"]}',
          '  K: -1',
          '  # comment',
          '',
        ),
        weight: 6,
      },
      {
        arbitrary: fc.constantFrom('  K: "open', '  K: [open', '  K:', '  - x', '    deeper', ' K: 1', '  K: &a 1'),
        weight: 1,
      },
    );
    const item = fc.array(fc.oneof(otherLine, block), { minLength: 1, maxLength: 6 }).map((parts) => {
      const lines = ['- a: 0'];
      parts.forEach((part, index) => {
        if (typeof part === 'string') lines.push(part.replace('K', `k${index}`));
        else {
          lines.push(`  k${index}: ${part.header}`);
          for (const [extra, text] of part.lines) lines.push(`${' '.repeat(part.base + extra)}${text}`);
        }
      });
      return `${lines.join('\n')}\n`;
    });
    let cuts = 0;
    fc.assert(
      fc.property(item, (text) => {
        const read = throughCut(text);
        if (read.cut) cuts += 1;
        expect(read.value).toEqual(whole(text));
      }),
      { numRuns: 2000 },
    );
    // The property is about the cut: most runs must make one.
    expect(cuts).toBeGreaterThan(200);
  });
});

describe('items with long block scalars', () => {
  const long = Array.from({ length: 400 }, (_, i) => `      - {group: g${i}.io, kind: Widget}`).join('\n');
  const item = `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: big\n  data:\n    packages: |\n${long}\n    other: x\n`;

  it('read as a whole (readItem) and by header (readHeader) as js-yaml reads them', () => {
    expect(cutBlockScalars(item)).toBeDefined();
    expect(readItem(item)).toEqual((whole(item) as unknown[])[0]);
    expect(readHeader(item)?.header).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' } });
  });

  it('print as they came, CRLF and comments included, when a function edits their annotations', () => {
    const text = `apiVersion: config.kubernetes.io/v1\r\nkind: ResourceList\r\nitems:\r\n${item.replace('  data:', '  # the data\n  data:').replace(/\n/g, '\r\n')}`;
    const list = parseResourceList(text);
    const [node] = list.items;
    if (node === undefined) throw new Error('no item');
    expect(itemString(node, ['kind'])).toBe('ConfigMap');
    expect(itemValue(node, ['data', 'packages'])).toBe(`${long.replace(/^ {6}/gm, '')}\n`);
    setAnnotation(node, 'pkgdeps.dev/x', 'y');
    const printed = formatResourceList(list, []);
    expect(printed).toBe(
      text
        .replace(/\r\n/g, '\n')
        .replace('    name: big\n', '    name: big\n    annotations:\n      pkgdeps.dev/x: "y"\n'),
    );
  });
});
