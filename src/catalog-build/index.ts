/** The build-catalog module (docs/SPEC.md sections 3 and 6): catalog entries from blueprint packages. */
export { buildPackages } from './build.js';
export { compactSource } from './compact.js';
export type { Build } from './build.js';
export {
  CONFIG_MAP_NAME_RULE,
  DEFAULT_CATALOG_NAME,
  HEAD_REVISION,
  buildDefaults,
  checkBuildConfig,
  checkRepositories,
  isConfigMapName,
  normaliseDirectory,
  parseRepositories,
  repositorySchema,
} from './config.js';
export type { BuildConfig, Repository, RepositoryEntry } from './config.js';
export { packagesText } from './emit.js';
export { mergePackages } from './merge.js';
export { appendItem, findExistingCatalog, newCatalogNode, setDataText, setPackagesText } from './output.js';
export { findPackages } from './packages.js';
export type { PackageSource } from './packages.js';
export { providedApis } from './provides.js';
