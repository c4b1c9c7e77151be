import { objectKey, sameObject } from '../catalog/index.js';
import type { ApiIndex } from '../catalog/index.js';
import type { CatalogPackage, CatalogRevision, ObjectRef, ProvidedApi } from '../catalog/index.js';

/**
 * An API version a dependency package must serve. `version` is `*` where only an RBAC rule
 * names the API; `kind` is absent where the API is served by an APIService (kinds unknown).
 */
export interface VersionNeed {
  group: string;
  kind?: string;
  version: string;
}

/** A named object a dependency package must create (docs/SPEC.md rule object-references). */
export interface ObjectNeed {
  object: ObjectRef;
}

/** What a dependency package must give: an API at a version, or a named object. */
export type Requirement = VersionNeed | ObjectNeed;

export function isObjectNeed(need: Requirement): need is ObjectNeed {
  return 'object' in need;
}

/** The requirements of a revision's own `requires` and `requiresObjects`, in that order. */
export function revisionRequirements(revision: CatalogRevision): Requirement[] {
  return [
    ...revision.requires.map((api) => ({ group: api.group, version: api.version, kind: api.kind })),
    ...revision.requiresObjects.map((object) => ({ object })),
  ];
}

/**
 * A revision docs/SPEC.md rule revision-choice looked at, newest first: skipped as not Published, skipped for
 * the needed versions it does not serve (`missing`), or chosen.
 */
export type RevisionStep =
  | { revision: CatalogRevision; verdict: 'unpublished' }
  | { revision: CatalogRevision; verdict: 'unserved'; missing: Requirement[] }
  | { revision: CatalogRevision; verdict: 'chosen' };

/**
 * Why no revision could be chosen: the installed revision is not in the catalog (`installed-unlisted`) or
 * misses a needed version (`installed-unserved`), no revision is Published, or no Published one serves
 * every needed version.
 */
export type RevisionProblem = 'installed-unlisted' | 'installed-unserved' | 'unpublished' | 'unserved';

/**
 * What rule revision-choice decided, with the revisions it looked at newest first (`steps`): down to the
 * chosen one for the latest, every revision when none serves, none when the package is installed.
 */
export type RevisionChoice =
  | { revision: CatalogRevision; reason: 'installed' | 'latest'; steps: RevisionStep[] }
  | { error: string; problem: RevisionProblem; steps: RevisionStep[] };

/** The revision a choice settled on; undefined for an error or no choice. */
export function chosenRevision(choice: RevisionChoice | undefined): CatalogRevision | undefined {
  return choice !== undefined && 'revision' in choice ? choice.revision : undefined;
}

/** `<group>/<version>/<Kind>`, or the object's key: needs with the same key are the same need. */
export function needKey(need: Requirement): string {
  return isObjectNeed(need) ? objectKey(need.object) : `${need.group}/${need.version}/${need.kind ?? ''}`;
}

/** The needs without repeats, in the order they first appear. */
export function uniqueNeeds<T extends Requirement>(needs: readonly T[]): T[] {
  return [...new Map(needs.map((need) => [needKey(need), need])).values()];
}

function apiServes(api: ProvidedApi, need: VersionNeed): boolean {
  if (api.group !== need.group) return false;
  const kindMatches = need.kind === undefined || api.source === 'APIService' || api.kind === need.kind;
  return kindMatches && (need.version === '*' || api.versions.includes(need.version));
}

/** Whether a revision serves one need: provides the API at the version, or creates the object. */
export function serves(revision: CatalogRevision, need: Requirement): boolean {
  if (isObjectNeed(need)) return revision.objects.some((object) => sameObject(object, need.object));
  return revision.provides.some((api) => apiServes(api, need));
}

function needLabel(need: Requirement): string {
  return isObjectNeed(need) ? objectKey(need.object) : `${need.group}/${need.version} ${need.kind ?? ''}`.trim();
}

/**
 * What revision choice asks of a revision for `needs`, in messages: serving every needed version (APIs), creating
 * every needed object (named objects), or both; `tense` `serves` for a verdict, `serving` after "revision".
 */
export function everyNeed(needs: readonly Requirement[], tense: 'serves' | 'serving'): string {
  const objects = needs.some(isObjectNeed);
  const apis = !objects || needs.some((need) => !isObjectNeed(need));
  const serve = `${tense === 'serves' ? 'serves' : 'serving'} every needed version`;
  const create = `${tense === 'serves' ? 'creates' : 'creating'} every needed object`;
  return apis && objects ? `${serve} and ${create}` : objects ? create : serve;
}

/** What a revision misses of the needs, in messages: `does not serve <APIs>`, `does not create <objects>`, or both. */
export function missingText(missing: readonly Requirement[], label: (need: Requirement) => string = needLabel): string {
  const apis = missing.filter((need) => !isObjectNeed(need)).map(label);
  const objects = missing.filter(isObjectNeed).map(label);
  const parts = [
    ...(apis.length > 0 ? [`does not serve ${apis.join(', ')}`] : []),
    ...(objects.length > 0 ? [`does not create ${objects.join(', ')}`] : []),
  ];
  return parts.join(' and ');
}

/** The revisions newest first, each with its verdict, down to the latest Published one that serves every need. */
function latestSteps(newest: readonly CatalogRevision[], needs: readonly Requirement[]): RevisionStep[] {
  const steps: RevisionStep[] = [];
  for (const revision of newest) {
    if (revision.lifecycle !== 'Published') {
      steps.push({ revision, verdict: 'unpublished' });
      continue;
    }
    const missing = needs.filter((need) => !serves(revision, need));
    if (missing.length === 0) {
      steps.push({ revision, verdict: 'chosen' });
      break;
    }
    steps.push({ revision, verdict: 'unserved', missing });
  }
  return steps;
}

/**
 * docs/SPEC.md rule revision-choice: the installed revision when the package is installed on the
 * target (an error naming the revision to upgrade to when it misses a needed version),
 * otherwise the latest Published revision that serves every needed version.
 */
export function chooseRevision(
  index: ApiIndex,
  pkg: CatalogPackage,
  needs: Requirement[],
  target: string | undefined,
): RevisionChoice {
  const name = `${pkg.repository}/${pkg.package}`;
  const steps = latestSteps(index.revisionsNewestFirst(pkg), needs);
  const last = steps.at(-1);
  const latest = last?.verdict === 'chosen' ? last.revision : undefined;
  const installed = target === undefined ? undefined : index.installedOn(target, pkg);
  if (installed !== undefined) {
    const revision = index.revision(pkg, installed.revision);
    if (revision === undefined) {
      return {
        error: `${name} is installed on ${target} at revision "${installed.revision}", which the catalog does not list; add that revision to the catalog or fix the installed entry`,
        problem: 'installed-unlisted',
        steps: [],
      };
    }
    const missing = needs.filter((need) => !serves(revision, need));
    if (missing.length === 0) return { revision, reason: 'installed', steps: [] };
    const fix =
      latest === undefined
        ? 'no Published revision serves all of them'
        : `upgrade ${name} on ${target} to revision "${latest.revision}", which serves them`;
    return {
      error: `${name} revision "${installed.revision}" installed on ${target} ${missingText(missing)}; ${fix}`,
      problem: 'installed-unserved',
      steps: [],
    };
  }
  if (latest !== undefined) return { revision: latest, reason: 'latest', steps };
  // With no needs (a package reached through dependsOn alone) any Published revision would do.
  if (needs.length === 0) {
    const error = `no revision of ${name} can be installed: it has no Published revision; publish one`;
    return { error, problem: 'unpublished', steps };
  }
  const published = steps.flatMap((step) => (step.verdict === 'unserved' ? [step.revision] : []));
  const detail =
    published.length === 0
      ? 'it has no Published revision'
      : `its Published revisions ${published.map((rev) => `"${rev.revision}"`).join(', ')} each miss one of them`;
  return {
    error: `no revision of ${name} serves all of ${needs.map(needLabel).join(', ')}: ${detail}; publish a revision that serves them or split the package's needs`,
    problem: published.length === 0 ? 'unpublished' : 'unserved',
    steps,
  };
}
