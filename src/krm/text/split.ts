/**
 * Finding the items of a ResourceList in its text without parsing it, for the layout kpt
 * writes: top-level keys at column 0, `items:` alone on its line, each item starting with
 * `- ` at column 0 and every other line of it indented (the text of other keys, such as a
 * `results:` list, is not looked into). Anything else (flow style, an indented
 * list, document markers, directives, tabs at column 0) finds nothing, and the caller parses
 * the whole text instead.
 */

export interface ItemsRegion {
  /** Where the `items:` line starts, and where the line after it starts. */
  keyStart: number;
  keyEnd: number;
  /**
   * Where each item's text starts: the first right after the `items:` line, the others at
   * their dash or at the column-0 comment lines above it (and the lines after those). Blank
   * lines before such comments or a dash stay with the item above: a `|+` block scalar keeps them.
   */
  starts: number[];
  /** Where the text of the last item ends (column-0 comment lines after it are not its). */
  end: number;
}

const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const TOP_KEY = /^([A-Za-z_][\w./-]*):(?:[ \t]|$)/;

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i += 1) {
    const c = text.charCodeAt(i);
    if (c !== SPACE && c !== 0x09) return false;
  }
  return true;
}

/** The items region of `text`, or undefined when its layout is not the one described above. */
export function findItems(text: string): ItemsRegion | undefined {
  let keyStart = -1;
  let keyEnd = -1;
  let end = -1;
  const starts: number[] = [];
  let inItems = false;
  let topKeySeen = false;
  /** Start of the column-0 comment lines since the last line of content, or -1. */
  let pending = -1;
  for (let start = 0; start < text.length;) {
    const newline = text.indexOf('\n', start);
    const lineEnd = newline < 0 ? text.length : newline;
    const next = newline < 0 ? text.length : newline + 1;
    const c = text.charCodeAt(start);
    if (c === HASH) {
      if (inItems && starts.length > 0 && pending < 0) pending = start;
    } else if (c === SPACE || start === lineEnd) {
      const blank = isBlank(text, start, lineEnd);
      // content before the first dash: not a compact list
      if (inItems && starts.length === 0 && !blank) return undefined;
      if (!blank) pending = -1;
    } else if (c === DASH && (lineEnd === start + 1 || text.charCodeAt(start + 1) === SPACE)) {
      // A list under another key (`results:`) is left to the whole parse of what is not items.
      if (!inItems) {
        if (!topKeySeen) return undefined;
        start = next;
        continue;
      }
      starts.push(starts.length === 0 ? keyEnd : pending >= 0 ? pending : start);
      pending = -1;
    } else {
      const key = TOP_KEY.exec(text.slice(start, Math.min(lineEnd, start + 256)))?.[1];
      if (key === undefined) return undefined;
      topKeySeen = true;
      if (inItems) {
        end = pending >= 0 ? pending : start;
        inItems = false;
      }
      if (key === 'items') {
        if (keyStart >= 0 || text.slice(start, lineEnd) !== 'items:') return undefined;
        keyStart = start;
        keyEnd = next;
        inItems = true;
      }
      pending = -1;
    }
    start = next;
  }
  if (inItems) end = pending >= 0 ? pending : text.length;
  if (keyStart < 0 || starts.length === 0) return undefined;
  return { keyStart, keyEnd, starts, end };
}
