import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { processText, setAnnotation } from '../../src/krm/index.js';
import type { Processor, ResourceList } from '../../src/krm/index.js';
import { Scalar } from 'yaml';
import type { YAMLMap, YAMLSeq } from 'yaml';
import { exampleInputs, inputModel, renderInput, scenarioInput } from '../support/arbitraries.js';
import { checkFunction, emitPassesPorch, emitThenValidate, registeredFunctions } from '../support/invariants.js';

/**
 * docs/SPEC.md section 7 as properties, for every function of the registry, over generated packages,
 * catalogs and function configs: output always parses, no item pkgdeps does not own is dropped,
 * reordered or changed (beyond pkgdeps annotations), the exit code matches the results, two
 * runs agree, and a run on the function's own output changes nothing.
 */

const functions = await registeredFunctions();
const runs = Number(process.env.PKGDEPS_PROPERTY_RUNS ?? 60);
// A fixed seed keeps `npm test` repeatable; PKGDEPS_PROPERTY_SEED=random explores (as npm run fuzz
// does). Random seeds still find text-level findings (README, Known limitations), e.g. -213578699.
const seedSetting = process.env.PKGDEPS_PROPERTY_SEED ?? '20261203';
const seed = seedSetting === 'random' ? {} : { seed: Number(seedSetting) };

describe.each(functions)('$name', ({ name, processor, spec }) => {
  it('keeps the contract on generated packages, catalogs and configs', () => {
    fc.assert(
      fc.property(inputModel, ({ list, config }) => {
        const text = renderInput(list, spec, config);
        expect(processText(text, () => [], name).stderr, 'the generator wrote a ResourceList').toBe('');
        const problems = checkFunction(name, processor, text);
        expect(problems, text).toEqual([]);
      }),
      { numRuns: runs, endOnFailure: true, ...seed },
    );
  });

  it('gives any text either one stderr line or a full ResourceList', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc
            .string({ unit: 'grapheme-ascii' })
            .map((s) => `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n${s}`),
        ),
        (text) => {
          expect(checkFunction(name, processor, text)).toEqual([]);
        },
      ),
      { numRuns: runs * 3, endOnFailure: true, ...seed },
    );
  });
});

describe("validate-dependencies on emit-package-variants' output (docs/SPEC.md rule dependency-closure)", () => {
  const emit = functions.find((fn) => fn.name === 'emit-package-variants');

  it('passes whenever emit succeeded, on generated packages, catalogs and configs', () => {
    fc.assert(
      fc.property(inputModel, ({ list, config }) => {
        const text = renderInput(list, emit?.spec, config);
        expect(emitThenValidate(text), text).toEqual([]);
      }),
      { numRuns: runs * 2, endOnFailure: true },
    );
  });

  it.each(exampleInputs(emit?.spec))('passes on the example $name', ({ text }) => {
    expect(emitThenValidate(text)).toEqual([]);
  });
});

describe("emit-package-variants' PackageVariants against Porch's rules (docs/SPEC.md rule upstream-pin)", () => {
  const emit = functions.find((fn) => fn.name === 'emit-package-variants');

  it('pass whenever emit succeeded, on generated packages, catalogs and configs', () => {
    fc.assert(
      fc.property(inputModel, ({ list, config }) => {
        const text = renderInput(list, emit?.spec, config);
        expect(emitPassesPorch(text), text).toEqual([]);
      }),
      { numRuns: runs * 2, endOnFailure: true, ...seed },
    );
  });
});

describe('the checks catch a function that breaks the contract', () => {
  const seq = (list: ResourceList): YAMLSeq => list.doc.get('items', true) as YAMLSeq;
  const secretName = (list: ResourceList): Scalar => list.items[1]?.getIn(['spec', 'secretName'], true) as Scalar;
  let counter = 0;
  const broken: Array<[string, Processor, RegExp]> = [
    ['drops an item', (list) => (seq(list).items.splice(1, 1), []), /items pkgdeps does not own came in, \d+ went out/],
    ['reorders items', (list) => (seq(list).items.reverse(), []), /item 0 pkgdeps does not own changed/],
    [
      'rewrites a comment',
      (list) => {
        secretName(list).comment = ' changed';
        return [];
      },
      /item 1 pkgdeps does not own changed/,
    ],
    [
      'requotes a value',
      (list) => {
        secretName(list).type = Scalar.QUOTE_SINGLE;
        return [];
      },
      /item 1 pkgdeps does not own changed/,
    ],
    [
      'edits the function config',
      (list) => (list.functionConfig?.set('extra', 'x'), []),
      /the function config changed/,
    ],
    [
      'writes an annotation it does not own',
      (list) => (setAnnotation(list.items[1] as YAMLMap, 'example.com/touched', 'yes'), []),
      /item 1 pkgdeps does not own changed/,
    ],
    [
      'changes its output on every run',
      (list) => (setAnnotation(list.items[0] as YAMLMap, 'pkgdeps.dev/run', String((counter += 1))), []),
      /two runs on the same input gave different output/,
    ],
    [
      'fails without saying why',
      () => {
        throw new Error('boom');
      },
      /the function crashed/,
    ],
  ];
  const spec = { kind: 'Broken', properties: { target: { type: 'string' } } };
  it.each(broken)('%s', (_label, processor, problem) => {
    expect(checkFunction('broken', processor, scenarioInput(spec)).join('\n')).toMatch(problem);
  });
});
