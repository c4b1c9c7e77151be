import type { Problem } from './normalise.js';
import { platformEntryText, platformProviders } from './platform.js';
import { checkRevisions, compareRevisions, revisionKey, sameRevision } from './revision.js';
import { packageId, packageKey } from './types.js';
import { objectKey, sameObject } from './objects.js';
import type { ObjectRef } from './objects.js';
import type { CatalogPackages } from './packages.js';
import type { CatalogPackage, InstalledEntry, PackageRef, PlatformEntry } from './types.js';

/** What the rules across packages look at: each package's name and its revisions' (docs/SPEC.md rule catalog-lazy). */
export interface PackageNames extends PackageRef {
  revisions: ReadonlyArray<{ revision: string }>;
}

/** One entry of `data.platform` after normalisation: an API, an object, or undefined when it is invalid. */
export type PlatformItem = PlatformEntry | ObjectRef | undefined;

/**
 * Rules across entries of a normalised catalog (docs/SPEC.md section 3): revision names and their
 * forms, one entry per package, one entry per revision, one installed revision per package and
 * target. Installed entries the packages do not list, and platform entries that hide a package
 * providing the same API, are warnings: the catalog stays usable. Packages are told apart by
 * repository and package, not by the path they join to (`team/x` + `lib` is not `team` + `x/lib`).
 */

function revisionProblem(pkg: PackageNames): string | undefined {
  const names = pkg.revisions.map((rev) => rev.revision);
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

/** Revision forms, duplicate revisions and duplicate package entries of `data.packages`. */
export function checkPackages(packages: readonly PackageNames[]): Problem[] {
  const problems: Problem[] = [];
  const firstIndex = new Map<string, number>();
  packages.forEach((pkg, i) => {
    const key = packageKey(pkg);
    const first = firstIndex.get(packageId(pkg));
    if (first !== undefined) {
      problems.push({
        severity: 'error',
        code: 'catalog-invalid',
        key: 'packages',
        message: `[${i}] ${key}: listed again (first at [${first}]); list each package once, with all its revisions`,
      });
    } else {
      firstIndex.set(packageId(pkg), i);
    }
    const message = revisionProblem(pkg);
    if (message !== undefined)
      problems.push({
        severity: 'error',
        code: 'catalog-invalid',
        key: 'packages',
        message: `[${i}] ${key}: ${message}`,
      });
  });
  return problems;
}

/**
 * Duplicate package entries of one target (error) and, when `packages` is known, entries naming
 * a package or revision it does not list (warning). `paths` are the entries' paths inside the key
 * (normaliseInstalled).
 */
export function checkInstalled(
  installed: InstalledEntry[],
  packages: readonly PackageNames[] | undefined,
  paths: readonly string[],
): Problem[] {
  const problems: Problem[] = [];
  const byId = new Map(packages?.map((pkg) => [packageId(pkg), pkg]));
  const firstIndex = new Map<string, number>();
  const at = (i: number) => paths[i] ?? `[${i}]`;
  installed.forEach((entry, i) => {
    const key = packageKey(entry);
    const targetKey = JSON.stringify([entry.target, packageId(entry)]);
    const first = firstIndex.get(targetKey);
    if (first !== undefined) {
      problems.push({
        severity: 'error',
        code: 'catalog-invalid',
        key: 'installed',
        message: `${at(i)}: target ${entry.target} lists ${key} again (first at ${at(first)}); a target runs one revision of a package, keep one entry`,
      });
      return;
    }
    firstIndex.set(targetKey, i);
    if (packages === undefined) return;
    const pkg = byId.get(packageId(entry));
    if (pkg === undefined) {
      problems.push({
        severity: 'warning',
        code: 'installed-unknown',
        key: 'installed',
        message: `${at(i)}: target ${entry.target} runs ${key}, which data.packages does not list; add the package to the catalog or remove the entry`,
      });
    } else if (!pkg.revisions.some((rev) => sameRevision(rev.revision, entry.revision))) {
      const listed = pkg.revisions.map((rev) => `"${rev.revision}"`).join(', ');
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
