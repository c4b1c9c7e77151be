import { LineCounter, isAlias, isCollection, isMap, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Document, Scalar, ScalarTag, Tags, YAMLMap } from 'yaml';
import { InputError } from './errors.js';
import { trackAliases } from './item.js';
import { holdItemText, keepUnchanged } from './source-text.js';
import { recordSource } from './unchanged.js';
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
}

export { InputError };

const API_VERSIONS = ['config.kubernetes.io/v1', 'config.kubernetes.io/v1alpha1'];
/** yaml's default bound on alias expansion (`maxAliasCount`). */
const MAX_ALIAS_COUNT = 100;

function scalarValue(node: YAMLMap, key: string): unknown {
  const value: unknown = node.get(key, true);
  return isScalar(value) ? value.value : value;
}

/**
 * The core schema's plain scalar tags (null, bool, int, float), changed to print a scalar as
 * its source text while its value is still what that text means: `010`, `0x1F`, `1e3`, `~`
 * and `True` print back as written instead of as `10`, `0x1f`, `1000`, `null` and `true`.
 */
function keepScalarSource(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== 'object' || !('test' in tag) || tag.test === undefined) return tag;
    const { resolve, stringify } = tag as ScalarTag;
    if (stringify === undefined) return tag;
    const keeping: ScalarTag = {
      ...(tag as ScalarTag),
      stringify(item, ctx, onComment, onChompKeep) {
        const { source, value } = item as Scalar;
        if (typeof source === 'string' && Object.is(resolve(source, () => undefined, {}), value)) return source;
        return stringify(item, ctx, onComment, onChompKeep);
      },
    };
    return keeping;
  });
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
    throw new InputError(`input expands YAML aliases beyond the limit of ${MAX_ALIAS_COUNT}: ${error instanceof Error ? error.message : String(error)}`);
  }
  trackAliases(doc);
  return true;
}

/** Parses stdin text; throws {@link InputError} saying what is wrong and where. */
export function parseResourceList(input: string): ResourceList {
  // YAML 1.2 reads CRLF and a lone CR as line breaks (b-break); as LF, unchanged items print
  // from their source alike, and a CR yaml would keep inside a comment cannot flip a rerun.
  const text = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  if (text.trim() === '') throw new InputError('expected a ResourceList on stdin, got empty input');
  const lineCounter = new LineCounter();
  const customTags = (tags: Tags): Tags => keepUnchanged(keepScalarSource(tags));
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false, customTags, lineCounter });
  const [error] = doc.errors;
  if (error !== undefined) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    const where = ` at line ${line}, column ${col}`;
    if (error.message.includes('Maximum call stack size exceeded')) throw new InputError(`input nests collections too deeply to read${where}`);
    if (error.code === 'MULTIPLE_DOCS') throw new InputError(`input is not valid YAML${where}: several documents, where a ResourceList is one`);
    throw new InputError(`input is not valid YAML${where}: ${error.message.split('\n')[0] ?? error.code}`);
  }
  // Every alias starts with `*`: most inputs need no walk to find one.
  const aliases = text.includes('*') && checkAliases(doc);
  const root = doc.contents;
  if (!isMap(root)) throw new InputError(`expected a ResourceList (a YAML map), got ${isSeq(root) ? 'a list' : root === null ? 'only comments' : 'a scalar'}`);
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

const RESULT_KEYS = ['message', 'severity', 'resourceRef', 'field', 'file', 'tags'] as const;

/** A result as a plain object with kpt's key order and no undefined fields. */
function resultObject(result: Result): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of RESULT_KEYS) {
    if (result[key] !== undefined) out[key] = result[key];
  }
  return out;
}

/**
 * kpt writes an item's leading comment after the dash (`- # comment`); parsed, it lands on the
 * item, and printed from there it would go above the dash, where kpt then writes it twice.
 * Moving it onto the item's first key prints it after the dash again. Only the top-level
 * `items`: inside a resource kpt writes such comments above the dash, and moved after it they
 * would be the ones kpt doubles.
 */
function moveItemComments(doc: Document): void {
  const items: unknown = isMap(doc.contents) ? doc.contents.get('items', true) : undefined;
  if (!isSeq(items)) return;
  for (const item of items.items) {
    if (!isMap(item) || item.commentBefore == null) continue;
    const first = item.items[0]?.key;
    if (!isScalar(first)) continue;
    holdItemText(doc, item);
    first.commentBefore = first.commentBefore == null ? item.commentBefore : `${item.commentBefore}\n${first.commentBefore}`;
    item.commentBefore = null;
  }
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

/**
 * The ResourceList text for stdout, with `results` replaced by the given ones (omitted when
 * there are none). Block style, no line folding, sequences not indented (as kpt writes a
 * ResourceList), so the text of anything unchanged is what came in.
 */
export function formatResourceList(list: ResourceList, results: Result[]): string {
  const { doc } = list;
  if (isMap(doc.contents)) {
    if (doc.contents.flow === true) blockStyle(doc);
    doc.contents.delete('results');
    // Results that share an object (one resourceRef for several) are written out each time, not as `&a1`/`*a1`.
    if (results.length > 0) doc.contents.set('results', doc.createNode(results.map(resultObject), { aliasDuplicateObjects: false }));
  }
  moveItemComments(doc);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false, indentSeq: false });
}

