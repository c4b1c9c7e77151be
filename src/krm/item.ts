import { Scalar, YAMLMap, isMap, isNode, isScalar, visit } from 'yaml';
import type { Document } from 'yaml';
import { InputError } from './errors.js';
import { editLazyAnnotation, lazyPlain } from './text/lazy-item.js';
import type { ResourceRef } from './types.js';

/**
 * Reading and editing one item of a ResourceList in place. Edits touch only the annotation
 * they name, so the rest of the item prints back byte for byte.
 */

export const PATH_ANNOTATION = 'internal.config.kubernetes.io/path';
export const INDEX_ANNOTATION = 'internal.config.kubernetes.io/index';
const LEGACY_PATH_ANNOTATION = 'config.kubernetes.io/path';
const LEGACY_INDEX_ANNOTATION = 'config.kubernetes.io/index';
export const LOCAL_CONFIG_ANNOTATION = 'config.kubernetes.io/local-config';

/** The value at `path` of an item not parsed yet (see lazy-item.ts), through maps only. */
function plainIn(plain: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = plain;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, key))
      return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * The value at `path` (map keys) as plain data, for reading: undefined when a key is missing,
 * null for an empty value.
 */
export function itemValue(node: YAMLMap, path: readonly string[]): unknown {
  const plain = lazyPlain(node, path[0]);
  if (plain !== undefined) return plainIn(plain, path);
  const found: unknown = node.getIn(path, true);
  return found === undefined ? undefined : toPlain(found);
}

/** The string at `path`, or undefined when it is missing or not a string. */
export function itemString(node: YAMLMap, path: readonly string[]): string | undefined {
  const plain = lazyPlain(node, path[0]);
  const value: unknown = plain !== undefined ? plainIn(plain, path) : node.getIn(path);
  return typeof value === 'string' ? value : undefined;
}

/** The value of one annotation when it is a string. */
export function annotation(node: YAMLMap, key: string): string | undefined {
  return itemString(node, ['metadata', 'annotations', key]);
}

/** A value that is neither a map nor empty would be lost if replaced by a new map. */
function refuseToReplace(node: YAMLMap, value: unknown, path: string): void {
  if (value === undefined || (isScalar(value) && value.value === null)) return;
  const ref = itemRef(node);
  throw new InputError(
    `${ref.kind}/${ref.name}: ${path} is not a map, so pkgdeps cannot annotate it without losing what it holds; make it a map`,
  );
}

function annotationsMap(node: YAMLMap, create: boolean): YAMLMap | undefined {
  let metadata: unknown = node.get('metadata', true);
  if (!isMap(metadata)) {
    if (!create) return undefined;
    refuseToReplace(node, metadata, 'metadata');
    metadata = new YAMLMap();
    node.set('metadata', metadata);
  }
  const meta = metadata as YAMLMap;
  let annotations: unknown = meta.get('annotations', true);
  if (!isMap(annotations)) {
    if (!create) return undefined;
    refuseToReplace(node, annotations, 'metadata.annotations');
    annotations = new YAMLMap();
    meta.set('annotations', annotations);
  }
  return annotations as YAMLMap;
}

/**
 * Sets an annotation. An existing value keeps its quoting; a new one is double-quoted, as kpt
 * writes annotations. Setting the current value changes nothing.
 */
export function setAnnotation(node: YAMLMap, key: string, value: string): void {
  if (editLazyAnnotation(node, key, value)) return;
  const annotations = annotationsMap(node, true) as YAMLMap;
  const current: unknown = annotations.get(key, true);
  if (isScalar(current)) {
    if (current.value !== value) current.value = value;
    return;
  }
  const scalar = new Scalar(value);
  scalar.type = Scalar.QUOTE_DOUBLE;
  annotations.set(key, scalar);
}

/** Removes an annotation; an annotations map left empty by that goes too. */
export function removeAnnotation(node: YAMLMap, key: string): void {
  if (editLazyAnnotation(node, key, undefined)) return;
  const annotations = annotationsMap(node, false);
  if (annotations === undefined || !annotations.has(key)) return;
  annotations.delete(key);
  const metadata: unknown = node.get('metadata', true);
  if (annotations.items.length === 0 && isMap(metadata)) metadata.delete('annotations');
}

/** Where kpt read the item from: `internal.config.kubernetes.io/path` (or the legacy key) and index. */
export function itemFile(node: YAMLMap): { path: string; index?: number } | undefined {
  const path = annotation(node, PATH_ANNOTATION) ?? annotation(node, LEGACY_PATH_ANNOTATION);
  if (path === undefined) return undefined;
  const index = Number(annotation(node, INDEX_ANNOTATION) ?? annotation(node, LEGACY_INDEX_ANNOTATION));
  return Number.isInteger(index) ? { path, index } : { path };
}

/** apiVersion, kind, name and namespace, as results name a resource. */
export function itemRef(node: YAMLMap): ResourceRef {
  const ref: ResourceRef = {
    apiVersion: itemString(node, ['apiVersion']) ?? '',
    kind: itemString(node, ['kind']) ?? '',
    name: itemString(node, ['metadata', 'name']) ?? '',
  };
  const namespace = itemString(node, ['metadata', 'namespace']);
  if (namespace !== undefined) ref.namespace = namespace;
  return ref;
}

/** `Kind/name (file)`: how messages name an item. */
export function describeItem(item: YAMLMap): string {
  const ref = itemRef(item);
  const file = itemFile(item)?.path;
  return `${ref.kind}/${ref.name}${file === undefined ? '' : ` (${file})`}`;
}

/** The items as {@link describeItem} names them, the first three, then how many more. */
export function describeItems(items: YAMLMap[]): string {
  const distinct = [...new Set(items.map(describeItem))];
  const more = distinct.length > 3 ? ` and ${distinct.length - 3} more` : '';
  return `${distinct.slice(0, 3).join(', ')}${more}`;
}

/** `config.kubernetes.io/local-config: "true"`: the item is never applied to a cluster. */
export function isLocalConfig(node: YAMLMap): boolean {
  return annotation(node, LOCAL_CONFIG_ANNOTATION) === 'true';
}

const documents = new WeakMap<object, Document>();

/** Remembers the document of every node of `doc`, so that {@link toPlain} resolves its aliases. */
export function trackAliases(doc: Document): void {
  visit(doc, {
    Node(_, node) {
      documents.set(node, doc);
    },
  });
}

/**
 * A node (or nothing) as a plain JSON-like value, for reading (never to be changed), never for output. Aliases of a
 * tracked document read as the values they name (within yaml's alias limit), not as `{source}`.
 */
export function toPlain(value: unknown): unknown {
  const plain = lazyPlain(value);
  if (plain !== undefined) return plain;
  if (!isNode(value)) return value ?? null;
  const doc = documents.get(value);
  return doc === undefined ? value.toJSON() : value.toJS(doc);
}
