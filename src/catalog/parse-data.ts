import { YAMLException, load } from 'js-yaml';
import { YAML_TEXT_SCHEMA } from '../krm/text/core-schema.js';
import { readLineYaml } from '../krm/text/line-yaml.js';

/** The value of one catalog `data` string, or where its YAML is broken (1-based, inside the string). */
export type ParsedData = { value: unknown } | { error: { message: string; line: number; column: number } };

/**
 * Parses the YAML held in one `data` string of the catalog ConfigMap into plain values, with no numbers:
 * an unquoted `3`, `1e3` or `12345678901234567890` is the text written ({@link YAML_TEXT_SCHEMA}; docs/SPEC.md
 * rules catalog-format and revision-order).
 * The strings are read, never written back, so this uses js-yaml, about ten times faster than `yaml` on a
 * catalog of thousands of entries. An empty string or one holding only comments gives `null`. Only the
 * first syntax error is reported, since later ones usually follow from it.
 *
 * A string in the plain YAML hand-written catalogs are made of (block lists and maps of names, one-line flow
 * collections) is read line by line (src/krm/text/line-yaml.ts: the value js-yaml gives, two to three times
 * faster and in half the memory, each distinct string once), anything else by js-yaml.
 *
 * A string whose first non-blank character is `[` or `{` is first read with `JSON.parse`, many times faster
 * (what build-catalog and `catalog from-cluster` write, docs/SPEC.md rule catalog-compact). JSON is YAML, so
 * the value is the one YAML gives, with two exceptions that send the string to the YAML reader instead: text
 * `JSON.parse` refuses (flow YAML such as `[{group: a.io}]`) and a value holding a number, which YAML
 * reads as the text written.
 */
export function parseDataString(text: string): ParsedData {
  const json = parseJson(text);
  if (json !== undefined) return { value: json };
  const read = readLineYaml(text);
  if (read !== undefined) return read;
  try {
    const value = load(text, { schema: YAML_TEXT_SCHEMA }) ?? null;
    if (expandsBeyond(value, EXPANSION_FACTOR * text.length + EXPANSION_SLACK)) {
      return {
        error: {
          message: `aliases expand the data beyond ${EXPANSION_FACTOR} times its size; write the entries out instead of sharing them with anchors`,
          line: 1,
          column: 1,
        },
      };
    }
    return { value };
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    if (/expected a single document/.test(error.reason)) {
      const message = 'the string holds several YAML documents; keep one list and remove the "---" separators';
      return { error: { message, line: separatorLine(text), column: 1 } };
    }
    return { error: { message: error.reason, line: error.mark.line + 1, column: error.mark.column + 1 } };
  }
}

/**
 * The text of each entry of a YAML block sequence written at column 0 (`- repository: ...`), for reading a
 * hand-written `data.packages` one package at a time (docs/SPEC.md rule catalog-lazy): its whole value at once
 * is the largest thing a call holds. Undefined where the entries may not read alone as they read in the list:
 * JSON, an anchor, alias or tag character anywhere (`&`, `*`, `!`), a tab, a document marker or directive, or any
 * line at column 0 before the first entry other than a comment. Each text must still read as a list of one
 * entry; the caller reads the whole text when one does not (its error is then the one the whole text gives).
 */
export function splitEntries(text: string): string[] | undefined {
  if (/[&*!\t]/.test(text)) return undefined;
  const starts: number[] = [];
  for (let at = 0; at < text.length;) {
    let end = text.indexOf('\n', at);
    if (end === -1) end = text.length;
    const first = text[at];
    if (first === '-') {
      const next = text[at + 1];
      if (next !== ' ' && next !== '\n' && next !== undefined) return undefined;
      starts.push(at);
    } else if (first === ' ') {
      if (starts.length === 0 && text.slice(at, end).trim() !== '') return undefined;
    } else if (first !== '#' && first !== '\n') {
      return undefined;
    }
    at = end + 1;
  }
  if (starts.length === 0) return undefined;
  return starts.map((start, i) => text.slice(start, starts[i + 1] ?? text.length));
}

/** The value of JSON text that holds no number, else undefined. */
function parseJson(text: string): unknown {
  const first = /\S/.exec(text)?.[0];
  if (first !== '[' && first !== '{') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return MAY_HOLD_NUMBER.test(text) && holdsNumber(value) ? undefined : value;
}

/**
 * Where JSON may hold a number: a digit or `-` after `[`, `,` or `:` (spaces between). Text without one holds no
 * number, which spares walking the value; a string that looks so (`"1,2"`) only costs the walk.
 */
const MAY_HOLD_NUMBER = /[[,:]\s*[-\d]/;

function holdsNumber(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node === 'number') return true;
    if (node !== null && typeof node === 'object') for (const child of Object.values(node)) stack.push(child);
  }
  return false;
}

/**
 * js-yaml shares an aliased node instead of copying it, so an alias bomb loads fast but every
 * later walk (schema check, normalising) would visit it exponentially often. Without aliases a
 * value has fewer nodes than its text has characters; far more means aliases multiply it.
 */
const EXPANSION_FACTOR = 10;
const EXPANSION_SLACK = 10_000;

function expandsBeyond(value: unknown, limit: number): boolean {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    count += 1;
    if (count > limit) return true;
    if (Array.isArray(node)) stack.push(...node);
    else if (node !== null && typeof node === 'object') stack.push(...Object.values(node));
  }
  return false;
}

/** The 1-based line of the `---` that starts a second document (js-yaml gives no position). */
function separatorLine(text: string): number {
  const lines = text.split('\n');
  const content = lines.findIndex((line) => line.trim() !== '' && !line.startsWith('#') && !line.startsWith('---'));
  const separator = lines.findIndex((line, index) => index > content && line.startsWith('---'));
  return separator + 1;
}
