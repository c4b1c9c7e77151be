import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the generator is a plain ES module without types
import { GENERATED, shippedSchemas, validatorsSource, validatorsTypes } from '../../scripts/validators.mjs';
import { violations } from '../../src/krm/schema-errors.js';
import * as validators from '../../src/generated/validators.js';
import { CATALOG_SCHEMAS } from '../../src/catalog/schema.js';

describe('validators compiled ahead of time', () => {
  it('match the schemas they were generated from (run npm run validators after changing one)', async () => {
    const schemas = (await shippedSchemas()) as Record<string, object>;
    expect(readFileSync(GENERATED as string, 'utf8')).toBe(validatorsSource(schemas));
    expect(readFileSync((GENERATED as string).replace(/\.js$/, '.d.ts'), 'utf8')).toBe(validatorsTypes(schemas));
    expect(Object.keys(schemas)).toContain('config_ResolveDependencies');
  }, 30_000);

  it('turn errors into paths, found values and accepted properties without the ajv library', () => {
    const value = [
      {
        repository: 'r',
        package: 'p',
        revisions: [{ revision: 'v1', lifecycle: 'Gone', provides: [{ group: 1, extra: true }] }],
      },
    ];
    const found = violations(validators.catalog_packages, CATALOG_SCHEMAS.packages, value);
    const messages = found.map(({ path, message }) => `${path}: ${message}`);
    expect(messages).toContain(
      '[0].revisions[0].lifecycle: must be one of Draft, Proposed, Published, DeletionProposed, found "Gone"',
    );
    expect(messages).toContain('[0].revisions[0].provides[0].group: must be string, found 1');
    const unknown = found.find((violation) => violation.unknown !== undefined);
    expect(unknown?.unknown?.property).toBe('extra');
    expect(unknown?.unknown?.accepted).toEqual(expect.arrayContaining(['group', 'kind', 'versions']));
  });
});
