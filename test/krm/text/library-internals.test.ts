import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { load } from 'js-yaml';
import { parseDocument } from 'yaml';
import type { Tags } from 'yaml';

/**
 * The two places where src/krm/text relies on library behaviour that the libraries' public
 * types do not promise. package.json pins both libraries to exact versions; when an upgrade
 * changes either behaviour, these tests fail with a message saying what broke and where the
 * code depends on it (see src/krm/text/README.md, "Library internals").
 */

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

function declared(name: string): string | undefined {
  return pkg.dependencies?.[name] ?? pkg.devDependencies?.[name];
}

describe('library internals src/krm/text depends on', () => {
  test('yaml and js-yaml are pinned to exact versions in package.json', () => {
    for (const name of ['yaml', 'js-yaml']) {
      const version = declared(name);
      expect(version, `${name} must be pinned to an exact version (see src/krm/text/README.md)`).toMatch(
        /^\d+\.\d+\.\d+$/,
      );
    }
  });

  test("yaml's printer calls a collection tag's stringify hook (source-text.ts keepUnchanged)", () => {
    const calls: string[] = [];
    const wrap = (tags: Tags): Tags =>
      tags.map((tag) => {
        if (typeof tag !== 'object' || !('collection' in tag)) return tag;
        const stringify = (node: { toString: (...args: unknown[]) => string }, ...rest: unknown[]): string => {
          calls.push(String(tag.collection));
          return node.toString(...rest);
        };
        return { ...tag, stringify } as unknown as (typeof tags)[number];
      });
    const doc = parseDocument('a:\n  - b\n', { customTags: wrap });
    const text = doc.toString();
    expect(text).toBe('a:\n  - b\n');
    expect(
      calls,
      "yaml no longer calls a collection tag's stringify: unchanged items would be reprinted by yaml, " +
        'losing their source text; see keepUnchanged in src/krm/text/source-text.ts',
    ).toEqual(expect.arrayContaining(['map', 'seq']));
  });

  test("js-yaml's listener state carries the document's anchorMap (lazy-item.ts readItem)", () => {
    const seen: unknown[] = [];
    load('- a: &x 1\n  b: *x\n', {
      listener(_event, state) {
        seen.push((state as unknown as { anchorMap?: unknown }).anchorMap);
      },
    });
    const maps = seen.filter((value) => value !== null && typeof value === 'object');
    expect(
      maps.length,
      "js-yaml's listener state has no anchorMap: readItem in src/krm/text/lazy-item.ts can no longer tell " +
        'items with anchors (which must be read with the whole Document) from others',
    ).toBeGreaterThan(0);
    expect(Object.keys(maps[maps.length - 1] as object)).toEqual(['x']);
  });
});
