import { makeResult } from '../krm/index.js';
import type { Result } from '../krm/index.js';
import { checkRevisions } from '../catalog/index.js';
import { checkPreferences } from '../resolve/index.js';
import type { Preference } from '../resolve/index.js';

/**
 * The build-catalog function config (docs/SPEC.md section 6): which directories of the input are
 * which Porch repositories, at which revision; the catalog to write; preferences that settle
 * ambiguous dependencies.
 */

/** One `repositories` entry: the packages below `directory` are packages of repository `name`. */
export interface RepositoryEntry {
  name: string;
  directory: string;
  revision?: string;
  workspaceName?: string;
}

/** A checked entry: `directory` normalised (`''` is the input's root), revision set. */
export interface Repository {
  name: string;
  directory: string;
  revision: string;
  workspaceName?: string;
}

export interface BuildConfig {
  catalog: string;
  repositories: RepositoryEntry[];
  preferences: Preference[];
}

export const DEFAULT_CATALOG_NAME = 'package-catalog';
/** Porch's revision name for the head of the repository's branch. */
export const HEAD_REVISION = 'main';

const nonEmpty = { type: 'string', minLength: 1 };

export const repositorySchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['name', 'directory'],
    additionalProperties: false,
    properties: { name: nonEmpty, directory: { type: 'string' }, revision: nonEmpty, workspaceName: nonEmpty },
  },
};

export const buildDefaults: BuildConfig = {
  catalog: DEFAULT_CATALOG_NAME,
  repositories: [{ name: 'catalog', directory: '' }],
  preferences: [],
};

/**
 * ConfigMap form of `repositories`: `<name>=<directory>[@<revision>[:<workspaceName>]],...`,
 * e.g. `catalog-distros-sandbox=distros/sandbox,blueprints=/@v3:v3`.
 */
export function parseRepositories(text: string): RepositoryEntry[] | Error {
  const entries: RepositoryEntry[] = [];
  for (const part of text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')) {
    const match = /^([^=\s]+)=([^@\s]*)(?:@([^:@\s]+)(?::([^:@\s]+))?)?$/.exec(part);
    if (match === null) {
      return new Error(`repository "${part}" is not of the form <name>=<directory>[@<revision>[:<workspaceName>]]`);
    }
    const [, name = '', directory = '', revision, workspaceName] = match;
    entries.push({
      name,
      directory,
      ...(revision === undefined ? {} : { revision }),
      ...(workspaceName === undefined ? {} : { workspaceName }),
    });
  }
  return entries;
}

/**
 * A repository directory as the input's paths name it: no leading `/` or `./` (Porch writes
 * `directory: /distros/sandbox`), no trailing `/`; `/`, `.` and `''` are the root. `undefined`
 * when it climbs out of the input (`..`).
 */
export function normaliseDirectory(directory: string): string | undefined {
  const parts = directory.split('/').filter((part) => part !== '' && part !== '.');
  return parts.includes('..') ? undefined : parts.join('/');
}

const DNS_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS_SUBDOMAIN = new RegExp(`^${DNS_LABEL}(\\.${DNS_LABEL})*$`);

/** What a ConfigMap name must be, for messages. */
export const CONFIG_MAP_NAME_RULE =
  "a DNS subdomain: at most 253 characters, lower-case letters, digits, '-' and '.', " +
  'starting and ending with a letter or digit';

/** A valid ConfigMap name: a DNS subdomain (RFC 1123), as the API server requires. */
export function isConfigMapName(name: string): boolean {
  return name.length <= 253 && DNS_SUBDOMAIN.test(name);
}

/** The `catalog` field: the name of a ConfigMap ({@link isConfigMapName}). */
export function checkCatalogName(name: string): Result[] {
  if (isConfigMapName(name)) return [];
  const message = `function config: catalog: "${name}" is not a valid ConfigMap name (${CONFIG_MAP_NAME_RULE})`;
  return [makeResult('error', 'invalid-config', message, undefined, { path: 'catalog', currentValue: name })];
}

/**
 * The checks of a config read whole (the function's, or a `BuildCatalog` file `pkgdeps catalog build` reads): the
 * `catalog` name ({@link checkCatalogName}) and the `preferences`, as every resolving function checks them
 * (`checkPreferences`: an API preference names a group, an object preference a named object).
 */
export function checkBuildConfig(config: BuildConfig): Result[] {
  return [...checkCatalogName(config.catalog), ...checkPreferences(config.preferences)];
}

/**
 * Normalises and checks the entries; each problem is an error result naming the entry. The
 * branch head (`main`) gets workspaceName `main`, as Porch names it and PackageVariants pin it.
 */
export function checkRepositories(
  entries: RepositoryEntry[],
  defaultRevision = HEAD_REVISION,
): { repositories: Repository[]; results: Result[] } {
  const repositories: Repository[] = [];
  const results: Result[] = [];
  entries.forEach((entry, i) => {
    const fail = (path: string, message: string) =>
      results.push(
        makeResult('error', 'invalid-config', `function config: repositories[${i}].${path}: ${message}`, undefined, {
          path: `repositories[${i}].${path}`,
        }),
      );
    const directory = normaliseDirectory(entry.directory);
    if (directory === undefined)
      fail('directory', `"${entry.directory}" leaves the input with ".."; name a directory inside it`);
    const revision = entry.revision ?? defaultRevision;
    const revisionProblem = checkRevisions([revision]);
    if (revisionProblem !== undefined) fail('revision', revisionProblem);
    if (directory === undefined || revisionProblem !== undefined) return;
    const workspaceName = entry.workspaceName ?? (revision === HEAD_REVISION ? HEAD_REVISION : undefined);
    repositories.push({
      name: entry.name,
      directory,
      revision,
      ...(workspaceName === undefined ? {} : { workspaceName }),
    });
  });
  return { repositories, results };
}
