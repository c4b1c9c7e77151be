/**
 * Orders two strings by Unicode code point, the same under every locale (docs/SPEC.md rule
 * determinism): the one comparator for sorting names, `names.sort(byCodePoint)`. It differs
 * from the default `sort()` (UTF-16 code units) only where a character above U+FFFF meets
 * one of U+E000 to U+FFFF; a lone surrogate ranks with the characters above U+FFFF.
 */
export function byCodePoint(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Moves surrogates (U+D800 to U+DFFF) above U+E000 to U+FFFF: a code unit then ranks as the code point it starts. */
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit < 0xe000 ? unit + 0x2000 : unit - 0x800;
}
