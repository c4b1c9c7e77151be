import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { changes, commitAll, committedCopy, kpt, locateKpt, repoRoot, scratchDir } from '../support/kpt.js';
import type { Run } from '../support/kpt.js';

/**
 * Every `examples/<function>-<case>/` with a `.expected/` directory runs through the real kpt,
 * in the style of krm-functions-catalog. `.expected/` holds:
 *   config.yaml   testType (eval | render, default eval), exitCode (default 0),
 *                 fnConfig (eval: path of the function config inside the package),
 *                 args (eval: map passed as key=value after `--`), skip
 *   diff.patch    the git diff of the package after the run (absent: no change)
 *   results.yaml  what kpt writes to --results-dir
 * PKGDEPS_UPDATE_EXPECTED=1 rewrites diff.patch and results.yaml from the actual run.
 */

interface CaseConfig {
  testType: 'eval' | 'render';
  exitCode: number;
  fnConfig?: string;
  args: Record<string, string>;
  skip: boolean;
}

const examplesDir = join(repoRoot, 'examples');
const update = process.env.PKGDEPS_UPDATE_EXPECTED === '1';
const kptStatus = locateKpt();
const functionNames = readdirSync(join(repoRoot, 'functions')).filter((name) =>
  existsSync(join(repoRoot, 'functions', name, 'main.ts')),
);

function readConfig(file: string): CaseConfig {
  const raw: unknown = parse(readFileSync(file, 'utf8')) ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${file}: expected a map`);
  const known = ['testType', 'exitCode', 'fnConfig', 'args', 'skip'];
  const unknown = Object.keys(raw).filter((key) => !known.includes(key));
  if (unknown.length > 0)
    throw new Error(`${file}: unknown field(s) ${unknown.join(', ')}; accepted: ${known.join(', ')}`);
  const { testType = 'eval', exitCode = 0, fnConfig, args = {}, skip = false } = raw as Record<string, unknown>;
  if (testType !== 'eval' && testType !== 'render') throw new Error(`${file}: testType must be eval or render`);
  if (typeof exitCode !== 'number' || typeof skip !== 'boolean')
    throw new Error(`${file}: exitCode must be a number, skip a boolean`);
  if (fnConfig !== undefined && typeof fnConfig !== 'string') throw new Error(`${file}: fnConfig must be a path`);
  if (typeof args !== 'object' || args === null || Object.values(args).some((value) => typeof value !== 'string')) {
    throw new Error(`${file}: args must map keys to strings`);
  }
  if (testType === 'render' && (fnConfig !== undefined || Object.keys(args).length > 0)) {
    throw new Error(`${file}: fnConfig and args apply to eval only; render reads the Kptfile pipeline`);
  }
  return {
    testType,
    exitCode,
    args: args as Record<string, string>,
    skip,
    ...(fnConfig === undefined ? {} : { fnConfig }),
  };
}

/** The function an example runs: the longest function name its directory name starts with. */
function functionOf(example: string): string {
  const name = functionNames.filter((fn) => example.startsWith(`${fn}-`)).sort((a, b) => b.length - a.length)[0];
  if (name === undefined)
    throw new Error(`examples/${example}: the name must start with a function name (${functionNames.join(', ')})`);
  return name;
}

function kptArgs(config: CaseConfig, fn: string, pkg: string, resultsDir: string): string[] {
  if (config.testType === 'render') return ['fn', 'render', pkg, '--allow-exec', '--results-dir', resultsDir];
  const args = ['fn', 'eval', pkg, '--exec', `./dist/functions/${fn}.js`, '--results-dir', resultsDir];
  if (config.fnConfig !== undefined) args.push('--fn-config', join(pkg, config.fnConfig));
  const pairs = Object.entries(config.args).map(([key, value]) => `${key}=${value}`);
  return pairs.length > 0 ? [...args, '--', ...pairs] : args;
}

function readResults(resultsDir: string, scratch: string): string {
  const file = join(resultsDir, 'results.yaml');
  return existsSync(file) ? readFileSync(file, 'utf8').split(scratch).join('<tmp>').trim() : '';
}

function readExpected(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
}

function writeExpected(file: string, text: string): void {
  if (text.trim() === '') rmSync(file, { force: true });
  else writeFileSync(file, `${text.trim()}\n`);
}

function explain(run: Run): string {
  return `kpt exited ${run.status}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
}

const examples = readdirSync(examplesDir)
  .filter((name) => existsSync(join(examplesDir, name, '.expected', 'config.yaml')))
  .sort();

const title = kptStatus.found
  ? `examples through kpt (${kptStatus.version})`
  : `examples through kpt: skipped, ${kptStatus.reason}`;

describe.skipIf(!kptStatus.found)(title, () => {
  const scratches: (() => void)[] = [];
  afterEach(() => scratches.splice(0).forEach((remove) => remove()));

  test('there are examples with .expected/ to run', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  for (const example of examples) {
    const expectedDir = join(examplesDir, example, '.expected');
    const config = readConfig(join(expectedDir, 'config.yaml'));

    test.skipIf(config.skip)(`${example} (${config.testType}, exit ${config.exitCode})`, () => {
      const fn = functionOf(example);
      expect(existsSync(join(repoRoot, 'dist', 'functions', `${fn}.js`)), 'run `npm run build` first').toBe(true);
      const { dir, remove } = scratchDir();
      scratches.push(remove);
      const pkg = join(dir, example);
      committedCopy(join(examplesDir, example), pkg);

      const first = kpt(kptArgs(config, fn, pkg, join(dir, 'results-1')));
      expect(first.status, explain(first)).toBe(config.exitCode);
      const diff = changes(pkg).trim();
      const results = readResults(join(dir, 'results-1'), dir);
      if (config.exitCode !== 0) {
        expect(diff, 'a failing run must leave the package untouched').toBe('');
        expect(first.stderr).toContain('[error]');
        expect(results).toMatch(/severity: error/);
      }

      if (update) {
        writeExpected(join(expectedDir, 'diff.patch'), diff);
        writeExpected(join(expectedDir, 'results.yaml'), results);
      } else {
        expect(diff, 'the diff differs from .expected/diff.patch').toBe(readExpected(join(expectedDir, 'diff.patch')));
        expect(results, 'the results differ from .expected/results.yaml').toBe(
          readExpected(join(expectedDir, 'results.yaml')),
        );
      }

      commitAll(pkg, 'after the first run');
      const second = kpt(kptArgs(config, fn, pkg, join(dir, 'results-2')));
      expect(second.status, explain(second)).toBe(config.exitCode);
      expect(changes(pkg), 'a second run must change nothing').toBe('');
    });
  }
});
