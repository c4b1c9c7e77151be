import { hasErrors, makeResult, readFunctionConfig } from '../../src/krm/index.js';
import type { ConfigSpec, ResourceList, Result } from '../../src/krm/index.js';
import { readCatalog } from '../../src/catalog/index.js';
import type { Catalog, CatalogPackage } from '../../src/catalog/index.js';
import { parsePreferences, resolveProperties } from '../../src/resolve/index.js';
import {
  appendItem,
  buildDefaults,
  buildPackages,
  checkBuildConfig,
  checkRepositories,
  findExistingCatalog,
  findPackages,
  newCatalogNode,
  packagesText,
  parseRepositories,
  repositorySchema,
  setPackagesText,
} from '../../src/catalog-build/index.js';
import type { BuildConfig } from '../../src/catalog-build/index.js';

export const configSpec: ConfigSpec<BuildConfig> = {
  kind: 'BuildCatalog',
  properties: {
    catalog: { type: 'string', minLength: 1 },
    repositories: repositorySchema,
    preferences: resolveProperties.preferences,
  },
  defaults: buildDefaults,
  fromString: { repositories: parseRepositories, preferences: parsePreferences },
};

function summary(name: string, built: Map<string, number>, packages: CatalogPackage[], updated: boolean): Result {
  const total = packages.reduce((sum, pkg) => sum + pkg.revisions.length, 0);
  const builtCount = [...built.values()].reduce((sum, count) => sum + count, 0);
  const perRepository = [...built].map(([repository, count]) => `${repository}: ${count}`).join(', ');
  const kept = updated ? `; ${total - builtCount} other revisions of the existing catalog kept` : '';
  const counts = `${builtCount} package revisions built${perRepository === '' ? '' : ` (${perRepository})`}${kept}`;
  return makeResult(
    'info',
    'catalog-built',
    `catalog ${name}: ${counts}; ${packages.length} packages, ${total} revisions in all`,
  );
}

/**
 * build-catalog (generator): builds the catalog ConfigMap (docs/SPEC.md section 3) from the blueprint
 * packages of the input (docs/SPEC.md section 6) and adds it as a new item, or updates the catalog of
 * the same name found among the items, keeping its other entries. With errors, nothing is
 * changed.
 */
export function buildCatalog(list: ResourceList): Result[] {
  const { config, results } = readFunctionConfig(list.functionConfig, configSpec);
  if (hasErrors(results)) return results;
  const badConfig = checkBuildConfig(config);
  if (hasErrors(badConfig)) return badConfig;
  const checked = checkRepositories(config.repositories);
  if (hasErrors(checked.results)) return checked.results;
  const existing = findExistingCatalog(list.items, config.catalog);
  if (hasErrors(existing.results)) return existing.results;
  let catalog: Catalog | undefined;
  if (existing.node !== undefined) {
    const loaded = readCatalog(existing.node);
    results.push(...loaded.results);
    if (loaded.catalog === undefined) return results;
    catalog = loaded.catalog;
  }
  const found = findPackages(list.items, checked.repositories);
  const build = buildPackages(found.sources, catalog, config.preferences, config.catalog);
  results.push(...found.results, ...build.results);
  if (build.packages === undefined) return results;

  const text = packagesText(build.packages);
  if (existing.node !== undefined) setPackagesText(existing.node, text);
  else appendItem(list, newCatalogNode(list.doc, config.catalog, text, `${config.catalog}.yaml`));
  results.push(summary(config.catalog, build.built, build.packages, existing.node !== undefined));
  return results;
}
