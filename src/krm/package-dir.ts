import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Document, YAMLSeq, isMap, parseAllDocuments } from 'yaml';
import type { YAMLMap } from 'yaml';
import { byCodePoint } from './compare.js';
import { INDEX_ANNOTATION, PATH_ANNOTATION } from './item.js';

/**
 * Reads a package directory into ResourceList text the way `kpt fn source DIR` does: every
 * `*.yaml`, `*.yml`, `*.json` and `Kptfile` below DIR in path order, one item per document,
 * annotated with `internal.config.kubernetes.io/path` and `index`. Patterns of a `.krmignore`
 * at the top are honoured in their common forms (`name`, `dir/`, `*.ext`, `path/*`); `.git`
 * is always skipped. For the CLI only: functions themselves never read files.
 */
export function readPackageDir(dir: string): string {
  const ignore = ignorePatterns(dir);
  const files = walk(dir, dir, ignore).sort(byCodePoint);
  const list = new Document({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList' });
  const items = new YAMLSeq();
  for (const file of files) {
    const path = relative(dir, file).split(sep).join('/');
    parseAllDocuments(readFileSync(file, 'utf8')).forEach((doc, index) => {
      if (!isMap(doc.contents)) return;
      doc.setIn(['metadata', 'annotations', PATH_ANNOTATION], path);
      doc.setIn(['metadata', 'annotations', INDEX_ANNOTATION], String(index));
      const item = doc.contents;
      if (doc.commentBefore != null) item.commentBefore = [doc.commentBefore, item.commentBefore].filter((c) => c != null).join('\n');
      items.items.push(item);
    });
  }
  list.set('items', items);
  return list.toString({ lineWidth: 0, indentSeq: false });
}

/** Whether kpt reads the file at `path` as resources: a Kptfile or `*.yaml`, `*.yml`, `*.json`. */
export function isResourceFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name === 'Kptfile' || /\.(ya?ml|json)$/.test(name);
}

/**
 * The documents of one file that are resources, annotated with `path` and their index as kpt
 * does. A document that is not valid YAML is left out, with `warn` told why (`where` names the
 * file in the message).
 */
export function fileItems(text: string, path: string, where: string, warn: (message: string) => void): YAMLMap[] {
  const items: YAMLMap[] = [];
  parseAllDocuments(text).forEach((doc, index) => {
    if (doc.errors.length > 0) warn(`${where}: document ${index} is not valid YAML (${doc.errors[0]?.message.split('\n')[0]}); it is left out`);
    if (!isMap(doc.contents) || doc.errors.length > 0) return;
    doc.setIn(['metadata', 'annotations', PATH_ANNOTATION], path);
    doc.setIn(['metadata', 'annotations', INDEX_ANNOTATION], String(index));
    items.push(doc.contents);
  });
  return items;
}

function walk(root: string, dir: string, ignore: RegExp[]): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    const path = relative(root, full).split(sep).join('/');
    if (entry.name === '.git' || ignore.some((pattern) => pattern.test(entry.isDirectory() ? `${path}/` : path))) continue;
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
      const glob = body.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
      const anchored = line.startsWith('/') || body.includes('/') ? '^' : '(^|/)';
      return new RegExp(`${anchored}${glob}${dirOnly ? '/' : '(/|$)'}`);
    });
}
