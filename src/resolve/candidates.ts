import { byCodePoint } from '../krm/index.js';
import type { ApiIndex, Offer } from '../catalog/index.js';
import { packageId, packageKey } from '../catalog/index.js';
import type { CatalogPackage } from '../catalog/index.js';
import { apiLabel } from './api.js';

/** Candidate packages for one API, or why there are none (docs/SPEC.md rule candidates). */
export type CandidateAnswer =
  { packages: CatalogPackage[] } | { problem: 'unprovided' | 'unpublished' | 'version'; message: string };

function uniquePackages(offers: Offer[]): CatalogPackage[] {
  const seen = new Map<string, CatalogPackage>();
  for (const offer of offers) seen.set(packageId(offer.pkg), offer.pkg);
  return [...seen.values()].sort((a, b) => byCodePoint(packageKey(a), packageKey(b)));
}

function servedVersions(offers: Offer[]): string {
  const byPackage = new Map<string, Set<string>>();
  for (const offer of offers) {
    const key = packageKey(offer.pkg);
    const versions = byPackage.get(key) ?? new Set<string>();
    offer.api.versions.forEach((version) => versions.add(version));
    byPackage.set(key, versions);
  }
  return [...byPackage]
    .sort(([a], [b]) => byCodePoint(a, b))
    .map(([key, versions]) => `${key} serves ${[...versions].sort(byCodePoint).join(', ')}`)
    .join('; ');
}

/**
 * Offers of the catalog for group/kind: CRD entries, or, when no CRD of the catalog provides
 * the kind, the APIService entries of its group (kinds unknown). Local CRDs are handled
 * before the catalog is asked.
 */
export function offersFor(index: ApiIndex, group: string, kind: string | undefined): Offer[] {
  const crdOffers = kind === undefined ? [] : index.kindOffers(group, kind);
  return crdOffers.length > 0 ? crdOffers : index.apiServiceOffers(group);
}

/**
 * The packages with a Published revision that provides group/kind at `version` (`*`: any
 * version; no kind: any API of the group served by an APIService). With none, says which
 * filter emptied the list.
 */
export function candidatesFor(
  index: ApiIndex,
  group: string,
  version: string,
  kind: string | undefined,
): CandidateAnswer {
  const offers = offersFor(index, group, kind);
  const label = apiLabel(group, version, kind ?? '(any kind)');
  if (offers.length === 0) {
    const kinds = index.hasGroup(group) ? ' (the catalog has other kinds of this group, but not this one)' : '';
    return {
      problem: 'unprovided',
      message: `no package of the catalog provides ${label}${kinds}`,
    };
  }
  const published = offers.filter((offer) => offer.revision.lifecycle === 'Published');
  if (published.length === 0) {
    const drafts = offers.map(
      (offer) => `${packageKey(offer.pkg)} revision "${offer.revision.revision}" (${offer.revision.lifecycle})`,
    );
    return {
      problem: 'unpublished',
      message: `${label} is provided only by revisions that are not Published: ${[...new Set(drafts)].join(', ')}; publish one of them`,
    };
  }
  const serving = published.filter((offer) => version === '*' || offer.api.versions.includes(version));
  if (serving.length === 0) {
    return {
      problem: 'version',
      message: `${label} is provided, but not at version ${version}: ${servedVersions(published)}; change the resource's apiVersion to a served version or publish a revision that serves ${version}`,
    };
  }
  return { packages: uniquePackages(serving) };
}
