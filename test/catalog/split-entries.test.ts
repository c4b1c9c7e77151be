import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDataString } from '../../src/catalog/index.js';
import { splitEntries } from '../../src/catalog/parse-data.js';
import { catalogModel, renderPackages } from '../support/arbitraries.js';

/**
 * docs/SPEC.md rule catalog-lazy: a hand-written `data.packages` read one entry at a time means what it means read
 * whole. Wherever every entry text reads as a list of one entry, together they are the whole text's list; where
 * one does not, the reader reads the whole text (load.ts), so only that direction needs to hold.
 */

const runs = Number(process.env.PKGDEPS_PROPERTY_RUNS ?? 200);

/** Lines that sit at the edges of what splits: entries, continuations, comments, quotes and brackets left open. */
const oddLine = fc.constantFrom(
  '- x',
  '-',
  '- - y',
  '-x',
  '  - y',
  '# a comment',
  '  # indented comment',
  '',
  '  ',
  '  "open',
  '- "open',
  "  'open",
  '- [a,',
  '  b]',
  '- {a: 1,',
  '  b: 2}',
  'key: v',
  '  key: v',
  '---',
  '...',
  '- |',
  '  literal',
  '- >-',
  '- ? k',
  '  : v',
  '- a: b: c',
  '  revision: "2"',
  '    deeper: 1',
);

const text = fc
  .tuple(catalogModel, fc.array(fc.tuple(fc.nat(), oddLine), { maxLength: 4 }))
  .map(([catalog, inserts]) => {
    const lines = renderPackages(catalog.packages).split('\n');
    for (const [at, line] of inserts) lines.splice(at % (lines.length + 1), 0, line);
    return `${lines.join('\n')}\n`;
  });

describe('splitEntries', () => {
  it('gives entry texts that, when each reads as one entry, read as the whole list', () => {
    let split = 0;
    fc.assert(
      fc.property(text, (whole) => {
        const entries = splitEntries(whole);
        if (entries === undefined) return;
        expect(entries.join('')).toBe(whole.slice(whole.length - entries.join('').length));
        const values = entries.map(parseDataString);
        const single = values.every(
          (value) => 'value' in value && Array.isArray(value.value) && value.value.length === 1,
        );
        if (!single) return;
        split += 1;
        const read = parseDataString(whole);
        expect(read).toEqual({
          value: values.flatMap((value) => ('value' in value ? (value.value as unknown[]) : [])),
        });
      }),
      { numRuns: runs },
    );
    expect(split, 'the generator gave texts that split').toBeGreaterThan(runs / 5);
  });

  it('leaves alone what may not read alone', () => {
    for (const text of [
      '[{"repository": "a"}]',
      '- &a {repository: a}\n- *a\n',
      '- !!map {repository: a}\n',
      '---\n- a\n',
      'key: v\n',
      '  - a\n  - b\n',
      '- a\n\t- b\n',
      '# only a comment\n',
      '',
    ])
      expect(splitEntries(text), text).toBeUndefined();
    expect(splitEntries('# head\n- a: 1\n  b: 2\n# between\n-\n- c\n')).toEqual([
      '- a: 1\n  b: 2\n# between\n',
      '-\n',
      '- c\n',
    ]);
  });
});
