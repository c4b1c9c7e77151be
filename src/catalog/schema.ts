import type { SchemaObject } from 'ajv';
import { shippedValidator, violations } from '../krm/schema-errors.js';
import { OBJECT_KIND_NAMES } from './objects.js';

/**
 * JSON Schemas (draft-07, ajv 8) of the three `data` keys of the catalog ConfigMap (docs/SPEC.md
 * rule catalog-format), and their validation into readable messages.
 *
 * The schemas check structure only: types, required fields, enums and unknown properties
 * (`additionalProperties: false` everywhere, so typos are caught). Rules across fields or
 * entries (a CRD entry names its kind, an APIService entry does not; a platform entry is an API or
 * an object; revision forms; duplicate entries) are checked after normalisation, in `normalise.ts`.
 *
 * Each entry may also be written in the compact notation (docs/SPEC.md rule catalog-compact): a string
 * (`type: [string, object]`, the map keywords apply to maps only; normalise.ts reads the string), a revision's
 * list as a change `{drop, add}` against the previous revision's, installed entries grouped by target.
 */

export const DATA_KEYS = ['packages', 'installed', 'platform'] as const;
export type DataKey = (typeof DATA_KEYS)[number];

const nonEmpty = { type: 'string', minLength: 1 };
/** API groups may be `""`, the core group. */
const group = { type: 'string' };
/** Text, also when written unquoted (`revision: 3`): the data holds no numbers (parse-data.ts). */
const revision = nonEmpty;

const providedApi = {
  type: ['string', 'object'],
  additionalProperties: false,
  required: ['group', 'versions'],
  properties: {
    group,
    kind: nonEmpty,
    resource: nonEmpty,
    versions: { type: 'array', minItems: 1, items: nonEmpty },
    scope: { type: 'string', enum: ['Namespaced', 'Cluster'] },
    source: { type: 'string', enum: ['CustomResourceDefinition', 'APIService'] },
  },
};

const requiredApi = {
  type: ['string', 'object'],
  additionalProperties: false,
  required: ['group', 'version', 'kind'],
  properties: { group, version: nonEmpty, kind: nonEmpty },
};

/** A named object (docs/SPEC.md rule object-references); only an Issuer has a namespace (checked in normalise.ts). */
const objectRef = {
  type: ['string', 'object'],
  additionalProperties: false,
  required: ['kind', 'name'],
  properties: {
    kind: {
      type: 'string',
      enum: OBJECT_KIND_NAMES,
      description: 'the kinds of named objects a package can depend on (docs/SPEC.md rule object-references)',
    },
    name: nonEmpty,
    namespace: nonEmpty,
  },
};

const packageRef = {
  type: ['string', 'object'],
  additionalProperties: false,
  required: ['repository', 'package'],
  properties: { repository: nonEmpty, package: nonEmpty },
};

/** A list of entries, or a change `{drop: [keys], add: [entries]}` against the previous revision's list. */
function entries(entry: SchemaObject): SchemaObject {
  return {
    type: ['array', 'object'],
    items: entry,
    description: 'a list, or a change {drop, add} against the previous revision (docs/SPEC.md rule catalog-compact)',
    additionalProperties: false,
    properties: { drop: { type: 'array', items: { type: 'string' } }, add: { type: 'array', items: entry } },
  };
}

const catalogRevision = {
  type: 'object',
  additionalProperties: false,
  required: ['revision', 'lifecycle'],
  properties: {
    revision,
    workspaceName: nonEmpty,
    lifecycle: { type: 'string', enum: ['Draft', 'Proposed', 'Published', 'DeletionProposed'] },
    provides: entries(providedApi),
    requires: entries(requiredApi),
    dependsOn: entries(packageRef),
    objects: entries(objectRef),
    requiresObjects: entries(objectRef),
  },
};

export const PACKAGES_SCHEMA: SchemaObject = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['repository', 'package', 'revisions'],
    properties: {
      repository: nonEmpty,
      package: nonEmpty,
      revisions: { type: 'array', minItems: 1, items: catalogRevision },
    },
  },
};

const installedEntry = {
  type: 'object',
  additionalProperties: false,
  required: ['target', 'repository', 'package', 'revision'],
  properties: { target: nonEmpty, repository: nonEmpty, package: nonEmpty, revision },
};

/** The packages of one target, `repository/package@revision` each (docs/SPEC.md rule catalog-compact). */
const installedGroup = {
  type: 'object',
  additionalProperties: false,
  required: ['target', 'packages'],
  properties: { target: nonEmpty, packages: { type: 'array', items: nonEmpty } },
};

export const INSTALLED_SCHEMA: SchemaObject = {
  type: 'array',
  items: { if: { type: 'object', required: ['packages'] }, then: installedGroup, else: installedEntry },
};

/** An API entry (`group`, `kind`?) or an object entry (`kind`, `name`, `namespace`?), told apart in normalise.ts. */
export const PLATFORM_SCHEMA: SchemaObject = {
  type: 'array',
  items: {
    type: ['string', 'object'],
    additionalProperties: false,
    properties: { group, kind: nonEmpty, name: nonEmpty, namespace: nonEmpty },
  },
};

/** The schema of each data key; their validators are compiled ahead of time (scripts/validators.mjs). */
export const CATALOG_SCHEMAS: Record<DataKey, SchemaObject> = {
  packages: PACKAGES_SCHEMA,
  installed: INSTALLED_SCHEMA,
  platform: PLATFORM_SCHEMA,
};

/**
 * Validates the parsed value of one data key and returns one message per violation, each
 * prefixed with the path inside the key, e.g.
 * `[3].revisions[0].provides[1]: must have required property 'group'`. Empty when valid.
 */
/**
 * {@link schemaViolations} of entry `i` of `data.packages` alone (docs/SPEC.md rule catalog-lazy), each path
 * naming it as in the whole list (`[3].revisions[0]: ...`).
 */
export function packageViolations(value: unknown, i: number): string[] {
  return schemaViolations('packages', [value]).map((violation) => violation.replace(/^\[0\]/, `[${i}]`));
}

export function schemaViolations(key: DataKey, value: unknown): string[] {
  return violations(shippedValidator(`catalog_${key}`), CATALOG_SCHEMAS[key], value).map(({ path, message }) =>
    path === '' ? message : `${path}: ${message}`,
  );
}
