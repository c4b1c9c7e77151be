import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: kpt runs here, so `./dist/functions/<name>.js` exec paths resolve. */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string): Run {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  if (result.error !== undefined) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export type KptStatus = { found: true; version: string } | { found: false; reason: string };

/**
 * Looks for `kpt` on the PATH (`kpt version`). Under CI=true a missing kpt throws, so the
 * suite that asks fails instead of being skipped; elsewhere it warns and the caller skips.
 */
export function locateKpt(): KptStatus {
  let status: KptStatus;
  try {
    const result = run('kpt', ['version'], repoRoot);
    status =
      result.status === 0
        ? { found: true, version: result.stdout.trim() }
        : { found: false, reason: `\`kpt version\` exited ${result.status}: ${result.stderr.trim()}` };
  } catch (error) {
    status = { found: false, reason: `kpt is not on the PATH (${(error as Error).message})` };
  }
  if (!status.found && process.env.CI === 'true') {
    throw new Error(`CI=true and the kpt end-to-end tests cannot run: ${status.reason}`);
  }
  if (!status.found) console.warn(`skipping the kpt end-to-end tests: ${status.reason} (CI=true makes this a failure)`);
  return status;
}

/** Runs kpt with the repository root as working directory. */
export function kpt(args: string[]): Run {
  return run('kpt', args, repoRoot);
}

/** Runs git in `dir` with a fixed identity, ignoring the user's and the system's git config. */
export function git(dir: string, args: string[]): string {
  const result = spawnSync(
    'git',
    ['-c', 'user.name=pkgdeps-test', '-c', 'user.email=test@pkgdeps.invalid', '-c', 'commit.gpgsign=false', ...args],
    {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
    },
  );
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} in ${dir} failed: ${result.stderr}`);
  return result.stdout;
}

/** A scratch directory; `remove()` deletes it. */
export function scratchDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'pkgdeps-e2e-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Copies a package to `target`, leaving out its `.expected` directory. */
export function copyPackage(source: string, target: string): void {
  cpSync(source, target, {
    recursive: true,
    filter: (path) => relative(source, path).split(/[\\/]/)[0] !== '.expected',
  });
}

/**
 * Copies `source` to `target` and commits it in a fresh git repository there, so that
 * `changes(target)` shows what a command did to the package afterwards.
 */
export function committedCopy(source: string, target: string): void {
  copyPackage(source, target);
  git(target, ['init', '--quiet']);
  git(target, ['add', '--all']);
  git(target, ['commit', '--quiet', '--message', 'before']);
}

/** The git-style diff of the package against its last commit, new and deleted files included. */
export function changes(dir: string): string {
  git(dir, ['add', '--all']);
  return git(dir, ['diff', '--cached', '--no-color', '--no-ext-diff']);
}

/** Commits the current state, so that the next `changes` starts from here. */
export function commitAll(dir: string, message: string): void {
  git(dir, ['add', '--all']);
  git(dir, ['commit', '--quiet', '--allow-empty', '--message', message]);
}

/** Every file under `dir` (relative paths, sorted) with its text, `.git` left out. */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (name === '.git') continue;
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return files;
}
