import type { ErrorObject, SchemaObject, ValidateFunction } from 'ajv';
import * as generated from '../generated/validators.js';

/**
 * Turning the errors of pkgdeps' validators (ajv, compiled ahead of time with `allErrors`; see
 * scripts/validators.mjs) into messages a user can act on: the path, what is wrong, what was found.
 */

/**
 * The validator compiled ahead of time under `name` (`catalog_<data key>`, `config_<Kind>`;
 * see scripts/validators.mjs). A name without one is a build mistake, not bad input.
 */
export function shippedValidator(name: string): ValidateFunction {
  const validate = (generated as Record<string, ValidateFunction | undefined>)[name];
  if (validate === undefined)
    throw new Error(`no validator ${name} in src/generated/validators.js: run npm run validators`);
  return validate;
}

/** The segments of a JSON pointer (`/3/revisions/0`, `#/items/properties`), unescaped. */
function segments(pointer: string): string[] {
  const path = pointer.replace(/^#/, '');
  return path === ''
    ? []
    : path
        .slice(1)
        .split('/')
        .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** What a JSON pointer points at inside `root`, or undefined. */
function at(root: unknown, pointer: string): unknown {
  let current: unknown = root;
  for (const segment of segments(pointer)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * Renders a JSON pointer (`/3/revisions/0`) as `[3].revisions[0]`, using the value to tell
 * list indexes from map keys.
 */
function renderPath(root: unknown, pointer: string): string {
  let rendered = '';
  let current: unknown = root;
  for (const segment of segments(pointer)) {
    if (Array.isArray(current)) {
      rendered += `[${segment}]`;
      current = current[Number(segment)];
    } else {
      rendered += rendered === '' ? segment : `.${segment}`;
      current =
        current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[segment] : undefined;
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

/** The schema of the map an `additionalProperties` or `required` error is about. */
function parentSchema(schema: SchemaObject, error: ErrorObject): { properties?: object; description?: string } {
  return (at(schema, error.schemaPath.replace(/\/[^/]*$/, '')) ?? {}) as { properties?: object; description?: string };
}

/** The properties a map may have, where the schema at the error's place says so. */
function acceptedProperties(schema: SchemaObject, error: ErrorObject): string[] {
  return Object.keys(parentSchema(schema, error).properties ?? {});
}

function errorMessage(schema: SchemaObject, root: unknown, error: ErrorObject): string {
  switch (error.keyword) {
    case 'additionalProperties': {
      // The map's description, when it has one, says what the map is (a change of a catalog list).
      const property = (error.params as { additionalProperty: string }).additionalProperty;
      const description = parentSchema(schema, error).description;
      const why = description === undefined ? '' : `: ${description}`;
      return `must NOT have additional property '${property}' (accepted: ${acceptedProperties(schema, error).join(', ')})${why}`;
    }
    case 'type': {
      // A union (`type: [string, object]`) reads "must be string or object".
      const types = [(error.params as { type: string | string[] }).type].flat().join(' or ');
      return `must be ${types}, found ${describeValue(at(root, error.instancePath))}`;
    }
    case 'pattern':
      return `${error.message ?? error.keyword}, found ${describeValue(at(root, error.instancePath))}`;
    case 'enum': {
      // The schema's description of the field, when it has one, says why only these values.
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
      const field = at(schema, error.schemaPath.replace(/\/enum$/, '')) as { description?: string } | undefined;
      const why = field?.description === undefined ? '' : `: ${field.description}`;
      return `must be one of ${allowed.join(', ')}, found ${describeValue(at(root, error.instancePath))}${why}`;
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

function violation(schema: SchemaObject, root: unknown, error: ErrorObject): Violation {
  const path = renderPath(root, error.instancePath);
  const message = errorMessage(schema, root, error);
  if (error.keyword === 'required')
    return { path, message, missing: (error.params as { missingProperty: string }).missingProperty };
  if (error.keyword !== 'additionalProperties') return { path, message };
  const property = (error.params as { additionalProperty: string }).additionalProperty;
  return { path, message, unknown: { property, accepted: acceptedProperties(schema, error) } };
}

/**
 * Runs the validator of `schema` (compiled with `allErrors`) and returns one violation per
 * error; empty when the value is valid. The error of an `if` keyword ("must match else schema") is left
 * out: the errors of the branch taken say what is wrong.
 */
export function violations(validate: ValidateFunction, schema: SchemaObject, value: unknown): Violation[] {
  if (validate(value)) return [];
  return (validate.errors ?? [])
    .filter((error) => error.keyword !== 'if')
    .map((error) => violation(schema, value, error));
}
