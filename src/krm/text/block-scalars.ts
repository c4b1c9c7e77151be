/**
 * Long literal block scalars (`key: |`, `key: |-`) cut out of an item's text before js-yaml reads
 * it, and put back into what it read as strings sliced from their lines. The catalog ConfigMap
 * holds its whole catalog in one such string (5.5 MiB at 1,000 packages x 5 revisions x 10 APIs):
 * js-yaml reads a block scalar character by character, and it read that one twice per call
 * (the item's header at split time, its data when the catalog is loaded).
 *
 * Only where the reading is certain: the lines before a block header are scanned, and each must
 * be one whole node of block context (a blank or comment line, `key:`, `- `, or a key or entry
 * whose value ends on its line: plain, quoted or a flow collection closed on the line). At the
 * first line that is not (a multi-line scalar or flow collection, a tag, an anchor, a quoted key,
 * a tab in an indentation), nothing more is cut: js-yaml reads the rest as written. A block is cut
 * only with no indentation indicator and clip or strip chomping, content indented deeper than its
 * key, no leading blank line deeper than its first line, nothing js-yaml refuses as non-printable,
 * and a next line (if any) no deeper than its key; any other block is left in the text for js-yaml.
 * A text holding a carriage return is never cut (js-yaml reads it as a line break, this scanner does not).
 */

/** Content shorter than this is left to js-yaml: cutting saves nothing there. */
export const MIN_BLOCK_LENGTH = 4096;

const SPACE = 0x20;
const TAB = 0x09;

/** What js-yaml refuses in a stream (its PATTERN_NON_PRINTABLE), tried only on text not all plain ASCII. */
const NON_PRINTABLE =
  // eslint-disable-next-line no-control-regex -- control characters are what it finds
  /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
const NOT_ASCII_TEXT = /[^\x20-\x7E\t\n]/;
const KEY = /[A-Za-z0-9_][\w./-]*:(?= |$)/y;
const BLOCK_HEADER = /^([|>])([-+]?)(?: +#.*| *)$/;
/** Characters that cannot start a plain scalar this scanner accepts. */
const NOT_PLAIN = new Set([
  '&',
  '*',
  '!',
  '%',
  '@',
  '`',
  '?',
  ':',
  ',',
  '[',
  ']',
  '{',
  '}',
  '#',
  '|',
  '>',
  "'",
  '"',
  '-',
]);
const REST = /^(?: *| +#.*)$/;

/** One cut block: where its content lines are in the text, their indentation and chomping. */
interface Block {
  placeholder: string;
  start: number;
  end: number;
  indent: number;
  strip: boolean;
}

export interface CutText {
  /** The text with each cut block's header value a placeholder string and its lines gone. */
  text: string;
  blocks: Block[];
  source: string;
}

/** What one line is, as far as the scan needs to know. */
type Line =
  | { kind: 'blank' }
  | { kind: 'other' }
  | { kind: 'open' }
  | { kind: 'scalar'; owner: number }
  | { kind: 'block'; owner: number; valueAt: number; literal: boolean; strip: boolean; keep: boolean };

function spaces(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && text.charCodeAt(i) === SPACE) i += 1;
  return i - start;
}

/** The end (exclusive) of a quoted scalar starting at `at`, or -1 when it does not end on the line. */
function quotedEnd(line: string, at: number): number {
  const quote = line[at];
  for (let i = at + 1; i < line.length; i += 1) {
    const c = line[i];
    if (quote === '"' && c === '\\') i += 1;
    else if (c === quote) {
      if (quote === "'" && line[i + 1] === "'") i += 1;
      else return i + 1;
    }
  }
  return -1;
}

/** The end of a flow collection starting at `at`, or -1 when it does not close on the line or holds a `#`. */
function flowEnd(line: string, at: number): number {
  let depth = 0;
  for (let i = at; i < line.length; i += 1) {
    const c = line[i];
    if (c === '"' || c === "'") {
      const end = quotedEnd(line, i);
      if (end < 0) return -1;
      i = end - 1;
    } else if (c === '[' || c === '{') depth += 1;
    else if (c === ']' || c === '}') {
      depth -= 1;
      if (depth === 0) return i + 1;
    } else if (c === '#') return -1;
  }
  return -1;
}

/** The value at `at` of a line whose node is at column `owner`. */
function value(line: string, at: number, owner: number): Line {
  const c = line[at] as string;
  if (c === '|' || c === '>') {
    const header = BLOCK_HEADER.exec(line.slice(at));
    if (header === null) return { kind: 'other' };
    return {
      kind: 'block',
      owner,
      valueAt: at,
      literal: header[1] === '|',
      strip: header[2] === '-',
      keep: header[2] === '+',
    };
  }
  let end: number;
  if (c === '"' || c === "'") end = quotedEnd(line, at);
  else if (c === '[' || c === '{') end = flowEnd(line, at);
  else if (c === '\t' || (NOT_PLAIN.has(c) && !(c === '-' && line[at + 1] !== undefined && line[at + 1] !== ' ')))
    return { kind: 'other' };
  else {
    const comment = line.indexOf(' #', at);
    const plain = comment < 0 ? line.slice(at) : line.slice(at, comment);
    // `a: b: c` or a key this scanner does not read (`my key: x`): left to js-yaml.
    return plain.includes(': ') || plain.endsWith(':') ? { kind: 'other' } : { kind: 'scalar', owner };
  }
  return end >= 0 && REST.test(line.slice(end)) ? { kind: 'scalar', owner } : { kind: 'other' };
}

function classify(line: string): Line {
  let at = spaces(line, 0, line.length);
  if (at === line.length || line[at] === '#') return { kind: 'blank' };
  if (line[at] === '\t') return { kind: 'other' };
  let owner = -1;
  while (line[at] === '-' && (at + 1 === line.length || line[at + 1] === ' ')) {
    owner = at;
    at += 1 + spaces(line, at + 1, line.length);
  }
  if (at === line.length || line[at] === '#') return owner >= 0 ? { kind: 'open' } : { kind: 'other' };
  if (line[at] === '\t') return { kind: 'other' };
  KEY.lastIndex = at;
  if (KEY.test(line)) {
    const keyAt = at;
    at = KEY.lastIndex + spaces(line, KEY.lastIndex, line.length);
    if (at === line.length || line[at] === '#') return { kind: 'open' };
    return value(line, at, keyAt);
  }
  return owner >= 0 ? value(line, at, owner) : { kind: 'other' };
}

/**
 * The extent of a block scalar whose header line ends at `from` (the start of its first line):
 * `end` is the start of the first line after it, `indent` its content's indentation, `last` the
 * end of its last content line. Undefined when js-yaml would read it otherwise than as cut.
 * A loop over line breaks (`indexOf`), not a regular expression: run once per call, on 100,000
 * lines, a regular expression is interpreted, several times slower.
 */
function blockExtent(
  text: string,
  from: number,
  owner: number,
): { end: number; indent: number; last: number } | undefined {
  let indent = -1;
  let deepestBlank = 0;
  let last = -1;
  let at = from;
  while (at < text.length) {
    const newline = text.indexOf('\n', at);
    if (newline < 0) return undefined;
    const limit = indent < 0 ? newline : Math.min(newline, at + indent + 1);
    const lead = spaces(text, at, limit);
    if (indent >= 0 && lead > indent) {
      last = newline;
    } else if (at + lead === newline) {
      // A line of spaces only: content when deeper than the content (its extra spaces are kept).
      if (indent < 0) deepestBlank = Math.max(deepestBlank, lead);
    } else if (indent < 0) {
      if (lead <= owner || deepestBlank > lead || text.charCodeAt(at + lead) === TAB) return undefined;
      indent = lead;
      last = newline;
    } else if (lead === indent) {
      last = newline;
    } else {
      // Less indented with content: the block ended (js-yaml refuses a line between it and its key).
      return lead <= owner && text.charCodeAt(at + lead) !== TAB ? { end: at, indent, last } : undefined;
    }
    at = newline + 1;
  }
  return indent < 0 ? undefined : { end: at, indent, last };
}

const placeholderOf = (index: number): string => `\u0000pkgdeps-block-${index}`;

/**
 * `text` with its long literal block scalars cut out (see the module comment), or undefined when
 * none is. `minLength` is the shortest content cut (tests cut every block).
 */
export function cutBlockScalars(text: string, minLength = MIN_BLOCK_LENGTH): CutText | undefined {
  if (text.length < minLength || !text.includes('|') || text.includes('\r')) return undefined;
  const blocks: Block[] = [];
  const parts: string[] = [];
  let copied = 0;
  /** Column a line may not go deeper than: the node of the last line's whole scalar value. */
  let shallowerThan = Number.POSITIVE_INFINITY;
  for (let at = 0; at < text.length;) {
    const newline = text.indexOf('\n', at);
    const lineEnd = newline < 0 ? text.length : newline;
    const line = text.slice(at, lineEnd);
    const kind = classify(line);
    if (kind.kind === 'other') break;
    if (kind.kind !== 'blank' && spaces(line, 0, line.length) > shallowerThan) break;
    if (kind.kind !== 'blank') shallowerThan = Number.POSITIVE_INFINITY;
    if (kind.kind === 'scalar') shallowerThan = kind.owner;
    if (kind.kind !== 'block') {
      at = lineEnd + 1;
      continue;
    }
    if (newline < 0) break;
    const extent = blockExtent(text, newline + 1, kind.owner);
    if (extent === undefined) break;
    const content = text.slice(newline + 1, extent.last);
    const cut =
      kind.literal &&
      !kind.keep &&
      content.length >= minLength &&
      !(NOT_ASCII_TEXT.test(content) && NON_PRINTABLE.test(content));
    if (cut) {
      const placeholder = placeholderOf(blocks.length);
      blocks.push({ placeholder, start: newline + 1, end: extent.last, indent: extent.indent, strip: kind.strip });
      parts.push(text.slice(copied, at + kind.valueAt), JSON.stringify(placeholder), '\n');
      copied = extent.end;
    }
    at = extent.end;
  }
  if (blocks.length === 0) return undefined;
  parts.push(text.slice(copied));
  return { text: parts.join(''), blocks, source: text };
}

/** Per indentation n: up to n spaces at the start of a line. */
const indentPatterns = new Map<number, RegExp>();

/** The string value of a cut block, as js-yaml reads it. */
function blockValue(source: string, block: Block): string {
  let pattern = indentPatterns.get(block.indent);
  if (pattern === undefined) {
    pattern = new RegExp(`^ {1,${block.indent}}`, 'gm');
    indentPatterns.set(block.indent, pattern);
  }
  const value = source.slice(block.start, block.end).replace(pattern, '');
  return block.strip ? value : `${value}\n`;
}

/**
 * Puts the cut blocks back into `value`, what js-yaml read of the cut text, in place: each
 * placeholder must be a whole string value exactly once (else false, and the caller reads the
 * whole text). With `keys`, only values under those top-level keys are put back (the others keep
 * their placeholders), for a reader that keeps only those.
 */
export function putBack(value: Record<string, unknown>, cut: CutText, keys?: readonly string[]): boolean {
  const byPlaceholder = new Map(cut.blocks.map((block) => [block.placeholder, block]));
  const found = new Set<string>();
  let ok = true;
  const walk = (node: unknown, replace: boolean): unknown => {
    if (typeof node === 'string') {
      const block = byPlaceholder.get(node);
      if (block === undefined) return node;
      if (found.has(node)) ok = false;
      found.add(node);
      return replace ? blockValue(cut.source, block) : node;
    }
    if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      for (const key of Object.keys(record)) record[key] = walk(record[key], replace);
    }
    return node;
  };
  for (const key of Object.keys(value)) value[key] = walk(value[key], keys === undefined || keys.includes(key));
  return ok && found.size === cut.blocks.length;
}
