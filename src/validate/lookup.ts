import type { ApiIndex, CatalogPackage, CatalogRevision, PackageRef } from '../catalog/index.js';
import { packageKey } from '../catalog/index.js';
import { byCodePoint } from '../krm/index.js';

/**
 * Finding the package and revisions a validator's config names. A name the catalog does not
 * know is an error message that lists the known ones, so the user can fix the config.
 */

export type Lookup<T> = { found: T } | { error: string };

/** The package `ref`, or an error naming the packages of its repository (or the repositories). */
export function findPackage(index: ApiIndex, ref: PackageRef): Lookup<CatalogPackage> {
  const pkg = index.pkg(ref);
  if (pkg !== undefined) return { found: pkg };
  const { packages } = index.catalog;
  const sameRepository = packages.filter((other) => other.repository === ref.repository).map((other) => other.package);
  const known =
    sameRepository.length > 0
      ? `packages of repository ${ref.repository}: ${sameRepository.sort(byCodePoint).join(', ')}`
      : packages.length > 0
        ? `repositories: ${[...new Set(packages.map((other) => other.repository))].sort(byCodePoint).join(', ')}`
        : 'the catalog lists no packages';
  return { error: `package ${packageKey(ref)} is not in catalog "${index.catalog.name}" (known ${known})` };
}

/** The revision that is the same as `revision` (`v2` finds `2`), or an error listing the revisions, newest first. */
export function findRevision(
  index: ApiIndex,
  pkg: CatalogPackage,
  revision: string,
  field: string,
): Lookup<CatalogRevision> {
  const found = index.revision(pkg, revision);
  if (found !== undefined) return { found };
  const known = index.revisionsNewestFirst(pkg).map((rev) => `"${rev.revision}" (${rev.lifecycle})`);
  const listed = known.length > 0 ? `its revisions are ${known.join(', ')}` : 'it has no revisions';
  return {
    error: `${field}: ${packageKey(pkg)} has no revision "${revision}" in catalog "${index.catalog.name}"; ${listed}`,
  };
}
