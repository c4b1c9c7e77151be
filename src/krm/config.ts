import type { SchemaObject, ValidateFunction } from 'ajv';
import { isMap, isScalar } from 'yaml';
import type { Scalar, YAMLMap } from 'yaml';
import { itemRef, itemString, toPlain } from './item.js';
import { makeResult } from './result.js';
import type { Result } from './types.js';
import { describeValue, shippedValidator, violations } from './schema-errors.js';

/** The API group of every pkgdeps function config kind (docs/SPEC.md section 6). */
export const CONFIG_API_VERSION = 'fn.pkgdeps.dev/v1alpha1';

/**
 * What a function accepts as config: its own kind under {@link CONFIG_API_VERSION} with the
 * fields at the top level (next to `metadata`), or a `v1 ConfigMap` with the same fields as
 * strings in `data` (what `kpt fn eval --exec F -- key=value` sends).
 */
export interface ConfigSpec<T> {
  /** PascalCase kind, e.g. `ResolveDependencies`. */
  kind: string;
  /** JSON Schema of each field. */
  properties: Record<string, SchemaObject>;
  required?: readonly string[];
  /** Values of the fields left out; required fields have none. */
  defaults: Partial<T>;
  /**
   * Parsers of the ConfigMap string form of fields that are neither strings, booleans nor
   * integers (e.g. lists); they return an Error whose message says what form is expected.
   */
  fromString?: Record<string, (text: string) => unknown>;
  /**
   * The validator of {@link configSchema}: left out, the one compiled ahead of time for the
   * kind (scripts/validators.mjs covers every function's spec).
   */
  validate?: ValidateFunction;
}

/** The JSON Schema of a config's fields. */
export function configSchema(spec: ConfigSpec<unknown>): SchemaObject {
  return {
    type: 'object',
    properties: spec.properties,
    required: [...(spec.required ?? [])],
    additionalProperties: false,
  };
}

/** The validator of a config's fields, compiled ahead of time from {@link configSchema}. */
function validatorFor(spec: ConfigSpec<unknown>): ValidateFunction {
  return spec.validate ?? shippedValidator(`config_${spec.kind}`);
}

type Fields = Record<string, unknown>;

/** Converts one ConfigMap string to the type its schema asks for; an Error says what is wrong. */
function fromConfigMapString(spec: ConfigSpec<unknown>, key: string, text: string): unknown {
  const parse = spec.fromString?.[key];
  if (parse !== undefined) return parse(text);
  const type: unknown = spec.properties[key]?.type;
  if (type === 'boolean') {
    if (text === 'true' || text === 'false') return text === 'true';
    return new Error(`must be "true" or "false", found ${describeValue(text)}`);
  }
  if (type === 'integer') {
    return /^-?\d+$/.test(text) ? Number(text) : new Error(`must be an integer, found ${describeValue(text)}`);
  }
  return text;
}

interface Read {
  fields: Fields;
  results: Result[];
}

/**
 * A scalar's value, but a number as the text written: `revision: 1e3` is "1e3", not 1000, and
 * `revision: 12345678901234567890` keeps every digit (docs/SPEC.md rule function-config).
 */
function writtenText(scalar: Scalar): unknown {
  return typeof scalar.value === 'number' && scalar.source !== undefined ? scalar.source : scalar.value;
}

/** Whether a field's schema takes a string. */
function takesText(spec: ConfigSpec<unknown>, key: string): boolean {
  const type: unknown = spec.properties[key]?.type;
  return type === 'string' || (Array.isArray(type) && type.includes('string'));
}

function fromConfigMap(
  node: YAMLMap,
  spec: ConfigSpec<unknown>,
  ignore: ReadonlySet<string>,
  fail: (path: string, message: string) => Result,
): Read {
  const fields: Fields = {};
  const results: Result[] = [];
  const data: unknown = node.get('data', true);
  if (data === undefined || (isScalar(data) && data.value === null)) return { fields, results };
  if (!isMap(data)) return { fields, results: [fail('data', 'must be a map of strings')] };
  for (const pair of data.items) {
    const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
    if (ignore.has(key)) continue;
    const value = isScalar(pair.value) ? writtenText(pair.value) : toPlain(pair.value);
    if (!(key in spec.properties)) {
      fields[key] = value;
      continue;
    }
    if (value !== null && typeof value === 'object') {
      results.push(fail(`data.${key}`, `must be a string, found ${describeValue(value)}`));
      continue;
    }
    const converted = fromConfigMapString(spec, key, String(value ?? ''));
    if (converted instanceof Error) results.push(fail(`data.${key}`, converted.message));
    else fields[key] = converted;
  }
  return { fields, results };
}

function fromOwnKind(node: YAMLMap, spec: ConfigSpec<unknown>): Fields {
  const plain = toPlain(node) as Fields;
  const { apiVersion: _apiVersion, kind: _kind, metadata: _metadata, ...fields } = plain;
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key !== undefined && key in fields && isScalar(pair.value) && takesText(spec, key)) {
      fields[key] = writtenText(pair.value);
    }
  }
  return fields;
}

/**
 * Reads, validates and defaults a function config. Every problem (unknown kind, unknown
 * field, wrong type, missing required field) is an error result naming the field and what is
 * accepted; with errors, `config` holds the defaults only. `ignore` lists ConfigMap data keys
 * that belong to something else (the catalog, when the catalog is the function config).
 */
export function readFunctionConfig<T>(
  node: YAMLMap | undefined,
  spec: ConfigSpec<T>,
  ignore: ReadonlySet<string> = new Set(),
): { config: T; results: Result[] } {
  const defaults = { ...spec.defaults } as T;
  const ref = node === undefined ? undefined : itemRef(node);
  const fail = (path: string, message: string): Result => ({
    ...makeResult(
      'error',
      'invalid-config',
      `function config${ref === undefined ? '' : ` ${ref.kind}/${ref.name}`}: ${path === '' ? '' : `${path}: `}${message}`,
    ),
    ...(ref === undefined ? {} : { resourceRef: ref }),
    ...(path === '' ? {} : { field: { path } }),
  });
  let read: Read = { fields: {}, results: [] };
  let prefix = '';
  if (node !== undefined) {
    const apiVersion = itemString(node, ['apiVersion']);
    const kind = itemString(node, ['kind']);
    if (apiVersion === CONFIG_API_VERSION && kind === spec.kind) {
      read = { fields: fromOwnKind(node, spec as ConfigSpec<unknown>), results: [] };
    } else if (apiVersion === 'v1' && kind === 'ConfigMap') {
      read = fromConfigMap(node, spec as ConfigSpec<unknown>, ignore, fail);
      prefix = 'data.';
    } else {
      const found = `${apiVersion ?? '(no apiVersion)'} ${kind ?? '(no kind)'}`;
      return {
        config: defaults,
        results: [fail('', `kind ${found} is not accepted; use ${CONFIG_API_VERSION} ${spec.kind} or a v1 ConfigMap`)],
      };
    }
  }
  const results = [...read.results];
  const generic = spec as ConfigSpec<unknown>;
  for (const { path, message, unknown, missing } of violations(
    validatorFor(generic),
    configSchema(generic),
    read.fields,
  )) {
    if (missing !== undefined && path === '') {
      results.push(fail(`${prefix}${missing}`, 'is required but missing'));
    } else if (unknown !== undefined && path === '') {
      results.push(
        fail(`${prefix}${unknown.property}`, `unknown field; accepted fields are ${unknown.accepted.join(', ')}`),
      );
    } else {
      results.push(fail(path === '' ? '' : `${prefix}${path}`, message));
    }
  }
  if (results.length > 0) return { config: defaults, results };
  return { config: { ...defaults, ...read.fields } as T, results };
}
