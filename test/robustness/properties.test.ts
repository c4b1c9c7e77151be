import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { processText } from '../../src/krm/index.js';
import { inputModel, renderInput } from '../support/arbitraries.js';
import { checkFunction, registeredFunctions } from '../support/invariants.js';

/**
 * SPEC section 7 as properties, for every function of the registry, over generated packages,
 * catalogs and function configs: output always parses, no item pkgdeps does not own is dropped,
 * reordered or changed (beyond pkgdeps annotations), the exit code matches the results, two
 * runs agree, and a run on the function's own output changes nothing.
 */

const functions = await registeredFunctions();
const runs = Number(process.env.PKGDEPS_PROPERTY_RUNS ?? 60);

describe.each(functions)('$name', ({ name, processor, spec }) => {
  it('keeps the contract on generated packages, catalogs and configs', () => {
    fc.assert(
      fc.property(inputModel, ({ list, config }) => {
        const text = renderInput(list, spec, config);
        expect(processText(text, () => [], name).stderr, 'the generator wrote a ResourceList').toBe('');
        const problems = checkFunction(name, processor, text);
        expect(problems, text).toEqual([]);
      }),
      { numRuns: runs },
    );
  });

  it('gives any text either one stderr line or a full ResourceList', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme-ascii' }).map((s) => `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n${s}`)), (text) => {
        expect(checkFunction(name, processor, text)).toEqual([]);
      }),
      { numRuns: runs * 3 },
    );
  });
});
