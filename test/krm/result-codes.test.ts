import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { CODE_TAG, RESULT_CODES, makeResult } from '../../src/krm/index.js';

/** docs/SPEC.md rule result-codes: one union, one table, every result tagged. */

const root = join(import.meta.dirname, '..', '..');
const known = new Set<string>(RESULT_CODES);

function filesUnder(dir: string, keep: (path: string) => boolean): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') found.push(...filesUnder(path, keep));
    else if (entry.isFile() && keep(path)) found.push(path);
  }
  return found;
}

function specCodes(): string[] {
  const spec = readFileSync(join(root, 'docs', 'SPEC.md'), 'utf8');
  const rule = spec.split('\n### ').find((section) => section.startsWith('Rule result-codes')) ?? '';
  return [...rule.matchAll(/^\| `([a-z-]+)` \|/gm)].map((match) => match[1] as string);
}

/** Every `results` list in a golden output: a ResourceList's, or each item's of a kpt FunctionResultList. */
function goldenResults(path: string): unknown[] {
  const results: unknown[] = [];
  for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
    const value = doc.toJS() as { results?: unknown[]; items?: Array<{ results?: unknown }> } | null;
    results.push(...(value?.results ?? []));
    for (const item of value?.items ?? []) if (Array.isArray(item?.results)) results.push(...item.results);
  }
  return results;
}

describe('result codes', () => {
  test('docs/SPEC.md rule result-codes lists exactly the codes of the union, each once', () => {
    const listed = specCodes();
    expect([...listed].sort()).toEqual([...RESULT_CODES].sort());
    expect(new Set(listed).size).toBe(listed.length);
  });

  test('every code is made somewhere in the code (no code only in the list)', () => {
    const sources = ['src', 'functions', 'cli']
      .flatMap((dir) => filesUnder(join(root, dir), (path) => path.endsWith('.ts')))
      .filter((path) => !path.endsWith(join('krm', 'errors.ts')))
      .map((path) => readFileSync(path, 'utf8'))
      .join('\n');
    const unused = RESULT_CODES.filter((code) => !sources.includes(`'${code}'`));
    expect(unused).toEqual([]);
  });

  test('makeResult puts the code in the tags', () => {
    expect(makeResult('warning', 'ambiguous-api', 'two providers').tags).toEqual({ [CODE_TAG]: 'ambiguous-api' });
  });

  test('every result of every example and golden output carries a known code', () => {
    const files = [
      ...filesUnder(
        join(root, 'examples'),
        (path) => path.includes(`${join('.expected', '')}`) && path.endsWith('.yaml'),
      ),
      ...filesUnder(join(root, 'test', 'golden'), (path) => path.endsWith('expected.yaml')),
    ];
    const untagged: string[] = [];
    let count = 0;
    for (const file of files) {
      for (const result of goldenResults(file)) {
        count++;
        const code = (result as { tags?: Record<string, string> }).tags?.[CODE_TAG];
        if (code === undefined || !known.has(code)) untagged.push(`${relative(root, file)}: ${JSON.stringify(result)}`);
      }
    }
    expect(count).toBeGreaterThan(50);
    expect(untagged).toEqual([]);
  });
});
