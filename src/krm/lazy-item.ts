import { Document, YAMLMap, isMap, isSeq, parseDocument } from 'yaml';
import { InputError } from './errors.js';
import { recordSource, sourceOf, unchanged } from './unchanged.js';
import { PARSE_OPTIONS, PRINT_OPTIONS } from './yaml-options.js';
import { editAnnotationText } from './annotation-text.js';
import { moveItemComments } from './item-comments.js';

/**
 * Items read only as far as a function reads them. Most items of a large package are never
 * edited and only their apiVersion, kind and metadata are read: parsing each into `yaml` nodes
 * would cost most of a run. So an item split from the input text (see split.ts) is a YAMLMap
 * whose nodes are parsed on first use of its pairs or comments, from its own text; until then the
 * readers of item.ts answer from a plain value read with js-yaml, and printing copies its text.
 *
 * Limits: only for items without anchors (the caller checks): an item parsed alone could not resolve an alias; a materialised item
 * is parsed with the context of an item after another, so that its comments attach as they
 * would in the whole list.
 */

interface Lazy {
  /** The item's input text: blank and comment lines above its dash, then the item. */
  text: string;
  /** The item as plain data (read with the core schema), for reading before it is parsed. */
  plain: Record<string, unknown>;
  /** The first item of the list: comment lines above it belong to the list, not to it. */
  first: boolean;
  /** Line of the input where `text` starts, for error messages. */
  line: number;
  /** The document it was parsed into, once it was. */
  doc?: Document;
}

const lazyItems = new WeakMap<YAMLMap, Lazy>();

/** The properties of a parsed map (its pairs, comments, flags, place in the text): reading or setting any parses the item. */
const LAZY_KEYS = ['items', 'commentBefore', 'comment', 'spaceBefore', 'flow', 'anchor', 'tag', 'range', 'srcToken'] as const;

/** Text put before an item's own so that it parses as an item of the ResourceList's `items`. */
function prefixOf(lazy: Lazy): string {
  return lazy.first ? 'items:\n' : 'items:\n- 0\n';
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
    const line = text.slice(0, error?.pos[0] ?? prefix.length).split('\n').length - prefix.split('\n').length + lazy.line;
    throw new InputError(`input is not valid YAML at line ${line}: ${error?.message.split('\n')[0] ?? 'the item is not a map'}`);
  }
  for (const key of LAZY_KEYS) delete (map as unknown as Record<string, unknown>)[key];
  Object.defineProperty(map, 'schema', { value: node.schema, writable: true, enumerable: false, configurable: true });
  Object.assign(map, node);
  seq.items[seq.items.length - 1] = map;
  recordSource(doc, text, [map]);
  lazy.doc = doc;
}

/**
 * A map standing for the item `text`, parsed when its pairs or comments are first read or written.
 * `plain` is what the text holds, as js-yaml reads it with the core schema.
 */
export function lazyItem(text: string, plain: Record<string, unknown>, first: boolean, line: number): YAMLMap {
  const map = new YAMLMap();
  const lazy: Lazy = { text, plain, first, line };
  lazyItems.set(map, lazy);
  for (const key of LAZY_KEYS) {
    Object.defineProperty(map, key, {
      configurable: true,
      enumerable: true,
      get(this: YAMLMap) {
        materialise(this, lazy);
        return (this as unknown as Record<string, unknown>)[key];
      },
      set(this: YAMLMap, value: unknown) {
        materialise(this, lazy);
        (this as unknown as Record<string, unknown>)[key] = value;
      },
    });
  }
  return map;
}

/** The plain value of an item not parsed into nodes yet; undefined for any other node. */
export function lazyPlain(node: unknown): Record<string, unknown> | undefined {
  const lazy = lazyItems.get(node as YAMLMap);
  return lazy === undefined || lazy.doc !== undefined ? undefined : lazy.plain;
}

/**
 * Sets (or, with `value` undefined, removes) an annotation of an item not parsed yet by editing
 * its text (see annotation-text.ts), keeping its plain value in step. False when the item is
 * parsed or its text cannot be edited so: the caller then edits its nodes.
 */
export function editLazyAnnotation(node: YAMLMap, key: string, value: string | undefined): boolean {
  const lazy = lazyItems.get(node);
  if (lazy === undefined || lazy.doc !== undefined) return false;
  const metadata = lazy.plain.metadata;
  const annotations = metadata !== null && typeof metadata === 'object' ? (metadata as Record<string, unknown>).annotations : undefined;
  const isMap = annotations !== null && typeof annotations === 'object' && !Array.isArray(annotations);
  const current = isMap ? (annotations as Record<string, unknown>)[key] : undefined;
  if (value === undefined ? !isMap || !Object.hasOwn(annotations, key) : current === value) return true;
  if (!isMap) return false;
  const text = editAnnotationText(lazy.text, key, value);
  if (text === undefined) return false;
  lazy.text = text;
  if (value === undefined) delete (annotations as Record<string, unknown>)[key];
  else (annotations as Record<string, unknown>)[key] = value;
  return true;
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** Lines of a document printed as `items:` (and the placeholder item), then the item. */
function printedItem(doc: Document, prefix: string): string {
  moveItemComments(doc);
  const printed = doc.toString(PRINT_OPTIONS);
  if (!printed.startsWith(prefix)) throw new Error(`an item printed without the list around it: ${JSON.stringify(printed.slice(0, 40))}`);
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
    const doc = new Document({ items: [] }, PARSE_OPTIONS);
    const seq = doc.get('items', true) as unknown as { items: unknown[]; flow: boolean };
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
  return printedItem(doc, prefixOf(lazy));
}
