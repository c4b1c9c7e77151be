import { HEAD_REVISION, normaliseDirectory } from '../catalog-build/index.js';
import { packageKey, samePackage, sameRevision } from '../catalog/index.js';
import type { CatalogPackage, InstalledEntry } from '../catalog/index.js';
import { byCodePoint } from '../krm/index.js';
import {
  isNewer,
  normaliseRepoUrl,
  repositoryBranch,
  repositoryDirectory,
  revisionLabel,
  revisionOf,
} from './porch-objects.js';
import type { PackageRevision, PorchRepository } from './porch-objects.js';

/**
 * The `installed` entries of deployment repositories: each deployment repository is a target
 * of its own name; each of its packages is installed at the newest Published (or
 * DeletionProposed) revision, and that revision's upstream lock (`status.upstreamLock.git`:
 * repo, directory, ref) names the catalog package and revision it was cloned from.
 */

const DEPLOYED: ReadonlySet<string> = new Set(['Published', 'DeletionProposed']);
const TAG = /(?:^|\/)(v?(?:0|[1-9][0-9]*))$/;

interface Upstream {
  repository: string;
  package: string;
  revision: string;
}

/** The catalog repository, package and revision an upstream lock points at; a string says why none. */
function upstreamOf(pr: PackageRevision, blueprints: PorchRepository[], packages: CatalogPackage[]): Upstream | string {
  const lock = pr.status?.upstreamLock?.git;
  if (lock?.repo === undefined || lock.ref === undefined)
    return 'it has no status.upstreamLock.git (not cloned from a catalog package)';
  const url = normaliseRepoUrl(lock.repo);
  const directory = normaliseDirectory(lock.directory ?? '') ?? '';
  const owners = blueprints
    .filter((repo) => normaliseRepoUrl(repo.spec?.git?.repo ?? '') === url)
    .map((repo) => ({ repo, dir: repositoryDirectory(repo) }))
    .filter(({ dir }) => dir === '' || directory.startsWith(`${dir}/`))
    .sort((a, b) => b.dir.length - a.dir.length);
  const [owner] = owners;
  if (owner === undefined)
    return `its upstream ${lock.repo} directory "${lock.directory ?? ''}" is in no blueprint Repository`;
  const repository = owner.repo.metadata?.name ?? '';
  const pkg = owner.dir === '' ? directory : directory.slice(owner.dir.length + 1);
  const known = packages.find((entry) => samePackage(entry, { repository, package: pkg }));
  const branch = owner.repo.spec?.git?.branch ?? HEAD_REVISION;
  if (lock.ref === branch || lock.ref === `refs/heads/${branch}`)
    return { repository, package: pkg, revision: HEAD_REVISION };
  const tag = TAG.exec(lock.ref);
  if (tag === null)
    return `its upstream lock ref "${lock.ref}" is no revision tag (<package>/v<N>) nor the branch ${branch}`;
  const number = tag[1] ?? '';
  const revision =
    known?.revisions.find((entry) => sameRevision(entry.revision, number))?.revision ?? number.replace(/^v/, '');
  return { repository, package: pkg, revision };
}

/** What the installed entries are read against. */
export interface InstalledSources {
  /** The git Repositories read, blueprint and deployment ones. */
  repositories: PorchRepository[];
  /** The PackageRevisions of the blueprint Repositories. */
  blueprintRevisions: PackageRevision[];
  /** The catalog's packages. */
  packages: CatalogPackage[];
}

/**
 * The installed entries of the package revisions of deployment repositories `deployed`,
 * target = repository name, sorted; `warn` gets each package left out and why.
 */
export function installedEntries(
  deployed: PackageRevision[],
  sources: InstalledSources,
  warn: (message: string) => void,
): InstalledEntry[] {
  const byName = new Map(sources.repositories.map((repo) => [repo.metadata?.name ?? '', repo]));
  const nameOf = (pr: PackageRevision) => {
    const revision = revisionOf(pr, repositoryBranch(byName.get(pr.spec?.repository ?? '')));
    return typeof revision === 'string' ? '' : revision.name;
  };
  const newest = new Map<string, { pr: PackageRevision; name: string }>();
  for (const pr of deployed) {
    if (!DEPLOYED.has(pr.spec?.lifecycle ?? '')) continue;
    const key = JSON.stringify([pr.spec?.repository ?? '', pr.spec?.packageName ?? '']);
    const current = newest.get(key);
    const name = nameOf(pr);
    if (current === undefined || isNewer(name, current.name)) newest.set(key, { pr, name });
  }
  const blueprints = sources.repositories.filter((repo) => repo.spec?.deployment !== true);
  const entries: InstalledEntry[] = [];
  for (const { pr } of newest.values()) {
    const upstream = upstreamOf(pr, blueprints, sources.packages);
    if (typeof upstream === 'string') {
      const where = `${pr.spec?.repository ?? ''}/${pr.spec?.packageName ?? ''}`;
      warn(`${revisionLabel(pr)} (${where}): ${upstream}; it is left out of installed`);
      continue;
    }
    entries.push({ target: pr.spec?.repository ?? '', ...upstream });
  }
  return entries.sort((a, b) => byCodePoint(a.target, b.target) || byCodePoint(packageKey(a), packageKey(b)));
}
