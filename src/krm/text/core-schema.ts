import { FAILSAFE_SCHEMA, Type } from 'js-yaml';
import type { Schema } from 'js-yaml';

/**
 * The YAML 1.2 core schema as `yaml` reads it, for js-yaml: items read with js-yaml (see
 * lazy-item.ts) must hold the values the same items hold once parsed with `yaml`. js-yaml's own
 * CORE_SCHEMA also reads `0b101`, `+0x1` and `-0x1` as integers (strings for `yaml`) and
 * `+.5` as a string (a float for `yaml`).
 */

const NULL = /^(?:~|null|Null|NULL)?$/;
const BOOL = /^(?:true|True|TRUE|false|False|FALSE)$/;
const INT = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const FLOAT =
  /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

const nil = new Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: unknown) => data === null || (typeof data === 'string' && NULL.test(data)),
  construct: () => null,
  predicate: (value: unknown) => value === null,
});

const bool = new Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && BOOL.test(data),
  construct: (data: string) => data.toLowerCase() === 'true',
  predicate: (value: unknown) => typeof value === 'boolean',
});

const int = new Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && INT.test(data),
  construct: (data: string) => {
    if (data.startsWith('0o')) return parseInt(data.slice(2), 8);
    if (data.startsWith('0x')) return parseInt(data.slice(2), 16);
    return parseInt(data, 10);
  },
  predicate: (value: unknown) => typeof value === 'number' && Number.isInteger(value),
});

const float = new Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && !INT.test(data) && FLOAT.test(data),
  construct: (data: string) => {
    if (/nan$/i.test(data)) return Number.NaN;
    if (/inf$/i.test(data)) return data.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    return parseFloat(data);
  },
  predicate: (value: unknown) => typeof value === 'number',
});

/** Whether a plain scalar's text reads as a string under this schema (not null, bool, int or float). */
export function readsAsString(text: string): boolean {
  return !NULL.test(text) && !BOOL.test(text) && !INT.test(text) && !FLOAT.test(text);
}

export const YAML_CORE_SCHEMA: Schema = FAILSAFE_SCHEMA.extend({ implicit: [nil, bool, int, float] });

/**
 * The same without numbers, for data that holds text only (the catalog's `data` strings, src/catalog/parse-data.ts):
 * a plain scalar the core schema reads as a number is the text written (`1e3`, `3.0`, `0x10`, every digit of
 * `12345678901234567890`); `null` and booleans stay what they are.
 */
export const YAML_TEXT_SCHEMA: Schema = FAILSAFE_SCHEMA.extend({ implicit: [nil, bool] });
