/** Shared logic of the validators (validate-dependencies, validate-removal, validate-upgrade). */
export { dependsOnClosure } from './depends-on-walk.js';
export type { Reached, Start } from './depends-on-walk.js';
export { installedDependents, installedRevision, neededFrom, requiredApiLabel } from './installed.js';
export type { DependentsOnTarget, InstalledDependent } from './installed.js';
export { findPackage, findRevision } from './lookup.js';
