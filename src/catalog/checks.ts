import { invalid } from './normalise.js';
import type { Problem } from './normalise.js';
import { platformEntryText, platformProviders } from './platform.js';
import { checkRevisions, compareRevisions, revisionKey, sameRevision } from './revision.js';
import { packageId, packageKey } from './types.js';
import { objectKey, sameObject } from './objects.js';
import type { ObjectRef } from './objects.js';
import type { CatalogPackages } from './packages.js';
import type { CatalogPackage, InstalledEntry, PackageRef, PlatformEntry } from './types.js';

/** The revisions a catalog lists of a package, by their names; undefined for a package it does not list. */
export type RevisionNames = (ref: PackageRef) => readonly string[] | undefined;

/** One entry of `data.platform` after normalisation: an API, an object, or undefined when it is invalid. */
export type PlatformItem = PlatformEntry | ObjectRef | undefined;

/**
 * Rules across entries of a normalised catalog (docs/SPEC.md section 3): revision names and their
 * forms, one entry per package, one entry per revision, one installed revision per package and
 * target. Installed entries the packages do not list, and platform entries that hide a package
 * providing the same API, are warnings: the catalog stays usable. Packages are told apart by
 * repository and package, not by the path they join to (`team/x` + `lib` is not `team` + `x/lib`).
 */

/**
 * A package's revision names that cannot be ordered or name one revision twice (docs/SPEC.md rule revision-order),
 * as the problem of entry `i` of `data.packages`; undefined when there is none.
 */
export function revisionProblem(pkg: CatalogPackage, i: number): Problem | undefined {
  const message = revisionMessage(pkg.revisions.map((rev) => rev.revision));
  return message === undefined ? undefined : invalid('packages', `[${i}] ${packageKey(pkg)}: ${message}`);
}

function revisionMessage(names: string[]): string | undefined {
  const message = checkRevisions(names);
  if (message !== undefined) return message;
  // Distinct keys are distinct revisions; only a package with two of one revision needs the order to say which.
  if (new Set(names.map(revisionKey)).size === names.length) return undefined;
  const sorted = [...names].sort(compareRevisions);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1] ?? '';
    const current = sorted[i] ?? '';
    if (compareRevisions(previous, current) !== 0) continue;
    return previous === current
      ? `revision "${current}" is listed twice; keep one entry per revision`
      : `revisions "${previous}" and "${current}" are the same revision; keep one of them`;
  }
  return undefined;
}

/** Package entries of `data.packages` that repeat an earlier one (repository and package). */
export function duplicatePackages(refs: readonly PackageRef[]): Problem[] {
  const problems: Problem[] = [];
  const firstIndex = new Map<string, number>();
  refs.forEach((ref, i) => {
    const first = firstIndex.get(packageId(ref));
    if (first === undefined) firstIndex.set(packageId(ref), i);
    else
      problems.push(
        invalid(
          'packages',
          `[${i}] ${packageKey(ref)}: listed again (first at [${first}]); list each package once, with all its revisions`,
        ),
      );
  });
  return problems;
}

/** Revision forms, duplicate revisions and duplicate package entries of `data.packages`, read whole. */
export function checkPackages(packages: readonly CatalogPackage[]): Problem[] {
  const revisions = packages.flatMap((pkg, i) => revisionProblem(pkg, i) ?? []);
  return [...duplicatePackages(packages), ...revisions];
}

/**
 * Duplicate package entries of one target (error) and, when the packages are known, entries naming
 * a package or revision it does not list (warning). `paths` are the entries' paths inside the key
 * (normaliseInstalled).
 */
export function checkInstalled(
  installed: InstalledEntry[],
  revisionNames: RevisionNames | undefined,
  paths: readonly string[],
): Problem[] {
  const problems: Problem[] = [];
  const firstIndex = new Map<string, number>();
  const at = (i: number) => paths[i] ?? `[${i}]`;
  installed.forEach((entry, i) => {
    const key = packageKey(entry);
    const targetKey = JSON.stringify([entry.target, packageId(entry)]);
    const first = firstIndex.get(targetKey);
    if (first !== undefined) {
      problems.push(
        invalid(
          'installed',
          `${at(i)}: target ${entry.target} lists ${key} again (first at ${at(first)}); a target runs one revision of a package, keep one entry`,
        ),
      );
      return;
    }
    firstIndex.set(targetKey, i);
    if (revisionNames === undefined) return;
    const revisions = revisionNames(entry);
    if (revisions === undefined) {
      problems.push({
        severity: 'warning',
        code: 'installed-unknown',
        key: 'installed',
        message: `${at(i)}: target ${entry.target} runs ${key}, which data.packages does not list; add the package to the catalog or remove the entry`,
      });
    } else if (!revisions.some((revision) => sameRevision(revision, entry.revision))) {
      const listed = revisions.map((revision) => `"${revision}"`).join(', ');
      problems.push({
        severity: 'warning',
        code: 'installed-unknown',
        key: 'installed',
        message: `${at(i)}: target ${entry.target} runs ${key} revision "${entry.revision}", which data.packages does not list (it lists ${listed}); add the revision to the catalog or fix the entry`,
      });
    }
  });
  return problems;
}

/** The packages with a revision (of any lifecycle) that creates the object. */
export function objectCreators(object: ObjectRef, packages: CatalogPackage[]): CatalogPackage[] {
  return packages.filter((pkg) =>
    pkg.revisions.some((revision) => revision.objects.some((o) => sameObject(o, object))),
  );
}

/**
 * Platform entries that a catalog package also provides (docs/SPEC.md rule platform-apis) or creates (rule
 * platform-objects): a platform API or object never makes a dependency, so the entry keeps that package from
 * being chosen. `entries` are the validated entries of `data.platform`, in its order.
 */
export function checkPlatform(entries: readonly PlatformItem[], packages: CatalogPackages): Problem[] {
  const problems: Problem[] = [];
  entries.forEach((item, i) => {
    if (item === undefined) return;
    const isObject = 'name' in item;
    const providers = isObject
      ? objectCreators(item, packages.withObjects())
      : platformProviders(item, packages.withGroup(item.group));
    if (providers.length === 0) return;
    const text = isObject ? objectKey(item) : platformEntryText(item);
    const what = isObject ? 'created' : 'provided';
    problems.push({
      severity: 'warning',
      code: 'platform-provided',
      key: 'platform',
      message:
        `[${i}] ${text}: also ${what} by ${providers.map(packageKey).join(', ')}; ` +
        `a platform ${isObject ? 'object' : 'API'} never makes a dependency, so no catalog package is chosen for it; ` +
        'remove the entry',
    });
  });
  return problems;
}
