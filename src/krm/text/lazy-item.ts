import { load } from 'js-yaml';
import { Document, YAMLMap, isMap, isSeq, parseDocument } from 'yaml';
import { YAML_CORE_SCHEMA } from './core-schema.js';
import { InputError } from '../errors.js';
import { recordSource, sourceOf, unchanged } from './unchanged.js';
import { PARSE_OPTIONS, PRINT_OPTIONS } from './yaml-options.js';
import { editAnnotationText } from './annotation-text.js';
import { moveItemComments } from './item-comments.js';
import { cutBlockScalars, putBack } from './block-scalars.js';
import type { CutText } from './block-scalars.js';

/**
 * Items read only as far as a function reads them. Most items of a large package are never
 * edited and only their apiVersion, kind and metadata are read: parsing each into `yaml` nodes
 * would cost most of a run. So an item split from the input text (see split.ts) is a YAMLMap
 * whose nodes are parsed on first use of its pairs or comments, from its own text; until then
 * the readers of item.ts answer from plain values read with js-yaml, and printing copies its text.
 *
 * Limits: only for items without anchors ({@link readItem} refuses them): an item parsed alone
 * could not resolve an alias to another. An item is parsed after a placeholder item, so that
 * the comments above its dash attach to it as they would in the whole list.
 */

interface Lazy {
  /** The item's input text: blank and comment lines above its dash, then the item. */
  text: string;
  /** The item's apiVersion, kind and metadata as plain data, for reading before it is parsed. */
  header: Record<string, unknown>;
  /**
   * All of the item as plain data, once a reader asked for more than the header; never kept for an item
   * whose text was cut (`cut`), whose block values are built anew for each reader (see {@link lazyPlain}).
   */
  plain?: Record<string, unknown>;
  /** `text` with its long block scalars cut out, when the header was read so, until `text` changes. */
  cut?: CutText;
  /** The first item of the list: comment lines above it belong to the list, not to it. */
  first: boolean;
  /** Line of the input where `text` starts, for error messages. */
  line: number;
  /** The document it was parsed into, once it was. */
  doc?: Document;
  /** Blank lines after the item that are not its content (see keepSeparators), once parsed. */
  separators?: number;
}

const lazyItems = new WeakMap<YAMLMap, Lazy>();

/** What most readers read of every item; the rest is read again from the text when asked for. */
const HEADER_KEYS = ['apiVersion', 'kind', 'metadata'] as const;

/** The properties of a parsed map (its pairs, comments, flags, place in the text): reading or setting one parses it. */
const LAZY_KEYS = [
  'items',
  'commentBefore',
  'comment',
  'spaceBefore',
  'flow',
  'anchor',
  'tag',
  'range',
  'srcToken',
] as const;

/** Text put before an item's own so that it parses as an item of the ResourceList's `items`. */
function prefixOf(lazy: Lazy): string {
  return lazy.first ? 'items:\n' : 'items:\n- 0\n';
}

/** Sets `key` as an own, enumerable data property, as the map's properties are once parsed. */
function ownValue(map: YAMLMap, key: string, value: unknown): void {
  Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Parses the item's text into nodes and makes them the map's own. */
function materialise(map: YAMLMap, lazy: Lazy): void {
  const prefix = prefixOf(lazy);
  const text = prefix + lazy.text;
  const doc = parseDocument(text, PARSE_OPTIONS);
  const seq: unknown = isMap(doc.contents) ? doc.contents.get('items', true) : undefined;
  const node: unknown = isSeq(seq) ? seq.items.at(-1) : undefined;
  const [error] = doc.errors;
  if (error !== undefined || !isMap(node) || !isSeq(seq)) {
    const line =
      text.slice(0, error?.pos[0] ?? prefix.length).split('\n').length - prefix.split('\n').length + lazy.line;
    throw new InputError(
      `input is not valid YAML at line ${line}: ${error?.message.split('\n')[0] ?? 'the item is not a map'}`,
    );
  }
  lazy.doc = doc;
  const rest = text.slice(node.range?.[2] ?? text.length);
  lazy.separators = /^\s*$/.test(rest) ? rest.split('\n').length - 1 : 0;
  Object.defineProperty(map, 'schema', { value: node.schema, writable: true, enumerable: false, configurable: true });
  for (const [key, value] of Object.entries(node)) ownValue(map, key, value);
  seq.items[seq.items.length - 1] = map;
  recordSource(doc, text, [map]);
}

/**
 * A YAMLMap whose {@link LAZY_KEYS} are accessors on the prototype (one set for all items)
 * until the item is parsed; then they are own data properties, as on any parsed map.
 */
class LazyMap extends YAMLMap {
  constructor(lazy: Lazy) {
    super();
    // yaml's constructor set `items` before the item had a state: the prototype's accessor must answer.
    delete (this as unknown as Record<string, unknown>).items;
    lazyItems.set(this, lazy);
  }
}

for (const key of LAZY_KEYS) {
  Object.defineProperty(LazyMap.prototype, key, {
    configurable: true,
    enumerable: false,
    get(this: YAMLMap): unknown {
      const lazy = lazyItems.get(this);
      if (lazy === undefined || lazy.doc !== undefined) return undefined;
      materialise(this, lazy);
      return (this as unknown as Record<string, unknown>)[key];
    },
    set(this: YAMLMap, value: unknown) {
      const lazy = lazyItems.get(this);
      if (lazy !== undefined && lazy.doc === undefined) materialise(this, lazy);
      ownValue(this, key, value);
    },
  });
}

/** What was read of an item's text: its header, how its block scalars were cut (readHeader), or all of it. */
export interface ItemRead {
  header: Record<string, unknown>;
  cut?: CutText;
  plain?: Record<string, unknown>;
}

/**
 * A map standing for the item `text`, parsed when its pairs or comments are first read or written.
 * `read` is what {@link readHeader} read of it, or, with `plain`, all of it as {@link readItem} reads it
 * (its header being `header`), so that readers of more than the header do not read the text again.
 */
export function lazyItem(text: string, read: ItemRead, first: boolean, line: number): YAMLMap {
  return new LazyMap({ text, ...read, first, line });
}

/**
 * An item standing for plain data (JSON values), for readers that keep what they read of many
 * items: read without parsing anything, and printed, if ever, as the JSON text it is made of.
 * Its values are copies: a string read from a text may hold on to all of that text.
 */
export function plainItem(value: Record<string, unknown>): YAMLMap {
  const json = JSON.stringify(value);
  const plain = JSON.parse(json) as Record<string, unknown>;
  return lazyItem(`- ${json}\n`, { header: headerOf(plain), plain }, false, 1);
}

/**
 * The apiVersion, kind and metadata of an item's text as plain data (see {@link readItem}), and how
 * its block scalars were cut, for reading the rest; the rest is left to the garbage collector at
 * once: kept for every item until all are read, it would hold a copy of the whole input. For the same
 * reason the header's strings are its own ({@link ownStrings}).
 */
export function readHeader(text: string): ItemRead | undefined {
  const cut = cutBlockScalars(text);
  const plain = readItem(text, HEADER_KEYS, cut);
  if (plain === undefined) return undefined;
  const header = ownStrings(headerOf(plain));
  return cut === undefined ? { header } : { header, cut };
}

/** How long a string must be for V8 to make a part of a string a slice of it (SlicedString::kMinLength). */
const SLICED_LENGTH = 13;

/**
 * `value` (plain data, changed in place) with each of its strings a string of its own. js-yaml reads a copy of
 * its input (it appends a terminator) and gives most strings as slices of that copy: one such string kept
 * keeps the whole copy, and the headers of 10,000 items would keep a copy of the whole input (3 MiB at
 * 10,000 resources, README Performance). A shorter string is a copy already.
 */
function ownStrings<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const child = record[key];
    if (typeof child === 'string') {
      // Flattening a concatenation copies it; the slice of the copy holds only the copy.
      if (child.length >= SLICED_LENGTH) record[key] = ` ${child}`.slice(1);
    } else if (child !== null && typeof child === 'object') ownStrings(child);
  }
  return value;
}

/** The apiVersion, kind and metadata of an item's plain data (the same values, not copies). */
export function headerOf(plain: Record<string, unknown>): Record<string, unknown> {
  const header: Record<string, unknown> = {};
  for (const key of HEADER_KEYS) if (Object.hasOwn(plain, key)) header[key] = plain[key];
  return header;
}

/** What js-yaml reads of `text`, or undefined when it holds an anchor or does not parse. */
function loadItem(text: string): unknown {
  let anchors: object | undefined;
  let value: unknown;
  try {
    value = load(text, {
      schema: YAML_CORE_SCHEMA,
      listener(_, state) {
        anchors ??= (state as unknown as { anchorMap: object }).anchorMap;
      },
    });
  } catch {
    return undefined;
  }
  return anchors === undefined || Object.keys(anchors).length > 0 ? undefined : value;
}

/**
 * One item of a ResourceList as plain data, read with js-yaml and {@link YAML_CORE_SCHEMA} (the
 * values yaml reads); undefined when it is not a map alone in a list, holds an anchor (its aliases may be
 * in other items) or does not parse. Its long literal block scalars are cut out before js-yaml reads it
 * and put back as the strings they are (block-scalars.ts; `cut` when the text was cut before); with
 * `keys`, only those under these top-level keys are (the others are placeholders), for a reader that keeps
 * only those keys.
 */
export function readItem(
  text: string,
  keys?: readonly string[],
  cut = cutBlockScalars(text),
): Record<string, unknown> | undefined {
  if (cut !== undefined) {
    const item = onlyMap(loadItem(cut.text));
    if (item !== undefined && putBack(item, cut, keys)) return item;
  }
  return onlyMap(loadItem(text));
}

/** The one map of a list of one map. */
function onlyMap(value: unknown): Record<string, unknown> | undefined {
  const [item] = Array.isArray(value) && value.length === 1 ? (value as unknown[]) : [];
  return item !== null && typeof item === 'object' && !Array.isArray(item)
    ? (item as Record<string, unknown>)
    : undefined;
}

/**
 * The plain data of an item not parsed yet, enough to read `key` (its header for apiVersion,
 * kind and metadata, else all of it); undefined for any other node.
 *
 * All of an item is read once and kept, unless its text was cut (block-scalars.ts): its long block
 * scalars are then put back for each reader and not kept by the item, so that the item does not hold a
 * second copy of them (the catalog's `data.packages`, 5 MiB at 1,000 packages, is read once per call, and
 * kept it would count twice at the peak: README, Performance). Reading it again costs js-yaml's reading of
 * the cut text, which is short.
 */
export function lazyPlain(node: unknown, key?: string): Record<string, unknown> | undefined {
  const lazy = lazyItems.get(node as YAMLMap);
  if (lazy === undefined || lazy.doc !== undefined) return undefined;
  if (key !== undefined && (HEADER_KEYS as readonly string[]).includes(key)) return lazy.header;
  if (lazy.plain !== undefined) return lazy.plain;
  const cut = lazy.cut ?? cutBlockScalars(lazy.text);
  const plain = readItem(lazy.text, undefined, cut);
  if (plain === undefined) throw new InputError(`input is not valid YAML at line ${lazy.line}`);
  if (cut === undefined) lazy.plain = plain;
  else lazy.cut = cut;
  return plain;
}

/**
 * Sets (or, with `value` undefined, removes) an annotation of an item not parsed yet by editing
 * its text (see annotation-text.ts), keeping its plain value in step. False when the item is
 * parsed or its text cannot be edited so: the caller then edits its nodes.
 */
export function editLazyAnnotation(node: YAMLMap, key: string, value: string | undefined): boolean {
  const lazy = lazyItems.get(node);
  if (lazy === undefined || lazy.doc !== undefined) return false;
  const metadata = lazy.header.metadata;
  const annotations =
    metadata !== null && typeof metadata === 'object' ? (metadata as Record<string, unknown>).annotations : undefined;
  const annotationsMap = annotations !== null && typeof annotations === 'object' && !Array.isArray(annotations);
  const current = annotationsMap ? (annotations as Record<string, unknown>)[key] : undefined;
  if (value === undefined ? !annotationsMap || !Object.hasOwn(annotations, key) : current === value) return true;
  if (!annotationsMap) return false;
  const text = editAnnotationText(lazy.text, key, value);
  if (text === undefined) return false;
  lazy.text = text;
  lazy.plain = undefined;
  lazy.cut = undefined;
  if (value === undefined) delete (annotations as Record<string, unknown>)[key];
  else (annotations as Record<string, unknown>)[key] = value;
  return true;
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/**
 * The blank lines after an item, before the next one, are in its text, but they are not its
 * content (unless a `|+` block scalar keeps them, see materialise): printed through yaml, the
 * item would lose them, and with them the blank line kpt's reader sees before the next item.
 * They are put back, unless the printed item ends in blank lines itself or holds a `|+`/`>+`
 * block scalar, which could take them in.
 */
function keepSeparators(printed: string, separators: number): string {
  if (separators === 0 || /\n[ \t]*\n$/.test(printed) || /[|>][1-9]?\+/.test(printed)) return printed;
  return printed + '\n'.repeat(separators);
}

/** Lines of a document printed as `items:` (and the placeholder item), then the item. */
function printedItem(doc: Document, prefix: string): string {
  moveItemComments(doc);
  const printed = doc.toString(PRINT_OPTIONS);
  if (!printed.startsWith(prefix))
    throw new Error(`an item printed without the list around it: ${JSON.stringify(printed.slice(0, 40))}`);
  return printed.slice(prefix.length);
}

/**
 * An item of a split ResourceList as text, from `- ` (or the comment lines above it) to its
 * line break: the input text while nothing in it changed, else the item printed through yaml
 * from its own document (unchanged parts of it still as their input text). A comment above
 * the dash of any but the first item is printed through yaml even when unchanged, where the
 * whole list would have moved it after the dash (see moveItemComments).
 */
export function printItem(node: YAMLMap): string {
  const lazy = lazyItems.get(node);
  if (lazy === undefined) {
    // An item a function added: printed alone in a list of its own.
    const doc = new Document({ items: [] }, PARSE_OPTIONS);
    const seq: unknown = doc.get('items', true);
    if (!isSeq(seq)) throw new Error('a new list has no items');
    seq.flow = false;
    seq.items.push(node);
    return printedItem(doc, 'items:\n');
  }
  const commented = !lazy.first && /^\s*#/m.test(lazy.text.slice(0, lazy.text.search(/^-/m)));
  if (lazy.doc === undefined && !commented) return withNewline(lazy.text);
  if (lazy.doc === undefined) materialise(node, lazy);
  const doc = lazy.doc as Document;
  const source = sourceOf(doc);
  if (!commented && source !== undefined && unchanged(node, source)) return withNewline(lazy.text);
  return keepSeparators(printedItem(doc, prefixOf(lazy)), lazy.separators ?? 0);
}
