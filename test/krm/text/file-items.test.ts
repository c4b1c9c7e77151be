import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, parseAllDocuments } from 'yaml';
import { INDEX_ANNOTATION, PATH_ANNOTATION, isResourceFile, readFile, toPlain } from '../../../src/krm/index.js';
import { fileItems } from '../../../src/krm/text/file-items.js';
import { repoRoot } from '../../support/kpt.js';

/**
 * The CLI's fast reader of resource files (src/krm/text/file-items.ts) against the `yaml`
 * reader it stands in for: the same items with the same values, or no answer (the caller then
 * parses with yaml).
 */

const annotations = (path: string) => (index: number) => ({
  [PATH_ANNOTATION]: path,
  [INDEX_ANNOTATION]: String(index),
});

/** The values of the maps of `text`, annotated as readFile annotates them, read with yaml alone. */
function yamlValues(text: string, path: string): unknown[] | undefined {
  const values: unknown[] = [];
  for (const [index, doc] of parseAllDocuments(text).entries()) {
    if (doc.errors.length > 0) return undefined;
    const contents = doc.contents;
    if (contents === null || (isScalar(contents) && contents.value === null)) continue;
    if (!isMap(contents)) return undefined;
    for (const [key, value] of Object.entries(annotations(path)(index)))
      doc.setIn(['metadata', 'annotations', key], value);
    values.push(doc.toJS());
  }
  return values;
}

function fastValues(text: string, path: string): unknown[] | undefined {
  return fileItems(text, annotations(path))?.map((item) => toPlain(item));
}

function resourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === '.git' ? [] : resourceFiles(path);
    return isResourceFile(entry.name) ? [path] : [];
  });
}

describe('fileItems (the CLI reader of resource files)', () => {
  it('reads every file of the fixtures and examples as yaml does, or leaves it to yaml', () => {
    const files = [...resourceFiles(join(repoRoot, 'test')), ...resourceFiles(join(repoRoot, 'examples'))];
    let read = 0;
    for (const file of files) {
      const path = relative(repoRoot, file);
      const text = readFileSync(file, 'utf8');
      const fast = fastValues(text, path);
      if (fast === undefined) continue;
      read += 1;
      expect(fast, path).toEqual(yamlValues(text, path));
    }
    // Most files are read without yaml: that is what makes the CLI as fast as the functions.
    expect(read / files.length).toBeGreaterThan(0.9);
  });

  const cases: Array<[string, string]> = [
    ['comments above the first document and between', '# a\n---\n# b\napiVersion: v1\nkind: A\nmetadata:\n  name: a\n'],
    [
      'empty documents counted',
      'apiVersion: v1\nkind: A\nmetadata:\n  name: a\n---\n---\n# only\n---\napiVersion: v1\nkind: B\nmetadata:\n  name: b\n',
    ],
    ['CRLF line ends', 'apiVersion: v1\r\nkind: A\r\nmetadata:\r\n  name: a\r\n'],
    [
      'a block scalar keeping its last lines',
      'apiVersion: v1\nkind: A\nmetadata:\n  name: a\ndata:\n  x: |+\n    one\n\n\n',
    ],
    ['annotations {}', 'apiVersion: v1\nkind: A\nmetadata:\n  annotations: {}\n  name: a\n'],
    [
      'annotations and a blank line after',
      'kind: A\nmetadata: # kpt-merge: /a\n\n  name: a\n  annotations:\n    x: "1"\n\nspec: {}\n',
    ],
    ['annotations of spec are not metadata', 'kind: A\nmetadata:\n  name: a\nspec:\n  annotations:\n    x: y\n'],
    ['a literal holding metadata', 'kind: A\nmetadata:\n  name: a\ndata:\n  s: |\n    metadata:\n      annotations:\n'],
    ['flow metadata', 'kind: A\nmetadata: {name: a}\n'],
    ['no metadata', 'kind: A\nspec: {}\n'],
    ['an anchor', 'kind: A\nmetadata:\n  name: &n a\n  labels: {x: *n}\n'],
    ['a marker with content', 'kind: A\nmetadata:\n  name: a\n--- # next\nkind: B\nmetadata:\n  name: b\n'],
    ['a directive', '%YAML 1.2\n---\nkind: A\nmetadata:\n  name: a\n'],
    ['a byte order mark', '\ufeffkind: A\nmetadata:\n  name: a\n'],
    ['the path annotation already set', `kind: A\nmetadata:\n  annotations:\n    ${PATH_ANNOTATION}: x\n  name: a\n`],
    ['a duplicate key', 'kind: A\nmetadata:\n  name: a\nkind: B\n'],
    ['a sequence', '- a\n- b\n'],
    ['not YAML', 'kind: A\nmetadata: [\n'],
    ['tabs', 'kind: A\nmetadata:\n\tname: a\n'],
  ];

  it.each(cases)('%s: the values yaml reads, or no answer', (_, text) => {
    const fast = fastValues(text, 'f.yaml');
    if (fast !== undefined) expect(fast).toEqual(yamlValues(text, 'f.yaml'));
  });

  it('answers for the layouts kpt and people write, and leaves the others to yaml', () => {
    const answered = cases
      .filter(([, text]) => fileItems(text, annotations('f.yaml')) !== undefined)
      .map(([name]) => name);
    expect(answered).toEqual([
      'comments above the first document and between',
      'empty documents counted',
      'CRLF line ends',
      'a block scalar keeping its last lines',
      'annotations {}',
      'annotations and a blank line after',
      'annotations of spec are not metadata',
      'a literal holding metadata',
    ]);
  });

  it('gives readFile items where yaml reads maps, and a reason where it does not (docs/SPEC.md rule malformed-files)', () => {
    for (const [name, text] of cases) {
      const read = readFile('f.yaml', text);
      const values = yamlValues(text, 'f.yaml');
      expect(Array.isArray(read) ? read.length : 'unread', name).toBe(values === undefined ? 'unread' : values.length);
    }
  });
});
