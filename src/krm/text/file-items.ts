import type { YAMLMap } from 'yaml';
import { headerOf, lazyItem, readItem } from './lazy-item.js';

/**
 * The documents of a resource file as lazy items (see lazy-item.ts), read with js-yaml instead
 * of parsed into `yaml` nodes: each document's text moved into ResourceList layout (`- ` before
 * its first line, two spaces before the others, comment lines above it after the dash as kpt
 * writes them) and annotated by a line edit, then read once, all of it (its readers read most
 * items beyond their header: CRDs, Kptfiles, the references of resources). Used by the CLI's readers of
 * directories, git trees and PackageRevisionResources, which parsing every file with `yaml` made
 * five times slower than the function they run.
 *
 * Limits: only for files whose every document is a block map with `metadata:` at column 0 and
 * its keys at column 2, no anchors, no directives, markers alone on their line; anything else
 * gives undefined and the caller parses the file with `yaml`, which is always right (and says
 * what is wrong with a file that does not parse).
 */

const MARKER = /^---[ \t]*\r?$/;
const METADATA = /^(?:- | {2})metadata:(?:[ \t]+#.*)?[ \t]*\r?$/gm;
const ANNOTATIONS = /^ {4}annotations:(?:[ \t]+#.*)?[ \t]*\r?$/;
const EMPTY_ANNOTATIONS = /^ {4}annotations:[ \t]+\{\}[ \t]*\r?$/;
/** Annotation keys and values written here: printable ASCII needing no escape in double quotes. */
const KEY = /^[A-Za-z_][\w./-]*$/;
const VALUE = /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/;

/** Whether the line holds anything but blanks and a comment. */
function isContent(line: string): boolean {
  const trimmed = line.trimStart();
  return trimmed !== '' && trimmed !== '\r' && !trimmed.startsWith('#');
}

/** Columns of spaces before the first character. */
function indentOf(line: string): number {
  return line.length - line.replace(/^ */, '').length;
}

/** The first line from `start` on with content, or `''`. */
function firstContent(lines: string[], start: number): string {
  for (let i = start; i < lines.length; i += 1) if (isContent(lines[i] as string)) return lines[i] as string;
  return '';
}

/**
 * The item with `annotations` added to `metadata.annotations` as its first entries (the
 * map added as metadata's first key when there is none), for metadata as a block map at
 * column 2 with keys at column 4 and annotations, if any, `{}` or a block map with keys at
 * column 6 that holds none of them. Undefined for any other layout. Where they go changes no value.
 */
function annotate(text: string, annotations: Record<string, string>): string | undefined {
  const entries = Object.entries(annotations);
  if (!entries.every(([key, value]) => KEY.test(key) && VALUE.test(value))) return undefined;
  const found = [...text.matchAll(METADATA)];
  const metadata = found[0];
  if (found.length !== 1 || metadata === undefined) return undefined;
  // The metadata block: the lines after `metadata:` up to the next one with content at column 2 or less.
  const blockStart = text.indexOf('\n', metadata.index) + 1;
  if (blockStart === 0) return undefined;
  let blockEnd = blockStart;
  while (blockEnd < text.length) {
    const next = text.indexOf('\n', blockEnd);
    const line = text.slice(blockEnd, next < 0 ? text.length : next);
    if (isContent(line) && indentOf(line) <= 2) break;
    blockEnd = next < 0 ? text.length : next + 1;
  }
  const block = text.slice(blockStart, blockEnd).split('\n');
  if (indentOf(firstContent(block, 0)) !== 4) return undefined;
  const added = entries.map(([key, value]) => `      ${key}: "${value}"`);
  const at = block.findIndex((line) => ANNOTATIONS.test(line));
  if (at < 0) {
    const empty = block.findIndex((line) => EMPTY_ANNOTATIONS.test(line));
    if (block.some((line, i) => i !== empty && /^ {4}annotations:/.test(line))) return undefined;
    if (empty >= 0) block.splice(empty, 1, '    annotations:', ...added);
    else block.unshift('    annotations:', ...added);
  } else {
    if (indentOf(firstContent(block, at + 1)) !== 6) return undefined;
    if (block.some((line) => entries.some(([key]) => line.startsWith(`      ${key}:`)))) return undefined;
    block.splice(at + 1, 0, ...added);
  }
  return text.slice(0, blockStart) + block.join('\n') + text.slice(blockEnd);
}

/**
 * A document's text in ResourceList layout, or undefined when it holds no content (an empty
 * document, skipped as kpt skips it). Every line but empty ones moves two columns right, which
 * keeps every value (block scalars keep their relative indentation).
 */
function itemText(doc: string): string | undefined {
  const comments: string[] = [];
  let at = 0;
  for (;;) {
    if (at >= doc.length) return undefined;
    const next = doc.indexOf('\n', at);
    const line = doc.slice(at, next < 0 ? doc.length : next);
    if (isContent(line)) break;
    if (line.trim() !== '') comments.push(line.trimStart());
    at = next < 0 ? doc.length : next + 1;
  }
  const body = doc.slice(at).replace(/\n(?=[^\n])/g, '\n  ');
  const lead = comments.map((comment, i) => `${i === 0 ? '- ' : '  '}${comment}\n`).join('');
  return `${lead}${lead === '' ? '- ' : '  '}${body}${body.endsWith('\n') ? '' : '\n'}`;
}

function lineCount(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}

/**
 * The items of the file `text`, each annotated with `annotations(index)` (the document's index
 * counted as yaml counts documents, empty ones included), or undefined (see above).
 */
export function fileItems(text: string, annotations: (index: number) => Record<string, string>): YAMLMap[] | undefined {
  if (text.charCodeAt(0) === 0xfeff || /^(?:%|\.\.\.)/m.test(text)) return undefined;
  const docs: Array<{ text: string; line: number }> = [];
  let start = 0;
  let line = 1;
  for (const marker of text.matchAll(/^---.*$/gm)) {
    if (!MARKER.test(marker[0])) return undefined;
    const doc = text.slice(start, marker.index);
    docs.push({ text: doc, line });
    line += lineCount(doc) + 1;
    start = marker.index + marker[0].length + 1;
  }
  docs.push({ text: text.slice(start), line });
  // Text before the first marker is a document of its own only when it holds content.
  if (docs.length > 1 && itemText(docs[0]?.text ?? '') === undefined) docs.shift();
  const items: YAMLMap[] = [];
  for (const [index, doc] of docs.entries()) {
    const text = itemText(doc.text);
    if (text === undefined) continue;
    const wanted = annotations(index);
    const item = annotate(text, wanted);
    const plain = item === undefined ? undefined : readItem(item);
    if (item === undefined || plain === undefined || !annotated(plain, wanted)) return undefined;
    items.push(lazyItem(item, { header: headerOf(plain), plain }, false, doc.line));
  }
  return items;
}

/** Whether the item read back holds the annotations as set (a duplicate key could hide them). */
function annotated(item: Record<string, unknown>, annotations: Record<string, string>): boolean {
  const metadata = item.metadata as { annotations?: Record<string, unknown> } | undefined;
  const read = metadata?.annotations;
  return read !== undefined && Object.entries(annotations).every(([key, value]) => read[key] === value);
}
