import { Scalar, isMap, isNode, isPair, isScalar, isSeq } from 'yaml';
import type { CollectionTag, Document, Pair, Tags, YAMLMap, YAMLSeq } from 'yaml';
import type { StringifyContext } from 'yaml/util';
import { sourceOf, unchanged } from './unchanged.js';
import type { Part, Source } from './unchanged.js';

/**
 * Printing items as their input text wherever a function did not change them. yaml's printer
 * rewrites text it did not need to (a comment after a key that holds a map, such as kpt's
 * `metadata: # kpt-merge: ns/name`, moves to the next line; `\n` escapes in double-quoted
 * strings become line breaks; `# ` loses its space; `.5` becomes `0.5`), and it costs more
 * than copying. So, of the items of a parsed ResourceList (see unchanged.ts):
 * - an unchanged map or list prints as its source text;
 * - a changed map prints its unchanged pairs as their source text, with the comments and
 *   blank lines above them, and only the changed pairs through yaml;
 * - a changed pair keeps a comment that was on the line of its key there;
 * - a changed block map under a key keeps how much deeper than yaml's it was indented, and a
 *   changed flow collection the spaces inside its brackets.
 * Anything that cannot be placed exactly where it was (another indentation, flow context,
 * anchors, tags, blank lines kept by a block scalar) prints through yaml as before.
 */

type Collection = YAMLMap | YAMLSeq;

/** Source text set aside for a part that printing itself changes, and the column it belongs at. */
interface Held {
  text: string;
  column: number;
  /** The comment lines above it are yaml's to print (they were moved onto its key). */
  yamlAbove?: boolean;
}
const held = new WeakMap<Part, Held>();

/** Held text for this print only: printed again later, the part is compared like any other. */
function takeHeld(part: Part, column: number): Held | undefined {
  const found = held.get(part);
  held.delete(part);
  return found?.column === column ? found : undefined;
}

/** Comment lines lifted off a map or list (see liftComments), and whether it was unchanged before. */
interface Lead {
  lines: string[];
  unchanged: boolean;
}
const leads = new WeakMap<Collection, Lead>();

/** Lines joined as yaml joins the lines of a block collection: each but the first indented, blank ones empty. */
function joinLines(lines: string[], indent: string): string {
  return lines.reduce(
    (all, line, index) => (index === 0 ? line : line === '' ? `${all}\n` : `${all}\n${indent}${line}`),
    '',
  );
}

function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** The text of the line that holds `offset`, up to it. */
function linePrefix(text: string, offset: number): string {
  return text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
}

/**
 * Source text from `start` to `end` without its final line break (and the indentation of the
 * next line, which a node's range can reach into). Text that still ends in a line break ends
 * in blank lines (kept by a `|+` block scalar): its printer must tell yaml (`onChompKeep`) so
 * that no blank line is added after it.
 */
function sourceSlice(text: string, start: number, end: number): string {
  const body = text.slice(start, end).replace(/\n[ \t]*$/, '\n');
  return body.endsWith('\n') ? body.slice(0, -1) : body;
}

/**
 * The source text of a block collection from its first key or dash to the end of its last
 * value, when yaml would print nothing of it outside that text (no comment after it, no
 * anchor or tag; not empty, not flow). A comment before it is the caller's to check.
 */
function bodyText(node: Collection, text: string): string | undefined {
  const { range } = node;
  if (range == null || node.flow === true || node.items.length === 0) return undefined;
  if (node.comment != null || node.anchor != null || node.tag != null) return undefined;
  return sourceSlice(text, range[0], range[1]);
}

/**
 * The comment lines between a dash at column 0 and the first key of an item on a later line
 * (`- # comment`, then `  # more`, then `  key:`), as yaml reads them, and where the dash is.
 */
function commentAfterDash(text: string, start: number): { comment: string; dash: number } | undefined {
  if (linePrefix(text, start) !== '  ') return undefined;
  const lines: string[] = [];
  let lineEnd = start - 3;
  while (lineEnd > 0) {
    const lineStart = text.lastIndexOf('\n', lineEnd - 1) + 1;
    const line = text.slice(lineStart, lineEnd);
    if (!/^[ -] #/.test(line)) return undefined;
    lines.unshift(line.slice(3));
    if (line.startsWith('-')) return { comment: lines.join('\n'), dash: lineStart };
    lineEnd = lineStart - 1;
  }
  return undefined;
}

/**
 * Call before moving a top-level item's comment onto its first key, so that what the move
 * changes still prints from source: when the item is written as kpt writes it (`- # comment`,
 * the first key on a later line), its text after the dash if it is unchanged, or else that of
 * its first pair; with the comment elsewhere (above the dash), its first pair's text, the
 * comment printed by yaml where the move puts it. Not for the items of a list indented deeper
 * than kpt writes it: yaml prints those.
 */
export function holdItemText(doc: Document, item: YAMLMap): void {
  const source = sourceOf(doc);
  if (source === undefined || item.commentBefore == null || item.range == null) return;
  const { text } = source;
  const after = commentAfterDash(text, item.range[0]);
  const comment =
    after !== undefined && after.comment === item.commentBefore ? text.slice(after.dash + 2, item.range[0]) : undefined;
  if (comment !== undefined && unchanged(item, source)) {
    const body = bodyText(item, text);
    if (body !== undefined) held.set(item, { text: comment + body, column: 2 });
    return;
  }
  const first = item.items[0];
  if (first === undefined || !isScalar(first.key) || first.key.range?.[0] !== item.range[0] || !isNode(first.value))
    return;
  // Held text prints at column 2: from a list indented deeper, its lines would keep their columns.
  if (column(text, item.range[0]) !== 2) return;
  const end = first.value.range?.[2];
  if (end == null || !unchanged(first, source)) return;
  const body = sourceSlice(text, item.range[0], end);
  held.set(
    first,
    comment === undefined ? { text: body, column: 2, yamlAbove: true } : { text: comment + body, column: 2 },
  );
}

/** A comment's text after `#` as yaml reads it (an empty comment as a space). */
function commentText(afterHash: string): string {
  return afterHash === '' ? ' ' : afterHash;
}

/**
 * Comments that yaml reads as a map or list value's and prints from its parent in its own
 * way, lifted off the value so that they print as written, for a pair yaml prints:
 * - `key: # comment`: yaml would move the comment to a line of its own, which for kpt's
 *   `# kpt-merge:` comments changes every resource a function edits; made the key's comment,
 *   it stays on the key's line;
 * - comment lines between `key:` and the value's first line, at the value's indentation
 *   (yaml would print `# ` as `#`): they print before the value as written.
 * The value's state before the lift is kept, so that an unchanged value still prints from source.
 */
function liftComments({ key, value }: Pair, source: Source): void {
  if (
    !isScalar(key) ||
    key.range == null ||
    !(isMap(value) || isSeq(value)) ||
    value.commentBefore == null ||
    value.range == null
  )
    return;
  const { text } = source;
  const start = value.range[0];
  const lead: Lead = { lines: [], unchanged: unchanged(value, source) };
  const [first, ...rest] = value.commentBefore.split('\n');
  const onKeyLine = /^:[ \t]+#([^\n]*)\n/.exec(text.slice(key.range[1], start))?.[1];
  if (key.comment == null && onKeyLine !== undefined && commentText(onKeyLine) === first) {
    key.comment = first;
    value.commentBefore = rest.length > 0 ? rest.join('\n') : null;
    leads.set(value, lead);
  }
  if (
    value.commentBefore == null ||
    value.flow === true ||
    value.anchor != null ||
    value.tag != null ||
    value.spaceBefore === true
  )
    return;
  const indent = linePrefix(text, start);
  const keyLineEnd = text.indexOf('\n', key.range[1]);
  if (!/^ *$/.test(indent) || keyLineEnd < 0 || keyLineEnd >= start) return;
  const lines = text.slice(keyLineEnd + 1, start - indent.length).split('\n');
  if (lines.pop() !== '' || !lines.every((line) => line.startsWith(`${indent}#`))) return;
  // Only the comment as parsed: one a function wrote instead prints through yaml.
  if (lines.map((line) => commentText(line.slice(indent.length + 1))).join('\n') !== value.commentBefore) return;
  lead.lines = lines.map((line) => line.slice(indent.length));
  leads.set(value, lead);
  value.commentBefore = null;
}

/** The text to print for an unchanged collection, when it can stand where yaml puts it. */
function keptText(node: Collection, ctx: StringifyContext, source: Source, wasUnchanged?: boolean): string | undefined {
  if (ctx.inFlow === true || node.commentBefore != null) return undefined;
  if (held.has(node)) return takeHeld(node, ctx.indent.length)?.text;
  const body = bodyText(node, source.text);
  if (body === undefined || column(source.text, node.range?.[0] ?? 0) !== ctx.indent.length) return undefined;
  return (wasUnchanged ?? unchanged(node, source)) ? body : undefined;
}

/** An unchanged pair of a changed map: its source lines, and those above it when they are its own. */
interface KeptPair {
  /** Blank and comment lines above the key, indentation removed; undefined: yaml prints the key's. */
  above: string[] | undefined;
  body: string;
}

/**
 * The blank and comment lines right above a key in the source (not reaching back into the
 * pair before it), indentation removed, when each sits at the map's indentation and they are
 * what yaml holds for the key: as many comments as its `commentBefore` for an unchanged pair;
 * for a changed one (whose key a function may have edited), exactly its `commentBefore`, and
 * blank lines just when it has `spaceBefore`. Undefined when yaml should print them.
 */
function linesAbove(
  map: YAMLMap,
  index: number,
  indent: string,
  text: string,
  pairUnchanged: boolean,
): string[] | undefined {
  const key = map.items[index]?.key;
  if (!isScalar(key) || key.range == null) return undefined;
  if (linePrefix(text, key.range[0]) !== indent)
    return key.commentBefore == null && (pairUnchanged || key.spaceBefore !== true) ? [] : undefined;
  const previous = map.items[index - 1];
  const last = isNode(previous?.value) ? previous.value : isNode(previous?.key) ? previous.key : undefined;
  const end = last?.range?.[2];
  const floor = end != null && end <= key.range[0] ? end : 0;
  const above: string[] = [];
  let lineStart = key.range[0] - indent.length;
  while (lineStart > floor) {
    const start = text.lastIndexOf('\n', lineStart - 2) + 1;
    const line = text.slice(start, lineStart - 1);
    if (start < floor || !(line === '' || line.startsWith(`${indent}#`))) break;
    above.unshift(line.slice(indent.length));
    lineStart = start;
  }
  if (pairUnchanged) {
    const expected = (key.commentBefore ?? '').split('\n').filter((line) => line !== '').length;
    return above.filter((line) => line !== '').length === expected ? above : undefined;
  }
  const firstComment = above.findIndex((line) => line !== '');
  const blanks = firstComment < 0 ? above.length : firstComment;
  const comments = above.slice(blanks);
  if (comments.includes('')) return undefined;
  const comment = comments.length === 0 ? null : comments.map((line) => commentText(line.slice(1))).join('\n');
  if ((key.commentBefore ?? null) !== comment || (key.spaceBefore === true) !== blanks > 0) return undefined;
  return above;
}

function keptPair(map: YAMLMap, index: number, ctx: StringifyContext, source: Source): KeptPair | undefined {
  const pair = map.items[index];
  if (pair !== undefined && held.has(pair)) {
    const found = takeHeld(pair, ctx.indent.length);
    return index === 0 && found !== undefined
      ? { above: found.yamlAbove === true ? undefined : [], body: found.text }
      : undefined;
  }
  if (pair === undefined || !isScalar(pair.key) || !isNode(pair.value)) return undefined;
  const { key, value } = pair;
  const { text } = source;
  if (key.range == null || value.range == null || column(text, key.range[0]) !== ctx.indent.length) return undefined;
  if (!(index === 0 ? /^[ -]*$/ : /^ *$/).test(linePrefix(text, key.range[0])) || !unchanged(pair, source))
    return undefined;
  return {
    above: linesAbove(map, index, ctx.indent, text, true),
    body: sourceSlice(text, key.range[0], value.range[2]),
  };
}

/**
 * Whether `node`, printed from source, ends in a block scalar that keeps its trailing line
 * breaks (`|+`, `>+`): a blank line printed after it would become part of its value, so the
 * printer must drop blank lines there (yaml's `onChompKeep`), also when the value ends in one
 * line break only and the source text shows no blank line.
 */
function endsInKeepingScalar(node: unknown, text: string): boolean {
  if (isScalar(node)) {
    if ((node.type !== Scalar.BLOCK_LITERAL && node.type !== Scalar.BLOCK_FOLDED) || node.range == null) return false;
    return /^[|>](?:[1-9]?\+|\+[1-9])/.test(text.slice(node.range[0], node.range[0] + 3));
  }
  if (!isMap(node) && !isSeq(node)) return false;
  const last: unknown = node.items.at(-1);
  return endsInKeepingScalar(isPair(last) ? last.value : last, text);
}

/** yaml's lines for a key's blank line and comments (stringifyCollection.js, addCommentBefore). */
function yamlLinesAbove(key: unknown, ctx: StringifyContext, chompKeep: boolean): string[] {
  if (!isNode(key)) return [];
  const lines = !chompKeep && key.spaceBefore === true ? [''] : [];
  let comment = key.commentBefore;
  if (comment != null && chompKeep) comment = comment.replace(/^\n+/, '');
  if (comment) lines.push(yamlComment(comment, ctx).trimStart());
  return lines;
}

/** yaml's text for a comment at `indent` (stringifyComment.js, indentComment). */
function yamlComment(comment: string, ctx: StringifyContext): string {
  const text = ctx.options.commentString(comment);
  return /^\n+$/.test(text) ? text.substring(1) : ctx.indent ? text.replace(/^(?! *$)/gm, ctx.indent) : text;
}

/** Lines above a key; after a block scalar that kept its blank lines, without blank lines of their own. */
function afterKept(above: string[] | undefined, chompKeep: boolean): string[] | undefined {
  if (above === undefined || !chompKeep) return above;
  const first = above.findIndex((line) => line !== '');
  return first < 0 ? [] : above.slice(first);
}

/**
 * A changed block map as yaml prints it (stringifyBlockCollection), except that unchanged
 * pairs are their source text. Undefined when no pair is unchanged, or for a map yaml prints
 * in another form (flow, all values null).
 */
function changedMapText(
  map: YAMLMap,
  ctx: StringifyContext,
  source: Source,
  onComment?: () => void,
  onChompKeep?: () => void,
): string | undefined {
  if (ctx.inFlow === true || map.flow === true || map.items.length === 0) return undefined;
  if (!map.items.every((item) => isPair(item)) || (!ctx.allNullValues && map.hasAllNullValues(false))) return undefined;
  const kept = map.items.map((_, index) => keptPair(map, index, ctx, source));
  // A comment after the map is yaml's to print: the last pair's text must stop before it.
  const lastEnd = (map.items.at(-1)?.value as { range?: [number, number, number] | null } | undefined)?.range?.[2];
  if (map.comment != null && (map.range == null || lastEnd == null || lastEnd > map.range[1]))
    kept[kept.length - 1] = undefined;
  if (kept.every((pair) => pair === undefined)) return undefined;
  const itemCtx = Object.assign({}, ctx, { type: null }) as StringifyContext;
  const lines: string[] = [];
  let chompKeep = false;
  map.items.forEach((pair, index) => {
    const same = kept[index];
    if (same !== undefined) {
      lines.push(...(afterKept(same.above, chompKeep) ?? yamlLinesAbove(pair.key, ctx, chompKeep)), same.body);
      chompKeep = same.body.endsWith('\n') || endsInKeepingScalar(pair.value, source.text);
      return;
    }
    liftComments(pair, source);
    const above = afterKept(linesAbove(map, index, ctx.indent, source.text, false), chompKeep);
    lines.push(...(above ?? yamlLinesAbove(pair.key, ctx, chompKeep)));
    chompKeep = false;
    lines.push(pair.toString(itemCtx, undefined, () => (chompKeep = true)));
  });
  const text = joinLines(lines, ctx.indent);
  if (map.comment != null) {
    onComment?.();
    return `${text}\n${yamlComment(map.comment, ctx)}`;
  }
  if (chompKeep) onChompKeep?.();
  return text;
}

function print(
  node: Collection,
  ctx: StringifyContext,
  source: Source,
  lead: Lead | undefined,
  onComment?: () => void,
  onChompKeep?: () => void,
): string {
  const kept = keptText(node, ctx, source, lead?.unchanged);
  if (kept !== undefined) {
    if (kept.endsWith('\n') || endsInKeepingScalar(node, source.text)) onChompKeep?.();
    return kept;
  }
  const changed = isMap(node) ? changedMapText(node, ctx, source, onComment, onChompKeep) : undefined;
  if (changed !== undefined) return changed;
  if (isMap(node)) {
    for (const pair of node.items) liftComments(pair, source);
  }
  return node.toString(ctx, onComment, onChompKeep);
}

/**
 * The indentation a block map under a key is printed at: deeper than yaml's by as much as it
 * was deeper in the source than a step below its key (a `metadata` map indented four spaces
 * keeps them, and so its unchanged pairs still print as their source text), else yaml's.
 * Items of a list (on their dash's line, or below a dash with only a comment) and flow maps
 * keep yaml's: kpt writes list items at the dash's column plus two.
 */
function sourceIndent(node: Collection, ctx: StringifyContext, text: string): string {
  const start = node.range?.[0];
  if (!isMap(node) || node.flow === true || ctx.inFlow === true || start == null) return ctx.indent;
  const prefix = linePrefix(text, start);
  if (!/^ *$/.test(prefix)) return ctx.indent;
  const key = keyColumn(text, start - prefix.length);
  const extra = key === undefined ? 0 : prefix.length - key - ctx.indentStep.length;
  return extra > 0 ? ctx.indent + ' '.repeat(extra) : ctx.indent;
}

/** The space inside a flow map's or list's brackets: as in its source (`{ a: b }`), else yaml's. */
function flowPadding(node: Collection, ctx: StringifyContext, text: string): string {
  const start = node.range?.[0];
  if (node.flow !== true || start == null || !'{['.includes(text[start] ?? '')) return ctx.flowCollectionPadding;
  return text[start + 1] === ' ' ? ' ' : '';
}

/**
 * The column of the key on the last line before `lineStart` that is not blank or a comment;
 * undefined when that line is a dash with nothing after it but a comment.
 */
function keyColumn(text: string, lineStart: number): number | undefined {
  let end = lineStart - 1;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    const content = /^ *(?:-(?: +|$))*/.exec(line)?.[0].length ?? 0;
    if (content < line.length && line[content] !== '#') return content;
    if (/^ *-/.test(line)) return undefined;
    end = start - 1;
  }
  return undefined;
}

/**
 * Wraps the map and seq tags so that collections print from source as described above.
 * yaml's printer calls a collection tag's `stringify` as it does a scalar tag's (in place of
 * `node.toString`), though its types declare none; test/krm pins that.
 */
export function keepUnchanged(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== 'object' || !('collection' in tag) || tag.stringify !== undefined) return tag;
    const stringify = (
      node: Collection,
      ctx: StringifyContext,
      onComment?: () => void,
      onChompKeep?: () => void,
    ): string => {
      const source = sourceOf(ctx.doc);
      if (source === undefined) return node.toString(ctx, onComment, onChompKeep);
      const lead = leads.get(node);
      leads.delete(node);
      const indent = sourceIndent(node, ctx, source.text);
      const padding = flowPadding(node, ctx, source.text);
      const at =
        indent === ctx.indent && padding === ctx.flowCollectionPadding
          ? ctx
          : ({ ...ctx, indent, flowCollectionPadding: padding } as StringifyContext);
      const text = print(node, at, source, lead, onComment, onChompKeep);
      const all = lead === undefined ? text : joinLines([...lead.lines, text], indent);
      // yaml puts the first line at its own indentation; the rest of the way to the source's is ours.
      return ' '.repeat(indent.length - ctx.indent.length) + all;
    };
    return { ...tag, stringify } as unknown as CollectionTag;
  });
}
