/** The catalog module (docs/SPEC.md section 3): finding, reading and indexing the catalog ConfigMap. */
export { ApiIndex } from './api-index.js';
export type { Offer, RevisionEntry } from './api-index.js';
export {
  CATALOG_ANNOTATION,
  CATALOG_FORMAT,
  findCatalogNode,
  isCatalogNode,
  isConfigMap,
  readCatalog,
  severalNamed,
} from './load.js';
export { parseDataString } from './parse-data.js';
export type { ParsedData } from './parse-data.js';
export { PLATFORM_GROUPS, isPlatformApi, platformEntryText, platformProviders } from './platform.js';
export { checkRevisions, compareRevisions, revisionKey, sameRevision } from './revision.js';
export { DATA_KEYS, INSTALLED_SCHEMA, PACKAGES_SCHEMA, PLATFORM_SCHEMA, schemaViolations } from './schema.js';
export type { DataKey } from './schema.js';
export { packageId, packageKey, samePackage } from './types.js';
export type {
  Catalog,
  CatalogPackage,
  CatalogRevision,
  InstalledEntry,
  Lifecycle,
  PackageRef,
  PlatformEntry,
  ProvidedApi,
  RequiredApi,
} from './types.js';
