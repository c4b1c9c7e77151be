/** The validators' domain code (validate-dependencies, -removal, -upgrade); functions/ only wires it. */
export type { DependenciesConfig, RemovalConfig, UpgradeConfig } from './config.js';
export { checkDependencies } from './dependencies.js';
export { installedDependents, installedRevision, neededFrom, requirementLabel } from './installed.js';
export type { DependentsOnTarget, InstalledDependent } from './installed.js';
export { findPackage, findRevision } from './lookup.js';
export { checkRemoval } from './removal.js';
export { checkUpgrade } from './upgrade.js';
