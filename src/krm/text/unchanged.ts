import { isMap, isNode, isPair, isSeq } from 'yaml';
import type { Document, Pair, YAMLMap, YAMLSeq } from 'yaml';

/**
 * Knowing, at print time, which parts of the items a function left exactly as parsed.
 *
 * Unchanged is checked, not guessed: parsing records the own property values of every object
 * inside each item (nodes, pairs, their arrays), in walk order; a later walk of a map, list
 * or pair compares against that record. Any edit made through the yaml API, or by assigning
 * to a node, changes some recorded value (a scalar's value or style, a comment, a flag, a node
 * added, removed, replaced or moved), so that part and every one around it count as changed.
 */

export type Part = YAMLMap | YAMLSeq | Pair;

/** The input text and the record of its items. */
export interface Source {
  text: string;
  /** The recorded values of all items, one after the other. */
  values: unknown[];
  /** Where the record of each map, list and pair starts in `values`; it starts with where it ends. */
  starts: Map<Part, number>;
}

const sources = new WeakMap<Document, Source>();

/** A node's positions in the text, never printed: a function has no reason to change them. */
function isPosition(key: string, owner: object): boolean {
  return (key === 'range' || key === 'srcToken') && isNode(owner);
}

/** Ends the recorded properties of one object, so that an added or removed property shows. */
const END = Symbol('end');

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** Appends, in walk order, every own enumerable property of `value` and of every object below it. */
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
  const part = isMap(value) || isSeq(value) || isPair(value);
  const start = values.length;
  if (part) values.push(0);
  // for...in walks own enumerable keys in Object.keys order (yaml's classes add none of their own).
  for (const key in value) {
    if (isPosition(key, value)) continue;
    const child: unknown = (value as Record<string, unknown>)[key];
    values.push(key, child);
    if (isObject(child)) record(child, source);
  }
  values.push(END);
  if (part) {
    values[start] = values.length;
    source.starts.set(value, start);
  }
}

/** Walks `value` as {@link record} did; the index after its values, or -1 at the first difference. */
function compare(value: object, values: unknown[], at: number, end: number): number {
  let i = at;
  // A part's record starts with where it ends: a walk of the same part ends there.
  let ends: unknown;
  if (isMap(value) || isSeq(value) || isPair(value)) {
    if (i >= end) return -1;
    ends = values[i++];
  }
  if (Array.isArray(value)) {
    if (i >= end || values[i++] !== value.length) return -1;
    for (const element of value) {
      if (i >= end || !Object.is(values[i++], element)) return -1;
      if (isObject(element) && (i = compare(element, values, i, end)) < 0) return -1;
    }
    return i;
  }
  for (const key in value) {
    if (isPosition(key, value)) continue;
    const child: unknown = (value as Record<string, unknown>)[key];
    if (i + 1 >= end || values[i] !== key || !Object.is(values[i + 1], child)) return -1;
    i += 2;
    if (isObject(child) && (i = compare(child, values, i, end)) < 0) return -1;
  }
  if (i >= end || values[i] !== END) return -1;
  return ends === undefined || ends === i + 1 ? i + 1 : -1;
}

/**
 * Remembers `text` and the state of `roots` (the items and the function config of a
 * ResourceList just parsed from `text`). Text with carriage returns is left to yaml, which
 * writes plain line breaks.
 */
export function recordSource(doc: Document, text: string, roots: YAMLMap[]): void {
  if (text.includes('\r')) return;
  const source: Source = { text, values: [], starts: new Map() };
  for (const root of roots) record(root, source);
  sources.set(doc, source);
}

/** What {@link recordSource} remembered for `doc`, if anything. */
export function sourceOf(doc: Document): Source | undefined {
  return sources.get(doc);
}

/** Whether `part` was recorded and is still exactly as parsed. */
export function unchanged(part: Part, source: Source): boolean {
  const start = source.starts.get(part);
  const end = start === undefined ? undefined : source.values[start];
  return typeof end === 'number' && compare(part, source.values, start as number, end) === end;
}
