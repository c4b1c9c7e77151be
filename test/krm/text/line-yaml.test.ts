import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { load, loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { YAML_TEXT_SCHEMA } from '../../../src/krm/text/core-schema.js';
import { readLineYaml } from '../../../src/krm/text/line-yaml.js';
import { repoRoot } from '../../support/kpt.js';

/**
 * The line reader of plain YAML (src/krm/text/line-yaml.ts): what it reads must be what js-yaml reads with
 * YAML_TEXT_SCHEMA, for every text; a text js-yaml refuses it must not read.
 */

/** js-yaml's reading: the value, or 'error'. */
function jsYaml(text: string): unknown {
  try {
    return load(text, { schema: YAML_TEXT_SCHEMA });
  } catch {
    return 'error';
  }
}

function expectSameOrUnread(text: string): boolean {
  const read = readLineYaml(text);
  if (read !== undefined) expect(read.value, JSON.stringify(text)).toStrictEqual(jsYaml(text));
  return read !== undefined;
}

const HAND_WRITTEN = [
  '# the catalog',
  '- repository: fleet  # generated',
  '  package: a',
  '',
  '  revisions:',
  '  - revision: "1"',
  "    workspaceName: 'v1'",
  '    lifecycle: Published',
  '    provides:',
  '    - {group: a.io, kind: A, resource: as, versions: [v1, v2], scope: Namespaced}',
  '    -   group: b.io',
  '        versions:',
  '          - v1',
  '        source: APIService',
  '    requires: []',
  '    dependsOn:',
  '      # indented comment',
  '      - { repository: fleet , package: b }',
  '    objects:',
  '    -',
  '      kind: Namespace',
  '      name: a-system',
  '  - revision: 2',
  '    lifecycle:',
  '    flags: {on: true, off: False, none: null, empty: {}, list: [[], [NULL, "x # y"]]}',
  '- repository: fleet',
  '  package: b',
  '  revisions: []',
].join('\n');

describe('readLineYaml', () => {
  it('reads a hand-written catalog as js-yaml reads it', () => {
    expect(expectSameOrUnread(HAND_WRITTEN)).toBe(true);
    expect(readLineYaml(HAND_WRITTEN)?.value).toMatchObject([{ package: 'a' }, { package: 'b' }]);
  });

  it('reads the data of every catalog of the examples and fixtures, and a generated one, as js-yaml reads them', () => {
    const files = [
      ...readdirSync(join(repoRoot, 'examples'), { recursive: true, encoding: 'utf8' }).map((f) => join('examples', f)),
      ...readdirSync(join(repoRoot, 'test/fixtures'), { recursive: true, encoding: 'utf8' }).map((f) =>
        join('test/fixtures', f),
      ),
    ].filter((f) => f.endsWith('.yaml') && !f.includes('.expected'));
    const texts: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(repoRoot, file), 'utf8');
      if (!text.includes('pkgdeps.dev/catalog')) continue;
      for (const doc of loadAll(text) as Array<{ kind?: string; data?: Record<string, string> }>) {
        if (doc?.kind === 'ConfigMap' && doc.data !== undefined) texts.push(...Object.values(doc.data));
      }
    }
    // The shape of the benchmark's hand-written catalog (bench/generate.mjs).
    const generated = Array.from({ length: 30 }, (_, p) =>
      [
        `- repository: catalog-fleet  # generated package ${p}`,
        `  package: pkg-${p}`,
        '  revisions:',
        ...Array.from({ length: 5 }, (_, r) => [
          `  - revision: "${r + 1}"`,
          `    workspaceName: v${r + 1}`,
          `    lifecycle: ${r === 4 ? 'Draft' : 'Published'}`,
          '    provides:',
          ...Array.from(
            { length: 10 },
            (_, a) =>
              `    - {group: g${p}.io, kind: Widget${a}, resource: widget${a}s, versions: ${a <= r - 1 ? '[v1, v2]' : '[v1]'}, scope: Namespaced}`,
          ),
        ]).flat(),
      ].join('\n'),
    ).join('\n');
    texts.push(generated);
    expect(texts.length).toBeGreaterThan(20);
    const read = texts.filter((text) => expectSameOrUnread(text));
    // The compact notation is JSON (read before this reader); every hand-written one is read here.
    expect(read.length).toBeGreaterThan(15);
    expect(expectSameOrUnread(generated)).toBe(true);
  });

  it('leaves to js-yaml what it does not read with certainty', () => {
    const unread = [
      '',
      '# only a comment',
      '[a, b]',
      'a',
      '  a: b',
      '- a\n  b',
      'a: b\n  c: d',
      'a:\n  b\n',
      'a: b c',
      'a: "b\\"c"',
      "a: 'it''s'",
      'a: b\na: c',
      '{a: b, a: c}',
      'null: a',
      'True: a',
      'a: [b, ]',
      'a: {b: c,}',
      'a: [b,\n  c]',
      'a: &x b\nc: *x',
      'a: !!str b',
      'a: |\n  b',
      'a:\tb',
      'a: b\r\n',
      'a: café',
      '- - a',
      '---\na: b',
      'a: b # c\n...',
      '? a\n: b',
      'a:b',
      'a: b:c',
      'a: -b',
      'a: "b',
      'a: ~',
      'a:\n    b: c\n  d: e',
      '- a: b\n - c',
      '- a: b\n  - c',
      'a: b\n- c',
      // js-yaml reads `- b` as the inner list's second entry.
      '-\n -\n- b',
      '- a:\n  -\n- b',
    ];
    for (const text of unread) expect(readLineYaml(text), JSON.stringify(text)).toBeUndefined();
  });

  it('reads every text as js-yaml does, or leaves it (property)', () => {
    const scalar = fc.oneof(
      fc.constantFrom(
        'a',
        'b.io',
        'v1',
        'v1beta1',
        '1',
        '3.0',
        '0x10',
        'null',
        'Null',
        'true',
        'FALSE',
        'x-y',
        '/p',
        '.a',
      ),
      fc.constantFrom('"a b"', "'c: d'", '"#"', '""', "''", '"1"', "'null'"),
    );
    const key = fc.constantFrom('a', 'b', 'group', 'kind', 'versions', 'x_y', 'k-1', 'on');
    const flow: fc.Arbitrary<string> = fc.letrec<{ flow: string }>((tie) => ({
      flow: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        scalar,
        fc.array(tie('flow'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
        fc
          .uniqueArray(fc.tuple(key, tie('flow')), { maxLength: 3, selector: ([k]) => k })
          .map((pairs) => `{${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
      ),
    })).flow;
    type Node =
      { kind: 'value'; text: string } | { kind: 'list'; items: Node[] } | { kind: 'map'; pairs: [string, Node][] };
    const node: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        flow.map((text): Node => ({ kind: 'value', text })),
        fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((items): Node => ({ kind: 'list', items })),
        fc
          .uniqueArray(fc.tuple(key, tie('node')), { minLength: 1, maxLength: 3, selector: ([k]) => k })
          .map((pairs): Node => ({ kind: 'map', pairs })),
      ),
    })).node;
    const root = node.filter((n) => n.kind !== 'value');
    const layout = fc.record({ step: fc.constantFrom(1, 2, 4), sameColumnList: fc.boolean(), compact: fc.boolean() });
    const print = (
      root: Node,
      { step, sameColumnList, compact }: { step: number; sameColumnList: boolean; compact: boolean },
    ) => {
      const lines: string[] = [];
      const pad = (n: number) => ' '.repeat(n);
      const block = (n: Node, column: number, lead: string): void => {
        // `lead` is what goes before the node's first line (a dash or a key), at `column`.
        if (n.kind === 'value') {
          lines.push(`${lead} ${n.text}`);
        } else if (n.kind === 'list') {
          const inner = lead.endsWith(':') && sameColumnList ? column : column + step;
          lines.push(lead);
          for (const item of n.items) block(item, inner, `${pad(inner)}-`);
        } else if (compact && lead.endsWith('-')) {
          const at = lead.length + 1;
          n.pairs.forEach(([k, v], i) => block(v, at, i === 0 ? `${lead} ${k}:` : `${pad(at)}${k}:`));
        } else {
          lines.push(lead);
          const inner = column + step;
          for (const [k, v] of n.pairs) block(v, inner, `${pad(inner)}${k}:`);
        }
      };
      if (root.kind === 'value') return root.text;
      if (root.kind === 'list') for (const item of root.items) block(item, 0, '-');
      else for (const [k, v] of root.pairs) block(v, 0, `${k}:`);
      return lines.filter((line) => line.trim() !== '').join('\n');
    };
    const edit = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 2 }),
      insert: fc.constantFrom(
        '',
        ' ',
        '  ',
        '-',
        '- ',
        ':',
        ': ',
        '#',
        ' # c',
        '"',
        "'",
        '[',
        ']',
        '{',
        '}',
        ',',
        '\n',
        '\n  ',
        'a',
        '\t',
        '&a ',
        '*a',
        '!',
        '|',
        '?',
        '\\',
        'null',
        '~',
      ),
    });
    let read = 0;
    fc.assert(
      fc.property(root, layout, fc.oneof(fc.constant([]), fc.array(edit, { maxLength: 3 })), (top, style, edits) => {
        let text = print(top, style);
        for (const { at, remove, insert } of edits) {
          const i = text.length === 0 ? 0 : at % (text.length + 1);
          text = text.slice(0, i) + insert + text.slice(i + remove);
        }
        if (expectSameOrUnread(text)) read += 1;
        if (jsYaml(text) === 'error') expect(readLineYaml(text), JSON.stringify(text)).toBeUndefined();
      }),
      { numRuns: 3000 },
    );
    // Most texts are read (the others have an edit that takes them out of what is read).
    expect(read).toBeGreaterThan(1000);
  });
});
