import { packageKey } from '../catalog/index.js';
import type { ApiIndex, CatalogPackage, CatalogRevision } from '../catalog/index.js';
import { offersFor } from '../resolve/index.js';
import type { Preference, VersionNeed } from '../resolve/index.js';

/** One filter of the funnel and what is left after it. `revisions` is absent for package-level tie-breaks. */
export interface FunnelStep {
  label: string;
  packages: number;
  revisions?: number;
}

interface Entry {
  pkg: CatalogPackage;
  revision: CatalogRevision;
}

function step(label: string, entries: Entry[]): FunnelStep {
  return {
    label,
    revisions: new Set(entries.map((entry) => entry.revision)).size,
    packages: new Set(entries.map((entry) => packageKey(entry.pkg))).size,
  };
}

function groupName(group: string): string {
  return group === '' ? '"" (core)' : group;
}

/**
 * The filters of docs/SPEC.md rule candidates, in the order `candidatesFor` applies them, with what each one
 * leaves: every catalog revision, those providing the group, those offering the kind (a CRD of
 * the kind, or else an APIService of the group), the Published ones, those serving the version.
 * The last step counts the candidate packages.
 */
export function candidateFunnel(index: ApiIndex, need: VersionNeed): FunnelStep[] {
  const all = index.catalog.packages.flatMap((pkg) => pkg.revisions.map((revision) => ({ pkg, revision })));
  const inGroup = all.filter(({ revision }) => revision.provides.some((api) => api.group === need.group));
  const offers = offersFor(index, need.group, need.kind);
  const byCrd = need.kind !== undefined && index.kindOffers(need.group, need.kind).length > 0;
  const kindLabel =
    need.kind === undefined
      ? 'serving the group through an APIService (kinds unknown)'
      : byCrd
        ? `providing kind ${need.kind} (CRD)`
        : `providing kind ${need.kind} (no CRD does), or an APIService of the group`;
  const published = offers.filter((offer) => offer.revision.lifecycle === 'Published');
  const serving = published.filter((offer) => need.version === '*' || offer.api.versions.includes(need.version));
  return [
    step('all catalog revisions', all),
    step(`providing group ${groupName(need.group)}`, inGroup),
    step(kindLabel, offers),
    step('Published', published),
    step(
      need.version === '*' ? 'serving any version (only an RBAC rule names it)' : `serving version ${need.version}`,
      serving,
    ),
  ];
}

/**
 * The tie-breaks of docs/SPEC.md rule tie-breaks over several candidates, each with the number of candidates
 * it leaves; one of them settles the choice when it leaves exactly one package.
 * `chosenElsewhere` holds the keys of packages chosen, as the only candidate, for another API
 * of the same package.
 */
export function tieBreakFunnel(
  index: ApiIndex,
  need: VersionNeed,
  candidates: CatalogPackage[],
  options: { target?: string; preferences: Preference[] },
  chosenElsewhere: ReadonlySet<string>,
): FunnelStep[] {
  const { target } = options;
  const installed =
    target === undefined ? [] : candidates.filter((pkg) => index.installedOn(target, pkg) !== undefined);
  const preferred = candidates.filter((pkg) =>
    options.preferences.some(
      (pref) =>
        pref.group === need.group &&
        (pref.kind === undefined || pref.kind === need.kind) &&
        packageKey(pref) === packageKey(pkg),
    ),
  );
  return [
    {
      label: target === undefined ? 'installed on the target (no --target given)' : `installed on ${target}`,
      packages: installed.length,
    },
    { label: 'named by a preference', packages: preferred.length },
    {
      label: 'already chosen for another API of the package',
      packages: candidates.filter((pkg) => chosenElsewhere.has(packageKey(pkg))).length,
    },
  ];
}
