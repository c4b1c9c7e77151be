/** The catalog module (docs/SPEC.md section 3): finding, reading and indexing the catalog ConfigMap. */
export { ApiIndex } from './api-index.js';
export {
  OBJECT,
  PACKAGE_REF,
  PROVIDED,
  REQUIRED,
  applyChange,
  changeBetween,
  compareProvided,
  formatInstalled,
  formatPlatform,
} from './compact.js';
export type { Change, Notation } from './compact.js';
export type { ObjectOffer, Offer, RevisionEntry } from './api-index.js';
export {
  CATALOG_ANNOTATION,
  CATALOG_FORMAT,
  findCatalogNode,
  isCatalogNode,
  isConfigMap,
  readCatalog,
  severalNamed,
} from './load.js';
export type { PackagesRead } from './load.js';
export { CatalogPackages } from './packages.js';
export {
  BUILT_IN_OBJECTS,
  OBJECT_KINDS,
  OBJECT_KIND_NAMES,
  compareObjects,
  isObjectKind,
  isPlatformObject,
  objectKey,
  parseObjectKey,
  sameObject,
  uniqueObjects,
} from './objects.js';
export type { ObjectKind, ObjectRef } from './objects.js';
export { parseDataString } from './parse-data.js';
export type { ParsedData } from './parse-data.js';
export { PLATFORM_GROUPS, isPlatformApi, platformEntryText, platformProviders } from './platform.js';
export { objectCreators } from './checks.js';
export { checkRevisions, compareRevisions, revisionForm, revisionKey, sameRevision } from './revision.js';
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
