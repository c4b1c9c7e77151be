import { byCodePoint } from '../krm/compare.js';
import { isPlatformObject, objectKey } from './objects.js';
import type { ObjectRef } from './objects.js';
import { isPlatformApi } from './platform.js';
import { compareRevisions, revisionKey } from './revision.js';
import { packageId } from './types.js';
import type { Catalog, CatalogPackage, CatalogRevision, InstalledEntry, PackageRef, ProvidedApi } from './types.js';

/** One revision of one package. */
export interface RevisionEntry {
  pkg: CatalogPackage;
  revision: CatalogRevision;
}

/** One revision of one package providing one API. */
export interface Offer extends RevisionEntry {
  api: ProvidedApi;
}

/** One revision of one package creating one named object (docs/SPEC.md rule object-references). */
export interface ObjectOffer {
  pkg: CatalogPackage;
  revision: CatalogRevision;
  object: ObjectRef;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

const NO_OFFERS: Offer[] = Object.freeze([]) as unknown as Offer[];
const NO_REVISIONS: RevisionEntry[] = Object.freeze([]) as unknown as RevisionEntry[];
const NO_OBJECT_OFFERS: ObjectOffer[] = Object.freeze([]) as unknown as ObjectOffer[];
const NO_ENTRIES: InstalledEntry[] = Object.freeze([]) as unknown as InstalledEntry[];
const NO_KINDS: string[] = Object.freeze([]) as unknown as string[];

/**
 * Lookups over a validated catalog, built once in maps so no lookup scans the packages. Lists
 * keep catalog order (package, revision, entry) and cover every lifecycle; callers filter.
 * Returned lists are shared and frozen: copy before changing them. Revision lookups follow the
 * catalog's revision order (`3` finds `v3`; docs/SPEC.md rule revision-order).
 */
export class ApiIndex {
  private readonly kinds = new Map<string, Offer[]>();
  private readonly apiServices = new Map<string, Offer[]>();
  private readonly objects = new Map<string, ObjectOffer[]>();
  private readonly resources = new Map<string, string[]>();
  private readonly groups = new Map<string, RevisionEntry[]>();
  private readonly packages = new Map<string, CatalogPackage>();
  private readonly revisions = new Map<string, Map<string, CatalogRevision>>();
  private readonly byTarget = new Map<string, InstalledEntry[]>();
  private readonly byTargetPackage = new Map<string, InstalledEntry>();
  private readonly byPackage = new Map<string, InstalledEntry[]>();
  private readonly newestFirst = new Map<CatalogPackage, CatalogRevision[]>();

  constructor(readonly catalog: Catalog) {
    const kindSets = new Map<string, Set<string>>();
    for (const pkg of catalog.packages) {
      const key = packageId(pkg);
      this.packages.set(key, pkg);
      const revisions = new Map<string, CatalogRevision>();
      this.revisions.set(key, revisions);
      for (const revision of pkg.revisions) {
        revisions.set(revisionKey(revision.revision), revision);
        for (const group of new Set(revision.provides.map((api) => api.group)))
          push(this.groups, group, { pkg, revision });
        for (const object of revision.objects) push(this.objects, objectKey(object), { pkg, revision, object });
        for (const api of revision.provides) {
          const offer: Offer = { pkg, revision, api };
          if (api.source === 'APIService') {
            push(this.apiServices, api.group, offer);
            continue;
          }
          if (api.kind === undefined) continue;
          push(this.kinds, `${api.group}/${api.kind}`, offer);
          if (api.resource !== undefined) {
            const resourceKey = `${api.group}/${api.resource}`;
            const kinds = kindSets.get(resourceKey) ?? new Set<string>();
            kinds.add(api.kind);
            kindSets.set(resourceKey, kinds);
          }
        }
      }
    }
    for (const [resourceKey, kinds] of kindSets) {
      this.resources.set(resourceKey, Object.freeze([...kinds].sort(byCodePoint)) as string[]);
    }
    for (const entry of catalog.installed) {
      push(this.byTarget, entry.target, entry);
      push(this.byPackage, packageId(entry), entry);
      this.byTargetPackage.set(JSON.stringify([entry.target, packageId(entry)]), entry);
    }
    for (const map of [this.kinds, this.apiServices, this.groups, this.objects, this.byTarget, this.byPackage]) {
      for (const list of map.values()) Object.freeze(list);
    }
  }

  /** CustomResourceDefinition entries of group/kind, over every revision of every package. */
  kindOffers(group: string, kind: string): Offer[] {
    return this.kinds.get(`${group}/${kind}`) ?? NO_OFFERS;
  }

  /** APIService entries of the group (kinds unknown), whatever their versions. */
  apiServiceOffers(group: string): Offer[] {
    return this.apiServices.get(group) ?? NO_OFFERS;
  }

  /** The revisions that create the object, over every revision of every package. */
  objectOffers(object: ObjectRef): ObjectOffer[] {
    return this.objects.get(objectKey(object)) ?? NO_OBJECT_OFFERS;
  }

  /** A built-in object, or one listed under the catalog's `platform` (docs/SPEC.md rule platform-objects). */
  isPlatformObject(object: ObjectRef): boolean {
    return isPlatformObject(object, this.catalog.platformObjects);
  }

  /** Distinct kinds, sorted, whose CRD entries name `plural` as their resource in the group. */
  kindsForResource(group: string, plural: string): string[] {
    return this.resources.get(`${group}/${plural}`) ?? NO_KINDS;
  }

  /** The revisions that provide anything (CRD or APIService) in the group, over every package. */
  groupRevisions(group: string): RevisionEntry[] {
    return this.groups.get(group) ?? NO_REVISIONS;
  }

  /** Whether a CustomResourceDefinition entry of group/kind says `scope: Cluster`. */
  isClusterScoped(group: string, kind: string): boolean {
    return this.kindOffers(group, kind).some((offer) => offer.api.scope === 'Cluster');
  }

  /** Whether some CustomResourceDefinition entry provides group/kind. */
  kindProvided(group: string, kind: string): boolean {
    return this.kinds.has(`${group}/${kind}`);
  }

  /** Built-in platform group, or listed under the catalog's `platform` (see {@link isPlatformApi}). */
  isPlatform(group: string, kind: string | undefined): boolean {
    return isPlatformApi(group, kind, this.catalog.platform);
  }

  /** The installed entry of the package on the target. */
  installedOn(target: string, ref: PackageRef): InstalledEntry | undefined {
    return this.byTargetPackage.get(JSON.stringify([target, packageId(ref)]));
  }

  /** Every installed entry of the target. */
  installedOnTarget(target: string): InstalledEntry[] {
    return this.byTarget.get(target) ?? NO_ENTRIES;
  }

  /** Every installed entry of the package, on any target. */
  installedEverywhere(ref: PackageRef): InstalledEntry[] {
    return this.byPackage.get(packageId(ref)) ?? NO_ENTRIES;
  }

  pkg(ref: PackageRef): CatalogPackage | undefined {
    return this.packages.get(packageId(ref));
  }

  /** The package's revisions, newest first in the order of docs/SPEC.md section 3 (`main` last). */
  revisionsNewestFirst(pkg: CatalogPackage): CatalogRevision[] {
    let sorted = this.newestFirst.get(pkg);
    if (sorted === undefined) {
      sorted = Object.freeze(
        [...pkg.revisions].sort((a, b) => compareRevisions(b.revision, a.revision)),
      ) as CatalogRevision[];
      this.newestFirst.set(pkg, sorted);
    }
    return sorted;
  }

  /** The revision of the package that is the same revision as `revision` (`v2` finds `2`). */
  revision(ref: PackageRef, revision: string): CatalogRevision | undefined {
    return this.revisions.get(packageId(ref))?.get(revisionKey(revision));
  }
}
