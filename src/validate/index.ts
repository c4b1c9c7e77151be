/** Shared logic of the validators (validate-dependencies, validate-removal, validate-upgrade). */
export { dependsOnClosure } from './closure.js';
export type { Reached, Start } from './closure.js';
export { installedDependents, installedRevision, neededFrom, requiredApiLabel } from './installed.js';
export type { DependentsOnTarget, InstalledDependent } from './installed.js';
export { findPackage, findRevision } from './lookup.js';
