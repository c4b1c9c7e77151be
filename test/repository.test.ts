import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/kpt.js';

/**
 * The repository stands alone: no tracked file points outside it (the sibling directory the
 * project was started from) or names a directory of the machine it was written on.
 */

const SIBLING = ['..', 'shared'].join('/');

/** Directories every system has (a checkout in /tmp is no reason to refuse `/tmp/` in a manifest). */
const SYSTEM_DIRS = new Set([
  '/tmp',
  '/var',
  '/home',
  '/usr',
  '/opt',
  '/srv',
  '/mnt',
  '/run',
  tmpdir().replace(/\/$/, ''),
]);

/** The repository's directory and its ancestors but `/` and system directories, and the home directory, as prefixes. */
function machinePaths(): string[] {
  const paths = new Set<string>();
  for (let dir = repoRoot.replace(/\/$/, ''); dir !== '/' && dir !== '.'; dir = dirname(dir)) {
    if (!SYSTEM_DIRS.has(dir)) paths.add(`${dir}/`);
  }
  if (homedir() !== '/') paths.add(`${homedir().replace(/\/$/, '')}/`);
  return [...paths];
}

function trackedFiles(): string[] {
  const listed = spawnSync('git', ['ls-files', '-z'], { cwd: repoRoot, encoding: 'utf8' });
  expect(listed.status, listed.stderr).toBe(0);
  return listed.stdout.split('\0').filter((path) => path !== '');
}

describe('the repository stands alone', () => {
  const files = trackedFiles();

  it('lists its files (a git checkout)', () => {
    expect(files).toContain('package.json');
  });

  it(`no tracked file mentions ${SIBLING} or an absolute path of this machine`, () => {
    const forbidden = [SIBLING, ...machinePaths()];
    const found: string[] = [];
    for (const file of files) {
      const bytes = readFileSync(join(repoRoot, file));
      if (bytes.includes(0)) continue;
      const text = bytes.toString('utf8');
      for (const needle of forbidden) {
        const at = text.indexOf(needle);
        if (at !== -1) found.push(`${file}:${text.slice(0, at).split('\n').length}: ${needle}`);
      }
    }
    expect(found).toEqual([]);
  });
});

describe('the docs', () => {
  const docs = trackedFiles().filter((file) => file.endsWith('.md') && !file.startsWith('test/fixtures/'));

  it('cite docs/SPEC.md rules by name (`rule local-apis`), never a section by number', () => {
    const found = docs.flatMap((file) =>
      readFileSync(join(repoRoot, file), 'utf8')
        .split('\n')
        .flatMap((line, at) => (/\bsections? \d/i.test(line) ? [`${file}:${at + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });
});
