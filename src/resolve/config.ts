import type { YAMLMap } from 'yaml';
import { byCodePoint, makeResult, readFunctionConfig } from '../krm/index.js';
import type { ConfigSpec, Result } from '../krm/index.js';
import {
  ApiIndex,
  DATA_KEYS,
  OBJECT_KIND_NAMES,
  findCatalogNode,
  isCatalogNode,
  packageKey,
  parseObjectKey,
  readCatalog,
} from '../catalog/index.js';
import type { Catalog, PackagesRead } from '../catalog/index.js';
import type { ResolveOptions, Preference } from './resolve.js';

/** Config fields every function that resolves shares (docs/SPEC.md section 6). */
export interface ResolveConfig extends ResolveOptions {
  catalog?: string;
  annotateResources: boolean;
}

/** An API preference names `group` (and `kind`), an object preference `object`; {@link checkPreferences} says which. */
const preferenceSchema = {
  type: 'object',
  required: ['repository', 'package'],
  additionalProperties: false,
  properties: {
    group: { type: 'string' },
    kind: { type: 'string', minLength: 1 },
    object: { type: 'string', minLength: 1 },
    repository: { type: 'string', minLength: 1 },
    package: { type: 'string', minLength: 1 },
  },
};

export const resolveProperties = {
  catalog: { type: 'string', minLength: 1 },
  target: { type: 'string', minLength: 1 },
  preferences: { type: 'array', items: preferenceSchema },
  annotateResources: { type: 'boolean' },
  onUnresolved: { enum: ['error', 'warning'] },
  onUnresolvedObject: {
    enum: ['warning', 'error', 'ignore'],
    description:
      'a named object no catalog package creates (docs/SPEC.md rule object-resolution) is a warning by default, ' +
      'an error, or ignored (deployment tooling often creates namespaces)',
  },
  // The target's deployment repository (docs/SPEC.md rule package-variants); default: the target.
  downstreamRepository: { type: 'string', minLength: 1 },
};

export const resolveDefaults = {
  preferences: [],
  annotateResources: true,
  onUnresolved: 'error',
  onUnresolvedObject: 'warning',
} as const;

/** What a preference settles: `<group>[/<Kind>]`, or the object's key (`Namespace/nephio-system`). */
export function preferenceSubject(preference: Preference): string {
  if (preference.object !== undefined) return preference.object;
  return `${preference.group ?? ''}${preference.kind === undefined ? '' : `/${preference.kind}`}`;
}

/**
 * The preferences that are neither an API preference (`group`, `kind`?) nor an object preference (`object`, a key
 * of docs/SPEC.md rule object-references such as `Namespace/nephio-system`): one invalid-config error each.
 */
export function checkPreferences(preferences: readonly Preference[]): Result[] {
  return preferences.flatMap((preference, i) => {
    const { group, kind, object } = preference;
    const fail = (message: string) => [
      makeResult('error', 'invalid-config', `function config: preferences[${i}]: ${message}`, undefined, {
        path: `preferences[${i}]`,
      }),
    ];
    if (object === undefined) return group === undefined ? fail("must have required property 'group' or 'object'") : [];
    if (group !== undefined || kind !== undefined) {
      return fail('names an object and an API; an object preference has object, repository and package only');
    }
    if (parseObjectKey(object) === undefined) {
      return fail(
        `object ${JSON.stringify(object)} is not <Kind>/<name> (<Kind>/<namespace>/<name> for an Issuer) of a kind ` +
          `of ${OBJECT_KIND_NAMES.join(', ')}`,
      );
    }
    return [];
  });
}

/**
 * ConfigMap form of `preferences`: `<group>[/<Kind>]=<repository>/<package>,...`, e.g.
 * `cert-manager.io=catalog-distros-sandbox/cert-manager`, or for a named object
 * `<Kind>/<name>=<repository>/<package>` (`Namespace/nephio-system=r/p`; a Kind of docs/SPEC.md rule
 * object-references: API groups are lower case). Groups and repositories hold no `/`; package paths may.
 */
export function parsePreferences(text: string): Preference[] | Error {
  const preferences: Preference[] = [];
  for (const entry of text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const objectMatch = /^([^=\s]+)=([^/=\s]+)\/([^=\s]+)$/.exec(entry);
    const [, object = '', objectRepository = '', objectPackage = ''] = objectMatch ?? [];
    if (parseObjectKey(object) !== undefined) {
      preferences.push({ object, repository: objectRepository, package: objectPackage });
      continue;
    }
    const match = /^([^/=\s]*)(?:\/([^/=\s]+))?=([^/=\s]+)\/([^=\s]+)$/.exec(entry);
    if (match === null) {
      return new Error(
        `preference "${entry}" is not of the form <group>[/<Kind>]=<repository>/<package> ` +
          'or <Kind>/<name>=<repository>/<package>',
      );
    }
    const [, group = '', kind, repository = '', pkg = ''] = match;
    preferences.push(
      kind === undefined ? { group, repository, package: pkg } : { group, kind, repository, package: pkg },
    );
  }
  return preferences;
}

/** The config of resolve-dependencies (docs/SPEC.md section 6); `pkgdeps why` reads the same fields. */
export const resolveConfigSpec: ConfigSpec<ResolveConfig> = {
  kind: 'ResolveDependencies',
  properties: resolveProperties,
  defaults: { ...resolveDefaults, preferences: [] },
  fromString: { preferences: parsePreferences },
};

export interface Prepared<T> {
  config: T;
  /** Undefined when the config or the catalog has errors: nothing can be resolved. */
  index: ApiIndex | undefined;
  catalogNode: YAMLMap | undefined;
  results: Result[];
}

/**
 * Reads the function config, finds and loads the catalog, and checks the preferences
 * against it: the common first steps of every resolving function. The catalog's packages are
 * read as the index's lookups find them (docs/SPEC.md rule catalog-lazy): once its lookups are
 * done, a caller reports {@link ApiIndex.takeReadProblems} in place of its own results, as
 * {@link readFailure} does; `packagesRead: 'all'` reads them all here.
 */
export function prepare<T extends ResolveConfig>(
  items: YAMLMap[],
  functionConfig: YAMLMap | undefined,
  spec: ConfigSpec<T>,
  packagesRead: PackagesRead = 'as-looked-up',
): Prepared<T> {
  const catalogKeys = new Set<string>(functionConfig !== undefined && isCatalogNode(functionConfig) ? DATA_KEYS : []);
  const { config, results } = readFunctionConfig(functionConfig, spec, catalogKeys);
  results.push(...checkPreferences(config.preferences));
  if (results.some((result) => result.severity === 'error'))
    return { config, index: undefined, catalogNode: undefined, results };
  const found = findCatalogNode(items, functionConfig, config.catalog);
  results.push(...found.results);
  if (found.node === undefined) return { config, index: undefined, catalogNode: undefined, results };
  const loaded = readCatalog(
    found.node,
    found.node === functionConfig ? new Set(Object.keys(spec.properties)) : undefined,
    packagesRead,
  );
  results.push(...loaded.results);
  if (loaded.catalog === undefined) return { config, index: undefined, catalogNode: found.node, results };
  const index = new ApiIndex(loaded.catalog);
  for (const preference of config.preferences) {
    if (index.pkg(preference) === undefined) {
      const message = `preference for ${preferenceSubject(preference)} names ${packageKey(preference)}, which is not in catalog "${loaded.catalog.name}"; it settles nothing`;
      results.push(makeResult('warning', 'unknown-preference', message, undefined, { path: 'preferences' }));
    }
  }
  if (config.target !== undefined && index.installedOnTarget(config.target).length === 0) {
    results.push(nothingInstalled(loaded.catalog, config.target));
  }
  return { config, index, catalogNode: found.node, results };
}

/**
 * What a call reports once its lookups are done when they read catalog packages with problems (docs/SPEC.md rule
 * catalog-lazy): `before` (its prepared results) and those problems, as when the catalog is read whole, in place of
 * its own results; the call then changes nothing. Undefined when the packages it read are sound.
 */
export function readFailure(index: ApiIndex, before: readonly Result[] = []): Result[] | undefined {
  const problems = index.takeReadProblems();
  return problems.length === 0 ? undefined : [...before, ...problems];
}

/**
 * A target the catalog lists nothing for: likely a typo when other targets have entries (a
 * warning naming them), plain information when the catalog tracks no installations at all.
 */
function nothingInstalled(catalog: Catalog, target: string): Result {
  const targets = [...new Set(catalog.installed.map((entry) => entry.target))].sort(byCodePoint);
  const field = { path: 'target', currentValue: target };
  if (targets.length === 0) {
    const message = `catalog "${catalog.name}" lists no installed packages, so every dependency counts as missing on ${target}`;
    return makeResult('info', 'nothing-installed', message, undefined, field);
  }
  const message =
    `catalog "${catalog.name}" lists nothing installed on target ${target}, so every dependency counts as missing there; ` +
    `the targets it knows are ${targets.join(', ')}`;
  return makeResult('warning', 'nothing-installed', message, undefined, field);
}
