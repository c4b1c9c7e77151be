import type { Problem } from './normalise.js';
import { checkRevisions, compareRevisions } from './revision.js';
import { packageKey } from './types.js';
import type { CatalogPackage, InstalledEntry } from './types.js';

/**
 * Rules across entries of a normalised catalog (docs/SPEC.md section 3): revision names and their
 * forms, one entry per package, one entry per revision, one installed revision per package and
 * target. Installed entries the packages do not list are warnings: the catalog stays usable.
 */

function revisionProblem(pkg: CatalogPackage): string | undefined {
  const names = pkg.revisions.map((rev) => rev.revision);
  const message = checkRevisions(names);
  if (message !== undefined) return message;
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
export function checkPackages(packages: CatalogPackage[]): Problem[] {
  const problems: Problem[] = [];
  const firstIndex = new Map<string, number>();
  packages.forEach((pkg, i) => {
    const key = packageKey(pkg);
    const first = firstIndex.get(key);
    if (first !== undefined) {
      problems.push({
        severity: 'error',
        key: 'packages',
        message: `[${i}] ${key}: listed again (first at [${first}]); list each package once, with all its revisions`,
      });
    } else {
      firstIndex.set(key, i);
    }
    const message = revisionProblem(pkg);
    if (message !== undefined) problems.push({ severity: 'error', key: 'packages', message: `[${i}] ${key}: ${message}` });
  });
  return problems;
}

/**
 * Duplicate package entries of one target (error) and, when `packages` is known, entries naming
 * a package or revision it does not list (warning).
 */
export function checkInstalled(installed: InstalledEntry[], packages: CatalogPackage[] | undefined): Problem[] {
  const problems: Problem[] = [];
  const byKey = new Map(packages?.map((pkg) => [packageKey(pkg), pkg]));
  const firstIndex = new Map<string, number>();
  installed.forEach((entry, i) => {
    const key = packageKey(entry);
    const targetKey = `${entry.target}\n${key}`;
    const first = firstIndex.get(targetKey);
    if (first !== undefined) {
      problems.push({
        severity: 'error',
        key: 'installed',
        message: `[${i}]: target ${entry.target} lists ${key} again (first at [${first}]); a target runs one revision of a package, keep one entry`,
      });
      return;
    }
    firstIndex.set(targetKey, i);
    if (packages === undefined) return;
    const pkg = byKey.get(key);
    if (pkg === undefined) {
      problems.push({
        severity: 'warning',
        key: 'installed',
        message: `[${i}]: target ${entry.target} runs ${key}, which data.packages does not list; add the package to the catalog or remove the entry`,
      });
    } else if (!pkg.revisions.some((rev) => rev.revision === entry.revision)) {
      const listed = pkg.revisions.map((rev) => `"${rev.revision}"`).join(', ');
      problems.push({
        severity: 'warning',
        key: 'installed',
        message: `[${i}]: target ${entry.target} runs ${key} revision "${entry.revision}", which data.packages does not list (it lists ${listed}); add the revision to the catalog or fix the entry`,
      });
    }
  });
  return problems;
}
