/**
 * The catalog as plain data (docs/SPEC.md section 3), after the ConfigMap's `data` strings were
 * parsed, validated against the schema and normalised (revisions are strings; missing lists
 * are empty lists; `source` is always set).
 */

import type { ObjectRef } from './objects.js';
import type { CatalogPackages } from './packages.js';

export type Lifecycle = 'Draft' | 'Proposed' | 'Published' | 'DeletionProposed';

/** An API brought to a cluster by a package revision. */
export interface ProvidedApi {
  group: string;
  /** Absent for APIService entries: kinds are unknown. */
  kind?: string;
  /** Plural resource name (CRD `spec.names.plural`); used to map RBAC rules to kinds. */
  resource?: string;
  /** Served versions. */
  versions: string[];
  scope?: 'Namespaced' | 'Cluster';
  source: 'CustomResourceDefinition' | 'APIService';
}

/** An API a package revision itself needs; `version` is `*` when only RBAC names it. */
export interface RequiredApi {
  group: string;
  version: string;
  kind: string;
}

export interface PackageRef {
  repository: string;
  package: string;
}

export interface CatalogRevision {
  revision: string;
  workspaceName?: string;
  lifecycle: Lifecycle;
  provides: ProvidedApi[];
  requires: RequiredApi[];
  dependsOn: PackageRef[];
  /** The named objects the revision creates that other packages may reference (docs/SPEC.md rule object-references). */
  objects: ObjectRef[];
  /** The named objects it references that it does not create, nor the platform has (written by build-catalog). */
  requiresObjects: ObjectRef[];
}

export interface CatalogPackage extends PackageRef {
  revisions: CatalogRevision[];
}

export interface InstalledEntry extends PackageRef {
  target: string;
  revision: string;
}

export interface PlatformEntry {
  group: string;
  kind?: string;
}

export interface Catalog {
  /** `metadata.name` of the ConfigMap it came from. */
  name: string;
  /** Every package, in catalog order: on a catalog {@link read} one by one, getting this reads them all. */
  readonly packages: CatalogPackage[];
  /**
   * The packages read one by one as lookups find them (docs/SPEC.md rule catalog-lazy), which {@link ApiIndex}
   * does; absent on a catalog whose packages are all read.
   */
  read?: CatalogPackages;
  installed: InstalledEntry[];
  platform: PlatformEntry[];
  /** The objects `platform` lists (`{kind: Namespace, name: monitoring}`; docs/SPEC.md rule platform-objects). */
  platformObjects: ObjectRef[];
}

/**
 * `<repository>/<package>`, the form used in annotations and messages. Not an identity:
 * `team/x` + `lib` and `team` + `x/lib` give the same text; key maps with {@link packageId}.
 */
export function packageKey(ref: PackageRef): string {
  return `${ref.repository}/${ref.package}`;
}

/** A key of the package that no other repository + package pair shares, for maps and sets. */
export function packageId(ref: PackageRef): string {
  return JSON.stringify([ref.repository, ref.package]);
}

/** Whether two references name the same package. */
export function samePackage(a: PackageRef, b: PackageRef): boolean {
  return a.repository === b.repository && a.package === b.package;
}
