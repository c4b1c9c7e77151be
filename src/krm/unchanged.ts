import { isMap, isSeq } from 'yaml';
import type { CollectionTag, Document, Tags, YAMLMap, YAMLSeq } from 'yaml';
import type { StringifyContext } from 'yaml/util';

/**
 * Printing the maps and lists of items that a function did not change as the input text
 * itself. yaml's printer rewrites some text it did not need to (a comment after a key that
 * holds a map moves to the next line, `\n` escapes in double-quoted strings become line
 * breaks) and costs more than copying.
 *
 * Unchanged is checked, not guessed: parsing records the own property values of every object
 * inside each item (nodes, pairs, their arrays), in walk order; printing walks a collection
 * again and compares. Any edit made through the yaml API, or by assigning to a node, changes
 * some recorded value (a scalar's value or style, a comment, a flag, a node added, removed,
 * replaced or moved), so the collection and every one above it print through yaml as before.
 */

/** Positions, never printed: a function has no reason to change them. */
const POSITIONS = new Set(['range', 'srcToken']);

type Collection = YAMLMap | YAMLSeq;

interface Source {
  text: string;
  /** The recorded values of all items, one after the other. */
  values: unknown[];
  /** Where each collection's own walk starts and ends in `values`. */
  spans: Map<Collection, [number, number]>;
  /** Items whose text, from the dash on, was set aside before a comment was moved onto their first key. */
  held: Map<Collection, string>;
}

const sources = new WeakMap<Document, Source>();

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function record(value: object, source: Source): void {
  const { values } = source;
  if (Array.isArray(value)) {
    values.push(value.length);
    for (const element of value) {
      values.push(element);
      if (isObject(element)) record(element, source);
    }
    return;
  }
  const start = values.length;
  const keys = Object.keys(value);
  values.push(keys.length);
  for (const key of keys) {
    if (POSITIONS.has(key)) continue;
    const child: unknown = (value as Record<string, unknown>)[key];
    values.push(key, child);
    if (isObject(child)) record(child, source);
  }
  if (isMap(value) || isSeq(value)) source.spans.set(value, [start, values.length]);
}

/** Walks `value` as {@link record} did; the index after its values, or -1 at the first difference. */
function compare(value: object, values: unknown[], at: number, end: number): number {
  let i = at;
  const same = (next: unknown): boolean => i < end && Object.is(values[i++], next);
  if (Array.isArray(value)) {
    if (!same(value.length)) return -1;
    for (const element of value) {
      if (!same(element)) return -1;
      if (isObject(element) && (i = compare(element, values, i, end)) < 0) return -1;
    }
    return i;
  }
  const keys = Object.keys(value);
  if (!same(keys.length)) return -1;
  for (const key of keys) {
    if (POSITIONS.has(key)) continue;
    const child: unknown = (value as Record<string, unknown>)[key];
    if (!same(key) || !same(child)) return -1;
    if (isObject(child) && (i = compare(child, values, i, end)) < 0) return -1;
  }
  return i;
}

function unchanged(node: Collection, source: Source): boolean {
  const span = source.spans.get(node);
  return span !== undefined && compare(node, source.values, span[0], span[1]) === span[1];
}

function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/**
 * The source text of a block collection from its first key or dash to the end of its last
 * value, when yaml would print nothing of it outside that text (no comment after it, no
 * anchor or tag; not empty, not flow) and it ends in one line break (a kept trailing blank
 * line belongs to a block scalar that yaml prints with care). A comment before it is the
 * caller's to check.
 */
function bodyText(node: Collection, text: string): string | undefined {
  const { range } = node;
  if (range == null || node.flow === true || node.items.length === 0) return undefined;
  if (node.comment != null || node.anchor != null || node.tag != null) return undefined;
  const body = text.slice(range[0], range[1]);
  if (!body.endsWith('\n') || body.endsWith('\n\n')) return undefined;
  return body.slice(0, -1);
}

/**
 * Remembers `text` and the state of `roots` (the items and the function config of a
 * ResourceList just parsed from `text`) for {@link keepUnchanged}. Text with carriage returns is
 * left to yaml, which writes plain line breaks.
 */
export function recordSource(doc: Document, text: string, roots: Collection[]): void {
  if (text.includes('\r')) return;
  const source: Source = { text, values: [], spans: new Map(), held: new Map() };
  for (const root of roots) record(root, source);
  sources.set(doc, source);
}

/**
 * The comment lines between a dash at column 0 and the first key of an item on a later line
 * (`- # comment`, then `  # more`, then `  key:`), as yaml reads them, and where the dash is.
 */
function commentAfterDash(text: string, start: number): { comment: string; dash: number } | undefined {
  if (column(text, start) !== 2 || text.slice(start - 2, start) !== '  ') return undefined;
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
 * Call before moving a top-level item's comment onto its first key: when the item is
 * unchanged and written as kpt writes it (`- # comment`, the first key on a later line), its
 * text after the dash is set aside, so that it still prints from source after the move.
 */
export function holdItemText(doc: Document, item: YAMLMap): void {
  const source = sources.get(doc);
  if (source === undefined || item.commentBefore == null || item.range == null) return;
  const after = commentAfterDash(source.text, item.range[0]);
  const body = bodyText(item, source.text);
  if (after === undefined || body === undefined || after.comment !== item.commentBefore || !unchanged(item, source)) return;
  source.held.set(item, source.text.slice(after.dash + 2, item.range[0]) + body);
}

/** The text to print for `node` instead of yaml's, when it is unchanged and where it was. */
function keptText(node: Collection, ctx: StringifyContext): string | undefined {
  const source = sources.get(ctx.doc);
  if (source === undefined || ctx.inFlow === true || node.commentBefore != null) return undefined;
  const held = source.held.get(node);
  if (held !== undefined) return ctx.indent.length === 2 ? held : undefined;
  const body = bodyText(node, source.text);
  if (body === undefined || column(source.text, node.range?.[0] ?? 0) !== ctx.indent.length) return undefined;
  return unchanged(node, source) ? body : undefined;
}

/**
 * Wraps the map and seq tags so that unchanged collections print as their source text.
 * yaml's printer calls a collection tag's `stringify` as it does a scalar tag's (in place of
 * `node.toString`), though its types declare none; test/krm pins that.
 */
export function keepUnchanged(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== 'object' || !('collection' in tag) || tag.stringify !== undefined) return tag;
    const stringify = (node: Collection, ctx: StringifyContext, onComment?: () => void, onChompKeep?: () => void): string =>
      keptText(node, ctx) ?? node.toString(ctx, onComment, onChompKeep);
    return { ...tag, stringify } as unknown as CollectionTag;
  });
}
