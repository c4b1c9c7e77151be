import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byCodePoint } from '../../src/krm/index.js';

/** The order by code point, spelled out: the strings as arrays of code points, compared entry by entry. */
function reference(a: string, b: string): number {
  const x = Array.from(a, (char) => char.codePointAt(0) ?? 0);
  const y = Array.from(b, (char) => char.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  return x.length - y.length;
}

describe('byCodePoint (docs/SPEC.md rule determinism)', () => {
  it('orders by code point where UTF-16 code units and locales disagree', () => {
    const sorted = ['\u{1F600}', '\uFF21', 'b', 'B', 'aa', 'z', 'y', 'k'].sort(byCodePoint);
    expect(sorted).toEqual(['B', 'aa', 'b', 'k', 'y', 'z', '\uFF21', '\u{1F600}']);
    expect(byCodePoint('same', 'same')).toBe(0);
    expect(byCodePoint('a', 'ab')).toBeLessThan(0);
  });

  it('agrees in sign with the order of code points on well-formed strings', () => {
    const char = fc
      .oneof(
        fc.integer({ min: 0x20, max: 0x7e }),
        fc.integer({ min: 0xe000, max: 0xffff }),
        fc.integer({ min: 0x10000, max: 0x10ffff }),
      )
      .map((codePoint) => String.fromCodePoint(codePoint));
    const text = fc.string({ unit: char, maxLength: 4 });
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(Math.sign(byCodePoint(a, b))).toBe(Math.sign(reference(a, b)));
      }),
      { numRuns: 2000 },
    );
  });
});
