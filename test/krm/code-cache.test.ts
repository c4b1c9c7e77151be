import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPackageDir } from '../../src/krm/index.js';
import { repoRoot } from '../support/kpt.js';

/**
 * The V8 code cache of each built function (scripts/function-entry.cjs, scripts/code-cache.mjs): npm run build
 * makes one V8 takes, and a cache V8 does not take (damaged, cut short, made under other V8 flags, missing) is
 * left aside: the function compiles its bundle from the text and gives the same output.
 */

const distDir = join(repoRoot, 'dist', 'functions');
const built = readdirSync(distDir)
  .filter((file) => file.endsWith('.js'))
  .map((file) => file.slice(0, -3))
  .sort();
const scratch = mkdtempSync(join(tmpdir(), 'pkgdeps-code-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Whether V8 took the cache when `entry` compiled its bundle (undefined: there was none), under `flags`. */
function cacheRejected(entry: string, flags: string[] = []): string {
  const ran = spawnSync(
    process.execPath,
    [...flags, '-p', `String(require(${JSON.stringify(entry)}).script.cachedDataRejected)`],
    { encoding: 'utf8' },
  );
  expect(ran.stderr).toBe('');
  return ran.stdout.trim();
}

function run(entry: string, input: string, flags: string[] = []) {
  const ran = spawnSync(process.execPath, [...flags, entry], { input, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { status: ran.status, stdout: ran.stdout, stderr: ran.stderr };
}

describe('the code cache of a built function', () => {
  it.each(built)('%s: made by npm run build, taken by V8', (name) => {
    expect(cacheRejected(join(distDir, `${name}.js`))).toBe('false');
    // Made after a run of the function on its example: it holds more than the bundle's top level.
    expect(readFileSync(join(distDir, name, 'bundle.cache')).length).toBeGreaterThan(200_000);
  });

  const example = join(repoRoot, 'examples', 'resolve-dependencies-edge-app');
  const config = readFileSync(join(example, 'resolve-dependencies.yaml'), 'utf8').replace(/^(?=.)/gm, '  ');
  const inputs = [
    `${readPackageDir(example).text}functionConfig:\n${config}`,
    'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n',
  ];
  const good = join(distDir, 'resolve-dependencies.js');
  const expected = inputs.map((input) => run(good, input));

  /** The built functions copied to directory `label`, resolve-dependencies' cache changed by `change` (or deleted). */
  function withCache(label: string, change: (cache: Buffer) => Buffer | undefined): string {
    const dir = join(scratch, label);
    cpSync(distDir, dir, { recursive: true });
    const cacheFile = join(dir, 'resolve-dependencies', 'bundle.cache');
    const changed = change(readFileSync(cacheFile));
    if (changed === undefined) rmSync(cacheFile);
    else writeFileSync(cacheFile, changed);
    return join(dir, 'resolve-dependencies.js');
  }

  const flipped = (cache: Buffer, from: number) => {
    const copy = Buffer.from(cache);
    for (let i = from; i < from + 64; i += 1) copy[i] = (copy[i] ?? 0) ^ 0xff;
    return copy;
  };
  it.each([
    ['damaged in the middle', (cache: Buffer) => flipped(cache, cache.length >> 1)],
    ['damaged at its end', (cache: Buffer) => flipped(cache, cache.length - 64)],
    ['damaged in its header', (cache: Buffer) => flipped(cache, 0)],
    ['cut short', (cache: Buffer) => cache.subarray(0, cache.length >> 1)],
    ['not a cache', () => Buffer.from('not a code cache\n')],
  ])('a cache %s is left aside, with the same output', (label, change) => {
    const entry = withCache(label.replace(/ /g, '-'), change);
    expect(cacheRejected(entry)).toBe('true');
    expect(inputs.map((input) => run(entry, input))).toEqual(expected);
  });

  it('a cache made under other V8 flags is left aside, with the same output', () => {
    const flags = ['--max-lazy'];
    expect(cacheRejected(good, flags)).toBe('true');
    expect(inputs.map((input) => run(good, input, flags))).toEqual(expected);
  });

  it('without a cache the bundle is compiled from its text, with the same output', () => {
    const entry = withCache('missing', () => undefined);
    expect(cacheRejected(entry)).toBe('undefined');
    expect(inputs.map((input) => run(entry, input))).toEqual(expected);
  });
});
