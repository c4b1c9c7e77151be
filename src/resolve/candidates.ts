import { byCodePoint } from '../krm/index.js';
import type { ApiIndex, CatalogPackage, ObjectRef, Offer, RevisionEntry } from '../catalog/index.js';
import { objectKey, packageId, packageKey } from '../catalog/index.js';
import { apiLabel } from './api.js';
import type { Step } from './steps.js';

/**
 * The tests of docs/SPEC.md rule candidates, in the order `candidatesFor` applies them: the revisions
 * providing the group; those with a CRD of the kind (`crd`), or else those serving the group through an
 * APIService (`apiservice`; kinds unknown); the Published ones; those serving the version. For a named
 * object (docs/SPEC.md rule object-resolution): the revisions creating it (`object`), then the Published ones.
 */
export type CandidateTest = 'group' | 'crd' | 'apiservice' | 'object' | 'published' | 'version';

export type CandidateStep = Step<RevisionEntry, CandidateTest>;

/**
 * Candidate packages for one API or named object, or why none (docs/SPEC.md rule candidates), with the filters
 * taken: every one for candidates, up to the one that left nothing otherwise.
 */
export type CandidateAnswer =
  | { packages: CatalogPackage[]; steps: CandidateStep[] }
  | { problem: 'unprovided' | 'unpublished' | 'version'; message: string; steps: CandidateStep[] };

function uniquePackages(offers: readonly RevisionEntry[]): CatalogPackage[] {
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
 * The packages with a Published revision that provides group/kind at `version` (`*`: any version; no
 * kind: any API of the group served by an APIService). A CRD of the kind is looked for first; when no
 * CRD of the catalog provides it, the APIService entries of its group (kinds unknown) are the offers.
 * Local CRDs are handled before the catalog is asked. With no candidate, says which filter emptied the list.
 */
export function candidatesFor(
  index: ApiIndex,
  group: string,
  version: string,
  kind: string | undefined,
): CandidateAnswer {
  const label = apiLabel(group, version, kind ?? '(any kind)');
  const inGroup = index.groupRevisions(group);
  const steps: CandidateStep[] = [{ rule: 'candidates', test: 'group', left: inGroup }];
  if (inGroup.length === 0)
    return { problem: 'unprovided', message: `no package of the catalog provides ${label}`, steps };
  const crdOffers = kind === undefined ? [] : index.kindOffers(group, kind);
  const offers = crdOffers.length > 0 ? crdOffers : index.apiServiceOffers(group);
  steps.push({ rule: 'candidates', test: crdOffers.length > 0 ? 'crd' : 'apiservice', left: offers });
  if (offers.length === 0) {
    const message = `no package of the catalog provides ${label} (the catalog has other kinds of this group, but not this one)`;
    return { problem: 'unprovided', message, steps };
  }
  const published = onlyPublished(offers, steps, label, 'provided');
  if (!Array.isArray(published)) return published;
  const serving = published.filter((offer) => version === '*' || offer.api.versions.includes(version));
  steps.push({ rule: 'candidates', test: 'version', left: serving });
  if (serving.length === 0) {
    return {
      problem: 'version',
      message: `${label} is provided, but not at version ${version}: ${servedVersions(published)}; change the resource's apiVersion to a served version or publish a revision that serves ${version}`,
      steps,
    };
  }
  return { packages: uniquePackages(serving), steps };
}

/** The step `published` of rule candidates: the Published entries, or the answer naming the others. */
function onlyPublished<T extends RevisionEntry>(
  entries: readonly T[],
  steps: CandidateStep[],
  label: string,
  verb: 'provided' | 'created',
): T[] | { problem: 'unpublished'; message: string; steps: CandidateStep[] } {
  const published = entries.filter((entry) => entry.revision.lifecycle === 'Published');
  steps.push({ rule: 'candidates', test: 'published', left: published });
  if (published.length > 0) return published;
  const drafts = entries.map(
    (entry) => `${packageKey(entry.pkg)} revision "${entry.revision.revision}" (${entry.revision.lifecycle})`,
  );
  return {
    problem: 'unpublished',
    message: `${label} is ${verb} only by revisions that are not Published: ${[...new Set(drafts)].join(', ')}; publish one of them`,
    steps,
  };
}

/**
 * docs/SPEC.md rule object-resolution: the packages with a Published revision that creates the object, through
 * the filters API candidates take: the revisions creating it, the Published ones.
 */
export function objectCandidates(index: ApiIndex, object: ObjectRef): CandidateAnswer {
  const offers = index.objectOffers(object);
  const label = objectKey(object);
  const steps: CandidateStep[] = [{ rule: 'candidates', test: 'object', left: offers }];
  if (offers.length === 0)
    return { problem: 'unprovided', message: `no package of the catalog creates ${label}`, steps };
  const published = onlyPublished(offers, steps, label, 'created');
  return Array.isArray(published) ? { packages: uniquePackages(published), steps } : published;
}
