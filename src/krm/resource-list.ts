import { LineCounter, isAlias, isCollection, isMap, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Document, YAMLMap } from 'yaml';
import { InputError } from './errors.js';
import { trackAliases } from './item.js';
import { moveItemComments } from './text/item-comments.js';
import { lazyItem, printItem, readHeader } from './text/lazy-item.js';
import type { ItemRead } from './text/lazy-item.js';
import { findItems } from './text/split.js';
import { recordSource } from './text/unchanged.js';
import { PARSE_OPTIONS, PRINT_OPTIONS } from './text/yaml-options.js';
import type { Result } from './types.js';

/**
 * The ResourceList a KRM function reads on stdin and writes on stdout
 * (https://github.com/kubernetes-sigs/kustomize/blob/master/cmd/config/docs/api-conventions/functions-spec.md).
 * Items stay `yaml` nodes of the one parsed Document, so comments, key order and quoting of
 * everything a function does not change are printed back as they came in.
 */
export interface ResourceList {
  doc: Document;
  items: YAMLMap[];
  functionConfig: YAMLMap | undefined;
  /**
   * Set when the items were split from the text (see {@link parseResourceList}): `doc` is the
   * list without them and `itemsLine` the text of its `items:` line.
   */
  split?: { itemsLine: string };
}

export { InputError };

const API_VERSIONS = ['config.kubernetes.io/v1', 'config.kubernetes.io/v1alpha1'];
/** yaml's default bound on alias expansion (`maxAliasCount`). */
const MAX_ALIAS_COUNT = 100;

function scalarValue(node: YAMLMap, key: string): unknown {
  const value: unknown = node.get(key, true);
  return isScalar(value) ? value.value : value;
}

/** Whether an alias is at or below `node` (a plain walk: yaml's `visit` costs more on large input). */
function containsAlias(node: unknown): boolean {
  if (isAlias(node)) return true;
  if (isPair(node)) return containsAlias(node.key) || containsAlias(node.value);
  return isCollection(node) && node.items.some((item) => containsAlias(item));
}

/**
 * Aliases are read as the values they name ({@link trackAliases}); expanding them once here, with
 * yaml's limit, turns an alias bomb into an {@link InputError} before any function reads it.
 * Whether the input holds any alias.
 */
function checkAliases(doc: Document): boolean {
  if (!containsAlias(doc.contents)) return false;
  try {
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new InputError(
      `input expands YAML aliases beyond the limit of ${MAX_ALIAS_COUNT}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  trackAliases(doc);
  return true;
}

/** The whole text parsed into one Document. */
function parseWhole(text: string): ResourceList {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...PARSE_OPTIONS, lineCounter });
  const [error] = doc.errors;
  if (error !== undefined) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    const where = ` at line ${line}, column ${col}`;
    if (error.message.includes('Maximum call stack size exceeded'))
      throw new InputError(`input nests collections too deeply to read${where}`);
    if (error.code === 'MULTIPLE_DOCS')
      throw new InputError(`input is not valid YAML${where}: several documents, where a ResourceList is one`);
    throw new InputError(`input is not valid YAML${where}: ${error.message.split('\n')[0] ?? error.code}`);
  }
  // Every alias starts with `*`: most inputs need no walk to find one.
  const aliases = text.includes('*') && checkAliases(doc);
  const root = doc.contents;
  if (!isMap(root))
    throw new InputError(
      `expected a ResourceList (a YAML map), got ${isSeq(root) ? 'a list' : root === null ? 'only comments' : 'a scalar'}`,
    );
  const kind = scalarValue(root, 'kind');
  const apiVersion = scalarValue(root, 'apiVersion');
  if (kind !== 'ResourceList' || typeof apiVersion !== 'string' || !API_VERSIONS.includes(apiVersion)) {
    throw new InputError(
      `expected apiVersion ${API_VERSIONS[0]} and kind ResourceList, got apiVersion ${JSON.stringify(apiVersion ?? null)} and kind ${JSON.stringify(kind ?? null)}`,
    );
  }
  const itemsNode: unknown = root.get('items', true);
  const items: YAMLMap[] = [];
  if (isSeq(itemsNode)) {
    itemsNode.items.forEach((item, index) => {
      if (!isMap(item)) throw new InputError(`items[${index}] is not a resource (a YAML map)`);
      items.push(item);
    });
  } else if (!(itemsNode === undefined || (isScalar(itemsNode) && itemsNode.value === null))) {
    throw new InputError('ResourceList.items must be a list of resources');
  }
  const config: unknown = root.get('functionConfig', true);
  if (!(config === undefined || isMap(config) || (isScalar(config) && config.value === null))) {
    throw new InputError('ResourceList.functionConfig must be a resource (a YAML map)');
  }
  const functionConfig = isMap(config) ? config : undefined;
  const roots = functionConfig === undefined ? items : [...items, functionConfig];
  // Text printed from source cannot follow a function's edits of anchors its aliases name.
  if (!aliases || !roots.some((root) => containsAlias(root))) recordSource(doc, text, roots);
  return { doc, items, functionConfig };
}

/** How many line breaks `text` holds. */
function lineCount(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}

/**
 * The list with its items split from the text (see split.ts and lazy-item.ts), or undefined
 * when its layout or content needs the whole text parsed: another layout, anchors, or items
 * js-yaml cannot read alone or that are not maps (the whole parse then says what is wrong).
 */
function parseSplit(text: string): ResourceList | undefined {
  const region = findItems(text);
  if (region === undefined) return undefined;
  const { keyStart, keyEnd, starts, end } = region;
  const texts = starts.map((start, index) => text.slice(start, starts[index + 1] ?? end));
  const reads: ItemRead[] = [];
  for (const itemText of texts) {
    const read = readHeader(itemText);
    if (read === undefined) return undefined;
    reads.push(read);
  }
  let list: ResourceList;
  try {
    list = parseWhole(`${text.slice(0, keyStart)}items: []\n${text.slice(end)}`);
  } catch (error) {
    // Said of the text without its items, the place of the error would be wrong.
    if (error instanceof InputError) return undefined;
    throw error;
  }
  const seq: unknown = isMap(list.doc.contents) ? list.doc.contents.get('items', true) : undefined;
  if (!isSeq(seq)) return undefined;
  let line = lineCount(text.slice(0, keyEnd)) + 1;
  const items = texts.map((itemText, index) => {
    const item = lazyItem(itemText, reads[index] as ItemRead, index === 0, line);
    line += lineCount(itemText);
    return item;
  });
  seq.items = [...items];
  seq.flow = false;
  return {
    doc: list.doc,
    items,
    functionConfig: list.functionConfig,
    split: { itemsLine: text.slice(keyStart, keyEnd) },
  };
}

export interface ParseOptions {
  /** false: parse the whole text into one Document even when its items could be split (for tests). */
  split?: boolean;
}

/**
 * Parses stdin text; throws {@link InputError} saying what is wrong and where. Items in the
 * layout kpt writes are split from the text and parsed only when a function edits or reads
 * deep into them; anything else is parsed whole.
 */
export function parseResourceList(input: string, options: ParseOptions = {}): ResourceList {
  // YAML 1.2 reads CRLF and a lone CR as line breaks (b-break); as LF, unchanged items print
  // from their source alike, and a CR yaml would keep inside a comment cannot flip a rerun.
  const text = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  if (text.trim() === '') throw new InputError('expected a ResourceList on stdin, got empty input');
  return (options.split === false ? undefined : parseSplit(text)) ?? parseWhole(text);
}

const RESULT_KEYS = ['message', 'severity', 'resourceRef', 'field', 'file', 'tags'] as const;

/** A result as a plain object with kpt's key order and no undefined fields. */
function resultObject(result: Result): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of RESULT_KEYS) {
    if (result[key] !== undefined) out[key] = result[key];
  }
  return out;
}

/** JSON input is all flow style; printed that way, kpt would rewrite the user's files as JSON. */
function blockStyle(doc: Document): void {
  visit(doc, {
    Map(_, node) {
      node.flow = false;
    },
    Seq(_, node) {
      node.flow = false;
    },
  });
}

/** The split list: printed without its items, which then go in place of `items: []`. */
function formatSplit(doc: Document, itemsLine: string): string[] {
  const seq: unknown = isMap(doc.contents) ? doc.contents.get('items', true) : undefined;
  if (!isSeq(seq)) return [doc.toString(PRINT_OPTIONS)];
  const { items, flow } = seq;
  [seq.items, seq.flow] = [[], true];
  const printed = doc.toString(PRINT_OPTIONS);
  [seq.items, seq.flow] = [items, flow];
  const at = printed.startsWith('items: []\n') ? 0 : printed.indexOf('\nitems: []\n') + 1;
  if (at === 0 && !printed.startsWith('items: []\n'))
    throw new Error(`the items of the ResourceList have no place in its text: ${printed.slice(0, 300)}`);
  const parts = [printed.slice(0, at), items.length > 0 ? itemsLine : 'items: []\n'];
  for (const item of items) parts.push(printItem(item as YAMLMap));
  parts.push(printed.slice(at + 'items: []\n'.length));
  return parts;
}

/**
 * The ResourceList text for stdout as consecutive parts, with `results` replaced by the given ones
 * (omitted when there are none). Block style, no line folding, sequences not indented (as kpt writes a
 * ResourceList), so the text of anything unchanged is what came in. Parts, not one string: an item no
 * function touched is its input text, which the input holds anyway, so writing the parts one by one
 * (run.ts) never holds a second copy of the output (9 MiB at 10,000 resources; README, Performance).
 */
export function formatResourceListParts(list: ResourceList, results: Result[]): string[] {
  const { doc } = list;
  if (isMap(doc.contents)) {
    if (doc.contents.flow === true) blockStyle(doc);
    doc.contents.delete('results');
    // Results that share an object (one resourceRef for several) are written out each time, not as `&a1`/`*a1`.
    if (results.length > 0)
      doc.contents.set('results', doc.createNode(results.map(resultObject), { aliasDuplicateObjects: false }));
  }
  if (list.split !== undefined) return formatSplit(doc, list.split.itemsLine);
  moveItemComments(doc);
  return [doc.toString(PRINT_OPTIONS)];
}

/** The ResourceList text for stdout (see {@link formatResourceListParts}) as one string. */
export function formatResourceList(list: ResourceList, results: Result[]): string {
  return formatResourceListParts(list, results).join('');
}
