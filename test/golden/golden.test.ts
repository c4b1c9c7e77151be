import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processText } from '../../src/krm/index.js';
import { functions } from '../../functions/index.js';
import { goldenCases, goldenFunctions, goldenInput, goldenRoot } from './cases.js';

/**
 * Golden tests in the style of kustomize's kyaml/fn/framework: one directory per case under
 * `test/golden/<function>/<case>/` holding
 *   input.yaml     the ResourceList (without functionConfig)
 *   config.yaml    the function config (optional)
 *   expected.yaml  the exact stdout
 * and, for input that is not a ResourceList, `error.txt` (a regular expression the stderr line
 * must match) instead of expected.yaml. The exit code must follow from the results.
 * PKGDEPS_UPDATE_EXPECTED=1 writes expected.yaml from the actual output; review it before committing.
 */

const update = process.env.PKGDEPS_UPDATE_EXPECTED === '1';

describe.each(goldenFunctions())('golden: %s', (name) => {
  const processor = functions[name];
  const cases = goldenCases(name);
  it('names a registered function', () => {
    expect(processor, `test/golden/${name} does not name a function`).toBeDefined();
  });
  it.each(cases)('%s', (testCase) => {
    if (processor === undefined) return;
    const dir = join(goldenRoot, name, testCase);
    const input = goldenInput(dir);
    const output = processText(input, processor, name);
    const errorFile = join(dir, 'error.txt');
    if (existsSync(errorFile)) {
      expect(output.stdout).toBe('');
      expect(output.exitCode).toBe(1);
      expect(output.stderr).toMatch(new RegExp(readFileSync(errorFile, 'utf8').trim()));
      return;
    }
    expect(output.stderr).toBe('');
    expect(output.exitCode).toBe(/\n {2}severity: error\n/.test(output.stdout) ? 1 : 0);
    const expectedFile = join(dir, 'expected.yaml');
    if (update) writeFileSync(expectedFile, output.stdout);
    expect(existsSync(expectedFile), `${expectedFile} is missing; create it with PKGDEPS_UPDATE_EXPECTED=1`).toBe(true);
    expect(output.stdout).toBe(readFileSync(expectedFile, 'utf8'));
    const again = processText(output.stdout, processor, name);
    expect(again.stdout, 'a second run on the output changes nothing').toBe(output.stdout);
  });
});
