import { readsAsString } from './core-schema.js';

/**
 * Setting and removing one annotation of an item by editing its text, for items written as
 * kpt writes them: `metadata:` at column 2, `annotations:` at column 4 and each annotation on
 * one line at column 6, with no comment or blank line among them. The result is the text yaml
 * would print for the same edit (see item.ts): an existing value keeps its quoting, a new one
 * is double-quoted and goes last. Anything else (another layout, a value over several lines or
 * with a comment, text that needs escaping, the last annotation removed) is not edited:
 * `undefined` tells the caller to edit the parsed item instead.
 */

const METADATA = /^(?:- | {2})metadata:(?: +#.*)?$/;
const ANNOTATIONS = '    annotations:';
const ENTRY_INDENT = '      ';
/** Printable ASCII that needs no escape inside double or single quotes (no `"`, `'` or `\\`). */
const QUOTABLE = /^[\x20-\x21\x23-\x26\x28-\x5b\x5d-\x7e]*$/;
/** Characters of a plain scalar that yaml prints plain (whether it reads as a string is asked of the core schema). */
const PLAIN = /^[A-Za-z_/][\w./,=-]*$/;

/** Columns before the first character; 0 for a blank line. */
function indentOf(line: string): number {
  const trimmed = line.trimStart();
  return trimmed === '' ? 0 : line.length - trimmed.length;
}

/** The text of a new value written in the style of `current` (a one-line scalar), if it can be. */
function restyled(current: string, value: string): string | undefined {
  if (!QUOTABLE.test(value)) return undefined;
  if (current.startsWith('"')) return /^"[^"\\]*"$/.test(current) ? `"${value}"` : undefined;
  if (current.startsWith("'")) return /^'(?:[^']|'')*'$/.test(current) ? `'${value}'` : undefined;
  if (!PLAIN.test(current) || !PLAIN.test(value) || !readsAsString(value)) return undefined;
  return value;
}

/** The lines of the annotations block: the index of `annotations:` and of the line after its last entry. */
function annotationsBlock(lines: string[]): { start: number; end: number } | undefined {
  let metadata = -1;
  for (let i = 0; i < lines.length; i += 1) {
    if (METADATA.test(lines[i] as string)) {
      if (metadata >= 0) return undefined;
      metadata = i;
    }
  }
  if (metadata < 0) return undefined;
  let start = -1;
  for (let i = metadata + 1; i < lines.length; i += 1) {
    const line = lines[i] as string;
    if (line.trim() === '' || indentOf(line) <= 2) break;
    if (line === ANNOTATIONS) {
      start = i;
      break;
    }
  }
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < lines.length && indentOf(lines[end] as string) >= ENTRY_INDENT.length) {
    // A value over several lines, or a comment among the annotations: yaml's to edit.
    if (indentOf(lines[end] as string) > ENTRY_INDENT.length || (lines[end] as string).trimStart().startsWith('#'))
      return undefined;
    end += 1;
  }
  const after = lines[end];
  // A blank or comment line right after them may belong to the map: yaml's to edit too.
  if (
    end === start + 1 ||
    (after !== undefined && end < lines.length - 1 && (after.trim() === '' || after.trimStart().startsWith('#')))
  )
    return undefined;
  return { start, end };
}

/** `text` with annotation `key` set to `value` (or removed when `value` is undefined), or undefined (see above). */
export function editAnnotationText(text: string, key: string, value: string | undefined): string | undefined {
  if (!QUOTABLE.test(key) || /[:#'"]/.test(key)) return undefined;
  const lines = text.split('\n');
  const block = annotationsBlock(lines);
  if (block === undefined) return undefined;
  const prefix = `${ENTRY_INDENT}${key}:`;
  let found = -1;
  for (let i = block.start + 1; i < block.end; i += 1) {
    const line = lines[i] as string;
    if (line.startsWith(prefix) && (line.length === prefix.length || line[prefix.length] === ' ')) {
      if (found >= 0) return undefined;
      found = i;
    }
  }
  if (found >= 0) {
    if (value === undefined) {
      if (block.end - block.start === 2) return undefined; // the map would be left empty
      lines.splice(found, 1);
      return lines.join('\n');
    }
    const current = (lines[found] as string).slice(prefix.length + 1);
    const replaced = restyled(current, value);
    if (replaced === undefined) return undefined;
    lines[found] = `${prefix} ${replaced}`;
    return lines.join('\n');
  }
  if (value === undefined) return text;
  if (!QUOTABLE.test(value) || !PLAIN.test(key)) return undefined;
  lines.splice(block.end, 0, `${prefix} "${value}"`);
  return lines.join('\n');
}
