import fc from 'fast-check';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { YAML_CORE_SCHEMA } from '../../../src/krm/text/core-schema.js';

/** A plain scalar as each library reads it (errors as text, so that both can be compared). */
function both(scalar: string): [unknown, unknown] {
  const read = (f: () => unknown): unknown => {
    try {
      return f();
    } catch {
      return 'error';
    }
  };
  return [
    read(() => (load(`v: ${scalar}`, { schema: YAML_CORE_SCHEMA }) as { v: unknown }).v),
    read(() => (parse(`v: ${scalar}`) as { v: unknown }).v),
  ];
}

const SAMPLES = [
  '',
  '010',
  '0x1F',
  '0o17',
  '0b101',
  '1_000',
  '1e3',
  '.5',
  '+7',
  '.inf',
  '-.Inf',
  '.NaN',
  '~',
  'null',
  'Null',
  'NULL',
  'nULL',
  'true',
  'True',
  'TRUE',
  'tRUE',
  'yes',
  'on',
  '2001-12-14',
  '1:20',
  '0.',
  '+.5',
  '1.5e-3',
  '0xff_ff',
  '12e',
  '-0x1',
  '+0x1',
  '08',
  '0.1.2',
  '0777',
  '.',
  'e1',
  '-.5e+3',
  '+inf',
  '0X1F',
  '0O7',
  '99999999999999999999',
  '-',
  '0x',
  '1.',
  '-1.',
  "'010'",
  '"0x1F"',
  '!!str 1',
];

describe('YAML_CORE_SCHEMA', () => {
  it.each(SAMPLES)('reads %j as yaml reads it', (scalar) => {
    const [jsYaml, yaml] = both(scalar);
    expect(jsYaml).toStrictEqual(yaml);
  });

  it('reads any number-like plain scalar as yaml does', () => {
    const chars = fc.constantFrom(...'0123456789+-.eExXoObB_aAfFnNiI'.split(''));
    fc.assert(
      fc.property(
        fc.array(chars, { minLength: 1, maxLength: 8 }).map((list) => list.join('')),
        (scalar) => {
          const [jsYaml, yaml] = both(scalar);
          if (jsYaml === 'error' || yaml === 'error') return; // not a plain scalar for one of them ("-", ". x"...)
          expect(jsYaml).toStrictEqual(yaml);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
