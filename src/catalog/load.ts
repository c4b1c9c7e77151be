import type { YAMLMap } from 'yaml';
import { itemString, itemValue } from '../krm/item.js';
import { makeResult } from '../krm/result.js';
import type { ResultCode } from '../krm/errors.js';
import type { Result } from '../krm/types.js';
import { checkInstalled, checkPlatform, duplicatePackages } from './checks.js';
import type { RevisionNames } from './checks.js';
import { normaliseInstalled, normalisePlatform } from './normalise.js';
import type { Problem } from './normalise.js';
import { CatalogPackages } from './packages.js';
import { parseDataString, splitEntries } from './parse-data.js';
import { describeValue } from '../krm/schema-errors.js';
import { DATA_KEYS, schemaViolations } from './schema.js';
import type { DataKey } from './schema.js';
import type { ObjectRef } from './objects.js';
import type { Catalog, InstalledEntry, PlatformEntry } from './types.js';

/**
 * Finding the catalog ConfigMap among the function config and items, and reading it into a
 * {@link Catalog} (docs/SPEC.md section 3). Works on the `yaml` nodes of the ResourceList; every problem
 * becomes a Result naming the ConfigMap (and its file, when its path annotation gives one), never an
 * exception.
 */

export const CATALOG_ANNOTATION = 'pkgdeps.dev/catalog';
/** The only catalog format (value of {@link CATALOG_ANNOTATION}) this version reads. */
export const CATALOG_FORMAT = 'v1';

/** A `v1 ConfigMap`, whatever it holds. */
export function isConfigMap(node: YAMLMap): boolean {
  return itemString(node, ['apiVersion']) === 'v1' && itemString(node, ['kind']) === 'ConfigMap';
}

/** A v1 ConfigMap carrying the {@link CATALOG_ANNOTATION} annotation, whatever its value. */
export function isCatalogNode(node: YAMLMap): boolean {
  return isConfigMap(node) && itemValue(node, ['metadata', 'annotations', CATALOG_ANNOTATION]) !== undefined;
}

function nameOf(node: YAMLMap): string {
  return itemString(node, ['metadata', 'name']) ?? '(unnamed)';
}

/** The error for `count` (more than one) catalog ConfigMaps of the same name. */
export function severalNamed(count: number, name: string): Result {
  return makeResult(
    'error',
    'catalog-ambiguous',
    `${count} ConfigMaps named "${name}" carry the annotation ${CATALOG_ANNOTATION}; keep one catalog of that name`,
  );
}

const ANNOTATION_HINT = `${CATALOG_ANNOTATION}: "${CATALOG_FORMAT}"`;

function findByName(
  items: YAMLMap[],
  functionConfig: YAMLMap | undefined,
  name: string,
): { node?: YAMLMap; results: Result[] } {
  const named = (node: YAMLMap): boolean => isConfigMap(node) && itemString(node, ['metadata', 'name']) === name;
  const candidates = [
    ...(functionConfig !== undefined && named(functionConfig) ? [functionConfig] : []),
    ...items.filter(named),
  ];
  const catalogs = candidates.filter(isCatalogNode);
  const [first] = catalogs;
  if (first !== undefined && catalogs.length === 1) return { node: first, results: [] };
  if (first !== undefined) return { results: [severalNamed(catalogs.length, name)] };
  const [unmarked] = candidates;
  if (unmarked !== undefined) {
    const message =
      `ConfigMap ${name} (set as catalog: ${name}) is not marked as a catalog; ` +
      `add the annotation ${ANNOTATION_HINT} to its metadata.annotations`;
    const field = { path: 'metadata.annotations', proposedValue: { [CATALOG_ANNOTATION]: CATALOG_FORMAT } };
    return { results: [makeResult('error', 'catalog-unmarked', message, unmarked, field)] };
  }
  const others = items.filter(isCatalogNode).map(nameOf);
  const hint =
    others.length > 0
      ? `the catalog ConfigMaps in the input are ${others.join(', ')}; fix the name`
      : 'add the catalog ConfigMap to the package or fix the name';
  return {
    results: [
      makeResult(
        'error',
        'catalog-missing',
        `no ConfigMap named "${name}" in the input (set as catalog: ${name}); ${hint}`,
      ),
    ],
  };
}

/**
 * The catalog ConfigMap (docs/SPEC.md rule catalog-lookup): with `name` (the function config's
 * `catalog` field), the function config or item ConfigMap of that name, which must carry the
 * annotation; without, the function config when it is a catalog, else the only item that is
 * one. No catalog, or several and no name, is an error result.
 */
export function findCatalogNode(
  items: YAMLMap[],
  functionConfig: YAMLMap | undefined,
  name: string | undefined,
): { node?: YAMLMap; results: Result[] } {
  if (name !== undefined) return findByName(items, functionConfig, name);
  if (functionConfig !== undefined && isCatalogNode(functionConfig)) return { node: functionConfig, results: [] };
  const catalogs = items.filter(isCatalogNode);
  const [only] = catalogs;
  if (only !== undefined && catalogs.length === 1) return { node: only, results: [] };
  if (only === undefined) {
    return {
      results: [
        makeResult(
          'error',
          'catalog-missing',
          'no catalog found: pass the catalog ConfigMap as the function config, or add it to the package ' +
            `as a ConfigMap with the annotations ${ANNOTATION_HINT} and config.kubernetes.io/local-config: "true"`,
        ),
      ],
    };
  }
  return {
    results: [
      makeResult(
        'error',
        'catalog-ambiguous',
        `several ConfigMaps carry the annotation ${CATALOG_ANNOTATION}: ${catalogs.map(nameOf).join(', ')}; ` +
          'set catalog: <name> in the function config to pick one',
      ),
    ],
  };
}

interface Reader {
  name: string;
  node: YAMLMap;
  results: Result[];
}

function resultOf(
  reader: Reader,
  severity: 'error' | 'warning',
  path: string,
  message: string,
  code: ResultCode = 'catalog-invalid',
): Result {
  return makeResult(severity, code, `ConfigMap ${reader.name}: ${path}: ${message}`, reader.node, { path });
}

function report(...args: Parameters<typeof resultOf>): void {
  args[0].results.push(resultOf(...args));
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The text of one data key, or undefined after reporting that it is not a string. */
function dataText(reader: Reader, key: DataKey, value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  report(
    reader,
    'error',
    `data.${key}`,
    `must be a string holding YAML (write "${key}: |" and indent the list below it), found ${describeValue(value)}`,
  );
  return undefined;
}

/** The parsed value of one data key's text (an empty one is an empty list), or undefined after reporting why not. */
function parsedValue(reader: Reader, key: DataKey, text: string): unknown {
  const parsed = parseDataString(text);
  if ('error' in parsed) {
    const { line, column, message } = parsed.error;
    report(
      reader,
      'error',
      `data.${key}`,
      `YAML syntax error at line ${line}, column ${column} of the string: ${message}`,
    );
    return undefined;
  }
  return parsed.value ?? [];
}

/** The validated plain value of one data key, or undefined after reporting why not. */
function readKey(reader: Reader, key: DataKey, value: unknown): unknown {
  const text = dataText(reader, key, value);
  const list = text === undefined ? undefined : parsedValue(reader, key, text);
  if (list === undefined) return undefined;
  const violations = schemaViolations(key, list);
  violations.forEach((violation) => report(reader, 'error', `data.${key}`, violation));
  return violations.length === 0 ? list : undefined;
}

/**
 * `data.packages`, each package to be read when looked up (docs/SPEC.md rule catalog-lazy), or undefined after
 * reporting why not. A hand-written list that splits into its entries (parse-data.ts, `splitEntries`) is parsed
 * and read one entry at a time, so that its whole parsed value is never held; any other text is parsed whole.
 */
function readPackages(reader: Reader, value: unknown): CatalogPackages | undefined {
  const text = dataText(reader, 'packages', value);
  if (text === undefined) return undefined;
  const reporter = (problem: Problem) =>
    resultOf(reader, problem.severity, `data.${problem.key}`, problem.message, problem.code);
  const entries = splitEntries(text);
  if (entries !== undefined) {
    const read = new CatalogPackages(reporter);
    if (entries.every((entry) => addEntry(read, entry))) return read;
  }
  const list = parsedValue(reader, 'packages', text);
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) {
    schemaViolations('packages', list).forEach((violation) => report(reader, 'error', 'data.packages', violation));
    return undefined;
  }
  const read = new CatalogPackages(reporter);
  for (const raw of list) read.add(raw, false);
  return read;
}

/** The revision names of the listed packages, for the installed checks; undefined when the packages are unknown. */
function lookupOf(read: CatalogPackages | undefined): RevisionNames | undefined {
  return read?.allNamed() === true ? (ref) => read.revisionNames(ref) : undefined;
}

/** Reads one entry's text into `read`; false when it is not a list of one entry (the whole text is read then). */
function addEntry(read: CatalogPackages, text: string): boolean {
  const parsed = parseDataString(text);
  if ('error' in parsed || !Array.isArray(parsed.value) || parsed.value.length !== 1) return false;
  read.add(parsed.value[0], true);
  return true;
}

/** How much of `data.packages` {@link readCatalog} reads before it returns (docs/SPEC.md rule catalog-lazy). */
export type PackagesRead = 'all' | 'as-looked-up';

/**
 * Reads a catalog ConfigMap: checks the format annotation, parses each data string, validates
 * it against its schema (one error result per violation), normalises it and checks the rules
 * across entries. Installed entries the catalog does not list give warnings; any error leaves
 * `catalog` undefined. An empty data string counts as an empty list; `data.packages` is
 * required, `data.installed` and `data.platform` are optional. `configKeys` are data keys of
 * function config fields, skipped when the catalog is also the function config.
 *
 * With `packagesRead: 'as-looked-up'` (the functions, which look up a few packages of a large catalog), each
 * package's own entries are normalised and checked when a lookup of the catalog's {@link ApiIndex} first finds
 * it, and their problems come from {@link ApiIndex.takeReadProblems}; the rules across packages, which need only
 * names, are checked here either way.
 */
export function readCatalog(
  node: YAMLMap,
  configKeys: ReadonlySet<string> = new Set(),
  packagesRead: PackagesRead = 'all',
): { catalog?: Catalog; results: Result[] } {
  const reader: Reader = { name: nameOf(node), node, results: [] };
  const format = itemValue(node, ['metadata', 'annotations', CATALOG_ANNOTATION]);
  if (format !== CATALOG_FORMAT) {
    const message =
      `ConfigMap ${reader.name}: annotation ${CATALOG_ANNOTATION} is ${describeValue(format)}, ` +
      `expected "${CATALOG_FORMAT}" (the catalog format this version of pkgdeps reads)`;
    const field = { path: 'metadata.annotations', currentValue: format, proposedValue: CATALOG_FORMAT };
    return { results: [makeResult('error', 'catalog-unmarked', message, node, field)] };
  }

  const data = itemValue(node, ['data']);
  const values = new Map<DataKey, unknown>();
  if (isPlainMap(data)) {
    for (const [key, value] of Object.entries(data)) {
      const known = DATA_KEYS.find((dataKey) => dataKey === key);
      if (configKeys.has(key)) continue;
      if (known === undefined) {
        report(reader, 'error', `data.${key}`, `not a catalog key; accepted keys are ${DATA_KEYS.join(', ')}`);
      } else {
        values.set(known, value);
      }
    }
  } else if (data !== undefined && data !== null) {
    report(reader, 'error', 'data', `must be a map of strings, found ${describeValue(data)}`);
    return { results: reader.results };
  }

  const problems: Problem[] = [];
  let read: CatalogPackages | undefined;
  let installed: InstalledEntry[] | undefined = [];
  let platform: PlatformEntry[] | undefined = [];
  let platformObjects: ObjectRef[] = [];
  if (values.has('packages')) {
    read = readPackages(reader, values.get('packages'));
    // An entry that does not name its package makes the catalog unusable: every package is read, for every problem.
    if (read !== undefined && (packagesRead === 'all' || !read.allNamed())) read.all();
    if (read !== undefined) reader.results.push(...read.takeResults());
    if (read?.allNamed() === true) problems.push(...duplicatePackages(read.refs));
  } else {
    report(
      reader,
      'error',
      'data.packages',
      'is missing; list the catalog\'s packages there (an empty catalog holds packages: "[]")',
    );
  }
  if (values.has('installed')) {
    const value = readKey(reader, 'installed', values.get('installed'));
    const normalised = value === undefined ? undefined : normaliseInstalled(value);
    installed = normalised?.installed;
    if (normalised !== undefined) {
      problems.push(...normalised.problems, ...checkInstalled(normalised.installed, lookupOf(read), normalised.paths));
    }
  }
  if (values.has('platform')) {
    const value = readKey(reader, 'platform', values.get('platform'));
    const normalised = value === undefined ? undefined : normalisePlatform(value);
    platform = normalised?.platform;
    platformObjects = normalised?.objects ?? [];
    if (normalised !== undefined) problems.push(...normalised.problems);
    if (normalised !== undefined && read !== undefined) {
      problems.push(...checkPlatform(normalised.items, read));
    }
  }
  problems.forEach((problem) => report(reader, problem.severity, `data.${problem.key}`, problem.message, problem.code));
  // What the platform checks read.
  if (read !== undefined) reader.results.push(...read.takeResults());

  const failed = reader.results.some((result) => result.severity === 'error');
  if (failed || read === undefined || installed === undefined || platform === undefined)
    return { results: reader.results };
  const name = itemString(node, ['metadata', 'name']) ?? '';
  const packages = read;
  const catalog: Catalog = {
    name,
    get packages() {
      return packages.all();
    },
    installed,
    platform,
    platformObjects,
  };
  // How far the packages are read is no part of the catalog's value: comparing or printing it sees the packages.
  Object.defineProperty(catalog, 'read', { value: packages, enumerable: false });
  return { catalog, results: reader.results };
}
