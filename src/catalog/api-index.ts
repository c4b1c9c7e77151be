import { byCodePoint } from '../krm/compare.js';
import { isPlatformObject, objectKey } from './objects.js';
import type { ObjectRef } from './objects.js';
import { isPlatformApi } from './platform.js';
import { compareRevisions, revisionKey } from './revision.js';
import { CatalogPackages } from './packages.js';
import { packageId } from './types.js';
import type { Catalog, CatalogPackage, CatalogRevision, InstalledEntry, PackageRef, ProvidedApi } from './types.js';
import type { Result } from '../krm/types.js';

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
const NO_OBJECT_OFFERS: ObjectOffer[] = Object.freeze([]) as unknown as ObjectOffer[];
const NO_ENTRIES: InstalledEntry[] = Object.freeze([]) as unknown as InstalledEntry[];
const NO_KINDS: string[] = Object.freeze([]) as unknown as string[];

/** What the catalog offers in one API group, built on the first lookup of the group. */
interface GroupOffers {
  kinds: Map<string, Offer[]>;
  apiServices: Offer[];
  resources: Map<string, string[]>;
}

/**
 * Lookups over a validated catalog, built in maps so no lookup scans the packages. Lists
 * keep catalog order (package, revision, entry) and cover every lifecycle; callers filter.
 * Returned lists are shared and frozen: copy before changing them. Revision lookups follow the
 * catalog's revision order (`3` finds `v3`; docs/SPEC.md rule revision-order).
 *
 * A function call looks up the few groups its package uses in a catalog of thousands of APIs
 * (and each call is a new process, README Performance): the constructor only indexes the
 * packages' names and the installed entries; a package is read (normalised, docs/SPEC.md rule
 * catalog-lazy) when a lookup first finds it, the offers of a group are built on its first
 * lookup, the named objects on the first object lookup. {@link takeReadProblems} gives what
 * was wrong in the packages read.
 */
export class ApiIndex {
  private readonly source: CatalogPackages;
  private readonly groups = new Map<string, RevisionEntry[]>();
  private readonly groupOffers = new Map<string, GroupOffers>();
  private objects: Map<string, ObjectOffer[]> | undefined;
  private readonly revisions = new Map<CatalogPackage, Map<string, CatalogRevision>>();
  private readonly byTarget = new Map<string, InstalledEntry[]>();
  private readonly byTargetPackage = new Map<string, InstalledEntry>();
  private readonly byPackage = new Map<string, InstalledEntry[]>();
  private readonly newestFirst = new Map<CatalogPackage, CatalogRevision[]>();

  constructor(readonly catalog: Catalog) {
    this.source = catalog.read ?? CatalogPackages.of(catalog.packages);
    for (const entry of catalog.installed) {
      push(this.byTarget, entry.target, entry);
      push(this.byPackage, packageId(entry), entry);
      this.byTargetPackage.set(JSON.stringify([entry.target, packageId(entry)]), entry);
    }
    for (const map of [this.byTarget, this.byPackage]) {
      for (const list of map.values()) Object.freeze(list);
    }
  }

  /**
   * The catalog's problems in the packages read since it was read or this was last called, as results naming
   * the ConfigMap (docs/SPEC.md rule catalog-lazy): a call with any changes nothing and reports the catalog's.
   */
  takeReadProblems(): Result[] {
    return this.source.takeResults();
  }

  /** Repository and package of every catalog package, in catalog order, none read. */
  packageRefs(): readonly PackageRef[] {
    return this.source.refs;
  }

  /** Whether a revision of the catalog lists a named object it creates (docs/SPEC.md rule object-resolution). */
  listsObjects(): boolean {
    return this.source.listsObjects();
  }

  /** The offers of one group, from the revisions that provide anything in it. */
  private offersIn(group: string): GroupOffers {
    let offers = this.groupOffers.get(group);
    if (offers !== undefined) return offers;
    offers = { kinds: new Map(), apiServices: [], resources: new Map() };
    const kindSets = new Map<string, Set<string>>();
    for (const { pkg, revision } of this.groupRevisions(group)) {
      for (const api of revision.provides) {
        if (api.group !== group) continue;
        const offer: Offer = { pkg, revision, api };
        if (api.source === 'APIService') {
          offers.apiServices.push(offer);
          continue;
        }
        if (api.kind === undefined) continue;
        push(offers.kinds, api.kind, offer);
        if (api.resource !== undefined) {
          const kinds = kindSets.get(api.resource) ?? new Set<string>();
          kinds.add(api.kind);
          kindSets.set(api.resource, kinds);
        }
      }
    }
    for (const [resource, kinds] of kindSets) {
      offers.resources.set(resource, Object.freeze([...kinds].sort(byCodePoint)) as string[]);
    }
    for (const list of offers.kinds.values()) Object.freeze(list);
    Object.freeze(offers.apiServices);
    this.groupOffers.set(group, offers);
    return offers;
  }

  /** CustomResourceDefinition entries of group/kind, over every revision of every package. */
  kindOffers(group: string, kind: string): Offer[] {
    return this.offersIn(group).kinds.get(kind) ?? NO_OFFERS;
  }

  /** APIService entries of the group (kinds unknown), whatever their versions. */
  apiServiceOffers(group: string): Offer[] {
    return this.offersIn(group).apiServices;
  }

  /** The revisions that create the object, over every revision of every package. */
  objectOffers(object: ObjectRef): ObjectOffer[] {
    if (this.objects === undefined) {
      this.objects = new Map();
      for (const pkg of this.source.withObjects()) {
        for (const revision of pkg.revisions) {
          for (const created of revision.objects)
            push(this.objects, objectKey(created), { pkg, revision, object: created });
        }
      }
      for (const list of this.objects.values()) Object.freeze(list);
    }
    return this.objects.get(objectKey(object)) ?? NO_OBJECT_OFFERS;
  }

  /** A built-in object, or one listed under the catalog's `platform` (docs/SPEC.md rule platform-objects). */
  isPlatformObject(object: ObjectRef): boolean {
    return isPlatformObject(object, this.catalog.platformObjects);
  }

  /** Distinct kinds, sorted, whose CRD entries name `plural` as their resource in the group. */
  kindsForResource(group: string, plural: string): string[] {
    return this.offersIn(group).resources.get(plural) ?? NO_KINDS;
  }

  /** The revisions that provide anything (CRD or APIService) in the group, over every package. */
  groupRevisions(group: string): RevisionEntry[] {
    let entries = this.groups.get(group);
    if (entries !== undefined) return entries;
    entries = [];
    for (const pkg of this.source.withGroup(group)) {
      for (const revision of pkg.revisions) {
        if (revision.provides.some((api) => api.group === group)) entries.push({ pkg, revision });
      }
    }
    Object.freeze(entries);
    this.groups.set(group, entries);
    return entries;
  }

  /** Whether a CustomResourceDefinition entry of group/kind says `scope: Cluster`. */
  isClusterScoped(group: string, kind: string): boolean {
    return this.kindOffers(group, kind).some((offer) => offer.api.scope === 'Cluster');
  }

  /** Whether some CustomResourceDefinition entry provides group/kind. */
  kindProvided(group: string, kind: string): boolean {
    return this.offersIn(group).kinds.has(kind);
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
    const i = this.source.find(ref);
    return i === undefined ? undefined : this.source.at(i);
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
    const pkg = this.pkg(ref);
    if (pkg === undefined) return undefined;
    let byKey = this.revisions.get(pkg);
    if (byKey === undefined) {
      byKey = new Map();
      for (const rev of pkg.revisions) byKey.set(revisionKey(rev.revision), rev);
      this.revisions.set(pkg, byKey);
    }
    return byKey.get(revisionKey(revision));
  }
}
