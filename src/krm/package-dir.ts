import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Document, YAMLSeq, isMap, parseAllDocuments } from 'yaml';

/**
 * Reads a package directory into ResourceList text the way `kpt fn source DIR` does: every
 * `*.yaml`, `*.yml`, `*.json` and `Kptfile` below DIR in path order, one item per document,
 * annotated with `internal.config.kubernetes.io/path` and `index`. Patterns of a `.krmignore`
 * at the top are honoured in their common forms (`name`, `dir/`, `*.ext`, `path/*`); `.git`
 * is always skipped. For the CLI only: functions themselves never read files.
 */
export function readPackageDir(dir: string): string {
  const ignore = ignorePatterns(dir);
  const files = walk(dir, dir, ignore).sort();
  const list = new Document({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList' });
  const items = new YAMLSeq();
  for (const file of files) {
    const path = relative(dir, file).split(sep).join('/');
    parseAllDocuments(readFileSync(file, 'utf8')).forEach((doc, index) => {
      if (!isMap(doc.contents)) return;
      doc.setIn(['metadata', 'annotations', 'internal.config.kubernetes.io/path'], path);
      doc.setIn(['metadata', 'annotations', 'internal.config.kubernetes.io/index'], String(index));
      const item = doc.contents;
      if (doc.commentBefore != null) item.commentBefore = [doc.commentBefore, item.commentBefore].filter((c) => c != null).join('\n');
      items.items.push(item);
    });
  }
  list.set('items', items);
  return list.toString({ lineWidth: 0, indentSeq: false });
}

function isResourceFile(name: string): boolean {
  return name === 'Kptfile' || /\.(ya?ml|json)$/.test(name);
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
