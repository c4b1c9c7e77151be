import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { YAMLMap } from 'yaml';
import { byCodePoint } from './compare.js';
import { INDEX_ANNOTATION, PATH_ANNOTATION } from './item.js';
import { makeResult } from './result.js';
import { fileItems as splitFileItems } from './text/file-items.js';
import { printItem } from './text/lazy-item.js';
import type { Result } from './types.js';

/** A resource file left out because it does not parse (docs/SPEC.md rule malformed-files). */
export interface UnreadFile {
  /** Slash-separated, as the items' path annotation would be. */
  path: string;
  /** What is wrong, with the line and column where YAML says. */
  reason: string;
}

/**
 * Reads a package directory the way `kpt fn source DIR` does: every regular `*.yaml`, `*.yml`,
 * `*.json` and `Kptfile` file below DIR in path order, one item per document, annotated with
 * `internal.config.kubernetes.io/path` and `index`. Patterns of a `.krmignore` at the top are
 * honoured in their common forms (`name`, `dir/`, `*.ext`, `path/*`); `.git` is always skipped.
 * A file that does not parse is left out and listed in `unread` (docs/SPEC.md rule
 * malformed-files). For the CLI only: functions themselves never read files.
 */
export function readPackageItems(dir: string): { items: YAMLMap[]; unread: UnreadFile[] } {
  const ignore = ignorePatterns(dir);
  const files = walk(dir, dir, ignore).sort(byCodePoint);
  const read = files.map((file) => ({
    path: relative(dir, file).split(sep).join('/'),
    text: readFileSync(file, 'utf8'),
  }));
  return readFiles(read);
}

/** The items of a package directory (see {@link readPackageItems}) as the text `kpt fn source DIR` gives. */
export function readPackageDir(dir: string): { text: string; unread: UnreadFile[] } {
  const { items, unread } = readPackageItems(dir);
  const head = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
  return {
    text: items.length === 0 ? `${head}items: []\n` : `${head}items:\n${items.map(printItem).join('')}`,
    unread,
  };
}

/** The items of resource files, in the order given, and the files that do not parse (rule malformed-files). */
export function readFiles(files: Array<{ path: string; text: string }>): { items: YAMLMap[]; unread: UnreadFile[] } {
  const items: YAMLMap[] = [];
  const unread: UnreadFile[] = [];
  for (const { path, text } of files) {
    const read = readFile(path, text);
    if (Array.isArray(read)) items.push(...read);
    else unread.push(read);
  }
  return { items, unread };
}

/** The items of one resource file at `path`, or why it does not parse (rule malformed-files). */
export function readFile(path: string, text: string): YAMLMap[] | UnreadFile {
  return splitFileItems(text, (index) => annotationsOf(path, index)) ?? fileItems(text, path);
}

function annotationsOf(path: string, index: number): Record<string, string> {
  return { [PATH_ANNOTATION]: path, [INDEX_ANNOTATION]: String(index) };
}

/** Whether kpt reads the file at `path` as resources: a Kptfile or `*.yaml`, `*.yml`, `*.json`. */
export function isResourceFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name === 'Kptfile' || /\.(ya?ml|json)$/.test(name);
}

/** Whether the file at `path` is a package's Kptfile (by its name). */
export function isKptfilePath(path: string): boolean {
  return path === 'Kptfile' || path.endsWith('/Kptfile');
}

/**
 * The resources of one file parsed with `yaml`, where text/file-items.ts cannot read it, as kpt
 * reads them (docs/SPEC.md rule malformed-files): each document an item annotated with `path` and
 * its index, a comment above the document kept above the item; empty documents (nothing,
 * comments or `null`) are skipped. When any document is not valid YAML or is not a mapping, the
 * whole file does not parse: the answer is why, and no item of it is used.
 */
function fileItems(text: string, path: string): YAMLMap[] | UnreadFile {
  const items: YAMLMap[] = [];
  for (const [index, doc] of parseAllDocuments(text).entries()) {
    const error = doc.errors[0]?.message.split('\n')[0]?.replace(/:$/, '');
    if (error !== undefined) return { path, reason: `document ${index} is not valid YAML: ${error}` };
    const item = doc.contents;
    if (item === null || (isScalar(item) && item.value === null)) continue;
    if (!isMap(item)) {
      const what = isSeq(item) ? 'sequence' : 'scalar';
      return { path, reason: `document ${index} is a ${what}, not a resource (a mapping)` };
    }
    for (const [key, value] of Object.entries(annotationsOf(path, index)))
      doc.setIn(['metadata', 'annotations', key], value);
    if (doc.commentBefore != null) {
      item.commentBefore = [doc.commentBefore, item.commentBefore].filter((c) => c != null).join('\n');
    }
    items.push(item);
  }
  return items;
}

/**
 * The result for a file that does not parse (docs/SPEC.md rule malformed-files): a warning naming
 * it; for a Kptfile an error, as its package cannot be read without it.
 */
export function unreadResult(file: UnreadFile): Result {
  if (!isKptfilePath(file.path)) {
    const message = `${file.path}: ${file.reason}; the file is left out`;
    return { ...makeResult('warning', 'unreadable-file', message), file: { path: file.path } };
  }
  const consequence = 'the package it belongs to cannot be read and is left out until the Kptfile is fixed';
  const message = `${file.path}: ${file.reason}; ${consequence}`;
  return { ...makeResult('error', 'unreadable-file', message), file: { path: file.path } };
}

function walk(root: string, dir: string, ignore: RegExp[]): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    const path = relative(root, full).split(sep).join('/');
    if (entry.name === '.git' || ignore.some((pattern) => pattern.test(entry.isDirectory() ? `${path}/` : path)))
      continue;
    if (entry.isDirectory()) found.push(...walk(root, full, ignore));
    else if (entry.isFile() && isResourceFile(entry.name)) found.push(full);
  }
  return found;
}

/** `.krmignore` lines as regular expressions over slash-separated paths (directories end in `/`). */
function ignorePatterns(dir: string): RegExp[] {
  let text: string;
  try {
    text = readFileSync(join(dir, '.krmignore'), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const dirOnly = line.endsWith('/');
      const body = line.replace(/^\/|\/$/g, '');
      const glob = body
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]');
      const anchored = line.startsWith('/') || body.includes('/') ? '^' : '(^|/)';
      return new RegExp(`${anchored}${glob}${dirOnly ? '/' : '(/|$)'}`);
    });
}
