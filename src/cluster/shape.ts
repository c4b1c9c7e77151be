import { describeValue } from '../krm/index.js';

/**
 * The shapes of the API server's answers that from-cluster reads, and the check that an
 * answer has them, so that a server sending something else (a `null` list entry, `items`
 * that is not a list, a number where a string belongs) gives one clear message instead of a
 * crash later. Only the fields read are described; a field absent or `null` is accepted as
 * absent, other fields are not looked at. List entries and the answer itself must be objects.
 */

export type Shape =
  | 'string'
  | 'boolean'
  | 'number or string'
  | 'map of strings'
  | { list: Shape }
  | { object: Readonly<Record<string, Shape>> };

export function objectOf(fields: Readonly<Record<string, Shape>>): Shape {
  return { object: fields };
}

export function listOf(entry: Shape): Shape {
  return { list: entry };
}

/** A Kubernetes list (`items`, `metadata.continue`) of entries of shape `item`. */
export function listShape(item: Shape): Shape {
  return objectOf({ items: listOf(item), metadata: objectOf({ continue: 'string' }) });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(where: string, key: string): string {
  return where === '' ? key : `${where}.${key}`;
}

function mismatch(where: string, value: unknown, expected: string): string {
  return `${where === '' ? 'the answer' : where} is ${describeValue(value)}, expected ${expected}`;
}

function problemAt(value: unknown, shape: Shape, where: string): string | undefined {
  if (shape === 'string' || shape === 'boolean') {
    return typeof value === shape ? undefined : mismatch(where, value, `a ${shape}`);
  }
  if (shape === 'number or string') {
    const fits = typeof value === 'number' || typeof value === 'string';
    return fits ? undefined : mismatch(where, value, 'a number or a string');
  }
  if (shape === 'map of strings') {
    if (!isPlainObject(value)) return mismatch(where, value, 'a map of strings');
    const key = Object.keys(value).find((name) => typeof value[name] !== 'string');
    return key === undefined ? undefined : mismatch(`${where}[${JSON.stringify(key)}]`, value[key], 'a string');
  }
  if ('list' in shape) {
    if (!Array.isArray(value)) return mismatch(where, value, 'a list');
    for (const [i, entry] of value.entries()) {
      const problem = problemAt(entry, shape.list, `${where}[${i}]`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (!isPlainObject(value)) return mismatch(where, value, 'an object');
  for (const [key, fieldShape] of Object.entries(shape.object)) {
    const fieldValue = value[key];
    if (fieldValue === undefined || fieldValue === null) continue;
    const problem = problemAt(fieldValue, fieldShape, field(where, key));
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** What first differs from `shape` in the answer `value` (`items[1] is null, expected an object`), if anything. */
export function shapeProblem(value: unknown, shape: Shape): string | undefined {
  return problemAt(value, shape, '');
}
