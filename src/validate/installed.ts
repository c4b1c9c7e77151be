import type { ApiIndex, CatalogRevision, InstalledEntry, PackageRef } from '../catalog/index.js';
import { byCodePoint } from '../krm/index.js';
import { objectKey, packageKey } from '../catalog/index.js';
import { apiKey, isObjectNeed, ownObjects, revisionRequirements, serves } from '../resolve/index.js';
import type { Requirement } from '../resolve/index.js';

/**
 * What installed packages need of each other on one target, from the catalog's `installed`
 * entries and each installed revision's `dependsOn`, `requires` and `requiresObjects`.
 *
 * A required API or named object is attributed to a provider installed on the target when the
 * provider's installed revision serves (creates) it and either the dependent's `dependsOn` names
 * the provider, or no package of its `dependsOn` installed on the target serves it (a catalog
 * written without `dependsOn` still has its `requires` attributed to whatever the cluster runs).
 * A named object the dependent creates itself, or a platform object, is needed of no one, as
 * resolution counts them (docs/SPEC.md rules local-objects, platform-objects).
 */

export interface Installed {
  entry: InstalledEntry;
  /** Undefined when the catalog does not list the installed revision. */
  revision: CatalogRevision | undefined;
}

export function installedRevision(index: ApiIndex, entry: InstalledEntry): CatalogRevision | undefined {
  return index.revision(entry, entry.revision);
}

function samePackage(a: PackageRef, b: PackageRef): boolean {
  return a.repository === b.repository && a.package === b.package;
}

/** A need in messages: `<group>/<version>/<Kind>` as `pkgdeps.dev/requires-apis` writes it, or the object's key. */
export function requirementLabel(need: Requirement): string {
  if (isObjectNeed(need)) return objectKey(need.object);
  return need.kind === undefined ? `${need.group}/${need.version}` : apiKey(need.group, need.version, need.kind);
}

/**
 * What a revision needs of other packages: its `requires`, and the objects of its `requiresObjects` it does not
 * create itself and the platform does not have.
 */
export function externalRequirements(index: ApiIndex, revision: CatalogRevision): Requirement[] {
  const own = ownObjects(revision.objects);
  return revisionRequirements(revision).filter(
    (need) => !isObjectNeed(need) || (!own(need.object) && !index.isPlatformObject(need.object)),
  );
}

/** What the dependent needs of the provider (at `providerRevision`) on the target: the APIs and objects it is given. */
export function neededFrom(
  index: ApiIndex,
  target: string,
  dependentRevision: CatalogRevision,
  provider: PackageRef,
  providerRevision: CatalogRevision,
): Requirement[] {
  const namesProvider = dependentRevision.dependsOn.some((ref) => samePackage(ref, provider));
  const servedByOtherDependency = (need: Requirement): boolean =>
    dependentRevision.dependsOn.some((ref) => {
      if (samePackage(ref, provider)) return false;
      const entry = index.installedOn(target, ref);
      const revision = entry === undefined ? undefined : installedRevision(index, entry);
      return revision !== undefined && serves(revision, need);
    });
  return externalRequirements(index, dependentRevision).filter(
    (need) => serves(providerRevision, need) && (namesProvider || !servedByOtherDependency(need)),
  );
}

/** Whether the dependent needs the provider: its `dependsOn` names it, or an API or object it needs is given to it. */
function dependsOn(
  index: ApiIndex,
  dependent: Installed,
  provider: PackageRef,
  providerRevision: CatalogRevision,
): boolean {
  const { entry, revision } = dependent;
  if (revision === undefined) return false;
  return (
    revision.dependsOn.some((ref) => samePackage(ref, provider)) ||
    neededFrom(index, entry.target, revision, provider, providerRevision).length > 0
  );
}

export interface InstalledDependent {
  entry: InstalledEntry;
  /** Installed packages between the dependent and the provider, dependent side first; empty for a direct dependent. */
  through: InstalledEntry[];
  /** What the last package of the chain (the dependent itself when direct) needs of the provider. */
  needs: Requirement[];
}

export interface DependentsOnTarget {
  dependents: InstalledDependent[];
  /** Installed entries whose revision the catalog does not list: whether they depend on the provider is unknown. */
  unknown: InstalledEntry[];
}

/**
 * Every package installed on the target that depends on the provider (installed there at
 * `providerRevision`), directly or through a chain of installed packages, each with the
 * shortest chain, sorted by package.
 */
export function installedDependents(
  index: ApiIndex,
  target: string,
  provider: PackageRef,
  providerRevision: CatalogRevision,
): DependentsOnTarget {
  const others: Installed[] = index
    .installedOnTarget(target)
    .filter((entry) => !samePackage(entry, provider))
    .map((entry) => ({ entry, revision: installedRevision(index, entry) }));
  const next = new Map<string, Installed | undefined>();
  const queue: Array<{ ref: PackageRef; revision: CatalogRevision }> = [{ ref: provider, revision: providerRevision }];
  for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
    for (const other of others) {
      const key = packageKey(other.entry);
      if (next.has(key) || other.revision === undefined || !dependsOn(index, other, node.ref, node.revision)) continue;
      next.set(key, samePackage(node.ref, provider) ? undefined : others.find((o) => samePackage(o.entry, node.ref)));
      queue.push({ ref: other.entry, revision: other.revision });
    }
  }
  const dependents: InstalledDependent[] = [];
  for (const other of others) {
    if (other.revision === undefined || !next.has(packageKey(other.entry))) continue;
    const through: InstalledEntry[] = [];
    let last: Installed = other;
    for (let step = next.get(packageKey(other.entry)); step !== undefined; step = next.get(packageKey(step.entry))) {
      through.push(step.entry);
      last = step;
    }
    const needs =
      last.revision === undefined ? [] : neededFrom(index, target, last.revision, provider, providerRevision);
    dependents.push({ entry: other.entry, through, needs });
  }
  dependents.sort((a, b) => byCodePoint(packageKey(a.entry), packageKey(b.entry)));
  const unknown = others.filter((other) => other.revision === undefined).map((other) => other.entry);
  return { dependents, unknown };
}
