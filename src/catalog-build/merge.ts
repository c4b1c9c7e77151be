import { checkRevisions, compareRevisions, packageId, sameRevision } from '../catalog/index.js';
import type { CatalogPackage, CatalogRevision } from '../catalog/index.js';
import { byCodePoint } from '../krm/index.js';

/** Oldest first (`main` first) when the names have one order; else as they are, for the catalog check to report. */
function sortRevisions(revisions: CatalogRevision[]): CatalogRevision[] {
  const names = revisions.map((revision) => revision.revision);
  if (checkRevisions(names) !== undefined) return revisions;
  return [...revisions].sort((a, b) => compareRevisions(a.revision, b.revision));
}

/**
 * The catalog's packages after a build (docs/SPEC.md section 6): every revision of `built` replaces
 * the revision of `existing` of the same repository, package and revision; every other entry
 * of `existing` is kept. Existing packages keep their place, so an update shows as a small
 * diff; new packages follow, sorted by repository, then package. The revisions of a package
 * the build touched are sorted oldest first; the others stay as they are. Entries are shared,
 * not copied.
 */
export function mergePackages(existing: CatalogPackage[], built: CatalogPackage[]): CatalogPackage[] {
  const merged = new Map<string, CatalogPackage>();
  for (const pkg of existing) {
    merged.set(packageId(pkg), { repository: pkg.repository, package: pkg.package, revisions: [...pkg.revisions] });
  }
  const added: CatalogPackage[] = [];
  for (const pkg of built) {
    const current = merged.get(packageId(pkg));
    if (current === undefined) {
      added.push({ repository: pkg.repository, package: pkg.package, revisions: sortRevisions(pkg.revisions) });
      continue;
    }
    const kept = current.revisions.filter(
      (old) => !pkg.revisions.some((revision) => sameRevision(old.revision, revision.revision)),
    );
    current.revisions = sortRevisions([...kept, ...pkg.revisions]);
  }
  added.sort((a, b) => byCodePoint(a.repository, b.repository) || byCodePoint(a.package, b.package));
  return [...merged.values(), ...added];
}
