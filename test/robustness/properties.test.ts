import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { processText, setAnnotation } from '../../src/krm/index.js';
import type { Processor, ResourceList } from '../../src/krm/index.js';
import { Scalar } from 'yaml';
import type { YAMLMap, YAMLSeq } from 'yaml';
import { exampleInputs, inputModel, renderInput, revision, scenarioInput } from '../support/arbitraries.js';
import type { ConfigModel, PackageListModel } from '../support/arbitraries.js';
import { checkFunction, emitPassesPorch, emitThenValidate, registeredFunctions } from '../support/invariants.js';

/**
 * docs/SPEC.md section 7 as properties, for every function of the registry, over generated packages,
 * catalogs and function configs: output always parses, no item pkgdeps does not own is dropped,
 * reordered or changed (beyond pkgdeps annotations), the exit code matches the results, two
 * runs agree, and a run on the function's own output changes nothing.
 */

const functions = await registeredFunctions();
const runs = Number(process.env.PKGDEPS_PROPERTY_RUNS ?? 60);
// The seed is fixed for every property (test/support/property-seed.ts); PKGDEPS_PROPERTY_SEED=random explores.
// Failures end the run unshrunk (endOnFailure): to shrink one, repeat its seed without endOnFailure.

describe.each(functions)('$name', ({ name, processor, spec }) => {
  it('keeps the contract on generated packages, catalogs and configs', () => {
    fc.assert(
      fc.property(inputModel, ({ list, config }) => {
        const text = renderInput(list, spec, config);
        expect(processText(text, () => [], name).stderr, 'the generator wrote a ResourceList').toBe('');
        const problems = checkFunction(name, processor, text);
        expect(problems, text).toEqual([]);
      }),
      { numRuns: runs, endOnFailure: true },
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
      { numRuns: runs * 3, endOnFailure: true },
    );
  });
});

/** Counterexamples of the emit -> validate property that random seeds found, shrunk, kept as fixed cases. */
const REGRESSIONS: Array<{ seed: number; model: { list: PackageListModel; config: ConfigModel } }> = [
  {
    // A hand-written PackageVariant into another target's repository (edge02) made its upstream, unknown to
    // the catalog, a dependency on edge01 (docs/SPEC.md rule package-variant-upstream).
    seed: 141948644,
    model: {
      list: {
        dirs: [''],
        kptfileNames: ['cert-manager', 'a', 'cert-manager'],
        items: [
          {
            kind: 'package-variant',
            api: { group: 'cert-manager.io', kind: 'Certificate' },
            version: 'v1',
            name: 'a',
            dir: 0,
            ref: { repository: 'catalog', package: 'cert-manager' },
            target: 'edge02',
            rules: [],
            fieldOrder: [3, 2, 0, 1],
            metadataStyle: 'block',
            quote: '"',
            stale: false,
            body: { type: 'map', entries: [] },
            userAnnotations: { type: 'map', entries: [] },
          },
        ],
        catalog: {
          name: 'package-catalog',
          packages: [{ repository: 'sandbox', package: 'cert-manager', revisions: [revision('10')] }],
          installed: [],
          platform: [],
        },
        catalogAs: 'item',
        previousResults: false,
      },
      config: {
        form: 'typed',
        optional: [1, 4],
        picks: [0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
        wrongField: undefined,
        unknownField: false,
      },
    },
  },
];

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

  it.each(REGRESSIONS)('passes on the counterexample seed $seed found, shrunk', ({ model }) => {
    expect(emitThenValidate(renderInput(model.list, emit?.spec, model.config))).toEqual([]);
  });

  it.each(exampleInputs(emit?.spec))('passes on the example $name', ({ text }) => {
    expect(emitThenValidate(text)).toEqual([]);
  });

  it('passes when the config gives an emit-only field twice (what the fuzzer, seed 1, found)', () => {
    const text = readFileSync(new URL('./fuzz-found/emit-config-field-twice.yaml', import.meta.url), 'utf8');
    expect(text).toContain('  onUnresolved: "warning"\n  onUnresolved: "warning"\n');
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
      { numRuns: runs * 2, endOnFailure: true },
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
