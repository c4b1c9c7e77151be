import { Ajv, type ErrorObject, type SchemaObject, type ValidateFunction } from 'ajv';

/** Turning ajv errors into messages a user can act on: the path, what is wrong, what was found. */

let ajv: Ajv | undefined;

/**
 * Compiles one of pkgdeps' own schemas, with every error and the values found. The schemas
 * ship with the code and their tests, so ajv does not check them against the draft-07
 * meta-schema: that check alone would add a fifth to every function's start-up.
 */
export function compileSchema(schema: SchemaObject): ValidateFunction {
  ajv ??= new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true, validateSchema: false });
  return ajv.compile(schema);
}

/**
 * Renders a JSON pointer (`/3/revisions/0`) as `[3].revisions[0]`, using the value to tell
 * list indexes from map keys.
 */
function renderPath(root: unknown, pointer: string): string {
  if (pointer === '') return '';
  let rendered = '';
  let current: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      rendered += `[${segment}]`;
      current = current[Number(segment)];
    } else {
      rendered += rendered === '' ? segment : `.${segment}`;
      current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[segment] : undefined;
    }
  }
  return rendered;
}

/** A short description of a value found where another was expected. */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a map';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function errorMessage(error: ErrorObject): string {
  switch (error.keyword) {
    case 'additionalProperties': {
      const properties = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
      const property = (error.params as { additionalProperty: string }).additionalProperty;
      return `must NOT have additional property '${property}' (accepted: ${Object.keys(properties).join(', ')})`;
    }
    case 'type':
      return `${error.message ?? 'has the wrong type'}, found ${describeValue(error.data)}`;
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
      return `must be one of ${allowed.join(', ')}, found ${describeValue(error.data)}`;
    }
    default:
      return error.message ?? error.keyword;
  }
}

export interface Violation {
  /** Path inside the value, e.g. `[3].revisions[0].provides[1]`; empty for the value itself. */
  path: string;
  message: string;
  /** For a property the schema does not allow: its name and the accepted ones. */
  unknown?: { property: string; accepted: string[] };
  /** For a required property that is missing: its name. */
  missing?: string;
}

function violation(root: unknown, error: ErrorObject): Violation {
  const path = renderPath(root, error.instancePath);
  if (error.keyword === 'required') {
    return { path, message: errorMessage(error), missing: (error.params as { missingProperty: string }).missingProperty };
  }
  if (error.keyword !== 'additionalProperties') return { path, message: errorMessage(error) };
  const properties = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
  const property = (error.params as { additionalProperty: string }).additionalProperty;
  return { path, message: errorMessage(error), unknown: { property, accepted: Object.keys(properties) } };
}

/**
 * Runs a validator compiled with `allErrors` and `verbose` (for the found values) and returns
 * one violation per error; empty when the value is valid.
 */
export function violations(validate: ValidateFunction, value: unknown): Violation[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => violation(value, error));
}
