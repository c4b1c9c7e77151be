import { HEAD_REVISION, normaliseDirectory } from '../catalog-build/index.js';
import { packageKey, revisionForm, samePackage, sameRevision } from '../catalog/index.js';
import type { CatalogPackage, CatalogRevision, InstalledEntry } from '../catalog/index.js';
import { byCodePoint } from '../krm/index.js';
import { isNewer, normaliseRepoUrl, repositoryBranch, repositoryDirectory, revisionLabel } from './porch-objects.js';
import { revisionOf } from './porch-objects.js';
import type { PackageRevision, PorchRepository } from './porch-objects.js';

/**
 * The `installed` entries of deployment repositories (docs/SPEC.md rule from-cluster): each
 * deployment repository is a target of its own name; each of its packages is installed at the
 * newest Published (or DeletionProposed) revision, and that revision's upstream lock
 * (`status.upstreamLock.git`: repo, directory, ref, commit) names the catalog package and
 * revision it was cloned from.
 */

const DEPLOYED: ReadonlySet<string> = new Set(['Published', 'DeletionProposed']);
/** The branches of revisions not published: `drafts/<path>/<workspace>`, likewise `proposed/`, `deletionProposed/`. */
const UNPUBLISHED = /^(?:drafts|proposed|deletionProposed)\/(.+)\/([^/]+)$/;
/** A commit, abbreviated or whole. */
const COMMIT = /^[0-9a-f]{7,40}$/i;

/** What the installed entries are read against. */
export interface InstalledSources {
  /** The git Repositories read, blueprint and deployment ones. */
  repositories: PorchRepository[];
  /** The PackageRevisions of the blueprint Repositories (their `status.selfLock` says which commit each is at). */
  blueprintRevisions: PackageRevision[];
  /** The catalog's packages. */
  packages: CatalogPackage[];
}

interface Upstream {
  repository: string;
  package: string;
  revision: string;
}

/** A reading of a lock's directory: a package of a blueprint Repository. */
interface Candidate {
  repo: PorchRepository;
  repository: string;
  package: string;
  /** The package's path from the top of the git repository. */
  path: string;
  /** Whether the lock's directory is read as that path (else as the path inside the Repository's directory). */
  fromTop: boolean;
}

/** What a lock's ref names: a path (the package's, from the top of the repository) when it has one, and a name. */
interface Ref {
  text: string;
  path?: string;
  name: string;
  /** A branch of a revision not published yet (`drafts/...`): `name` is its workspaceName. */
  unpublished: boolean;
}

function readRef(ref: string): Ref {
  const text = ref.replace(/^refs\/(?:heads|tags)\//, '');
  const unpublished = UNPUBLISHED.exec(text);
  if (unpublished !== null) return { text, path: unpublished[1], name: unpublished[2] ?? '', unpublished: true };
  const slash = text.lastIndexOf('/');
  if (slash < 0) return { text, name: text, unpublished: false };
  return { text, path: text.slice(0, slash), name: text.slice(slash + 1), unpublished: false };
}

function join(dir: string, path: string): string {
  return dir === '' ? path : `${dir}/${path}`;
}

/**
 * The blueprint packages a lock's directory can name, preferred first: the package path from the
 * top of the git repository (what `kpt pkg get` writes; a leading `/` says it is only that) or
 * inside the Repository's directory (what Porch writes, its `GetLock`), of every Repository of the
 * lock's git URL. Preferred: the one whose path the ref names, then one the catalog lists, then a
 * path from the top in the Repository with the longer directory, then a path inside one.
 */
function candidates(directory: string, url: string, ref: Ref, sources: InstalledSources): Candidate[] {
  const onlyFromTop = directory.startsWith('/');
  const dir = normaliseDirectory(directory) ?? '';
  const found: Candidate[] = [];
  for (const repo of sources.repositories) {
    if (repo.spec?.deployment === true || normaliseRepoUrl(repo.spec?.git?.repo ?? '') !== url) continue;
    const root = repositoryDirectory(repo);
    const repository = repo.metadata?.name ?? '';
    const add = (pkg: string, fromTop: boolean) => {
      if (pkg !== '') found.push({ repo, repository, package: pkg, path: join(root, pkg), fromTop });
    };
    if (root === '' || dir.startsWith(`${root}/`)) add(root === '' ? dir : dir.slice(root.length + 1), true);
    if (root !== '' && !onlyFromTop) add(dir, false);
  }
  const known = (candidate: Candidate) => sources.packages.some((pkg) => samePackage(pkg, candidate));
  const score = (candidate: Candidate) => [
    candidate.path === ref.path ? 1 : 0,
    known(candidate) ? 1 : 0,
    candidate.fromTop ? 1 : 0,
    repositoryDirectory(candidate.repo).length,
  ];
  const order = (a: Candidate, b: Candidate) => {
    const [x, y] = [score(a), score(b)];
    return x.reduce((first, value, i) => first || (y[i] ?? 0) - value, 0);
  };
  return found.sort(order);
}

/**
 * The catalog revision the PackageRevisions of `candidate` at commit `commit` (their
 * `status.selfLock.git.commit`, which may be abbreviated in the ref) are: the newest, the
 * placeholder only when no other is at that commit.
 */
function revisionAtCommit(commit: string, candidate: Candidate, sources: InstalledSources): string | undefined {
  const branch = repositoryBranch(candidate.repo);
  let newest: string | undefined;
  for (const pr of sources.blueprintRevisions) {
    const at = pr.status?.selfLock?.git?.commit ?? '';
    if (pr.spec?.repository !== candidate.repository || pr.spec.packageName !== candidate.package) continue;
    if (at === '' || !at.toLowerCase().startsWith(commit.toLowerCase())) continue;
    const revision = revisionOf(pr, branch);
    if (typeof revision === 'string') continue;
    if (newest === undefined || isNewer(revision.name, newest)) newest = revision.name;
  }
  return newest;
}

/** The catalog revision `ref` names for `candidate`, or why there is none. */
function revisionOfRef(ref: Ref, candidate: Candidate, sources: InstalledSources): { revision: string } | string {
  const revisions: CatalogRevision[] = sources.packages.find((pkg) => samePackage(pkg, candidate))?.revisions ?? [];
  const label = `${candidate.repository}/${candidate.package}`;
  const branch = repositoryBranch(candidate.repo);
  if (ref.text === branch) return { revision: HEAD_REVISION };
  const byWorkspace = revisions.find((rev) => rev.workspaceName === ref.name)?.revision;
  if (ref.unpublished) {
    if (byWorkspace !== undefined) return { revision: byWorkspace };
    return (
      `its upstream lock ref "${ref.text}" is the branch of a revision not published yet (workspace ` +
      `${ref.name}), and the catalog lists no revision of ${label} with workspaceName ${ref.name} ` +
      '(it is listed once approved)'
    );
  }
  // A ref `main` that is not the branch is no placeholder.
  const byName =
    revisionForm(ref.name) === 'main'
      ? undefined
      : revisions.find((rev) => sameRevision(rev.revision, ref.name))?.revision;
  const listed = byName ?? byWorkspace;
  if (listed !== undefined) return { revision: listed };
  if (ref.path === undefined && COMMIT.test(ref.name)) {
    const atCommit = revisionAtCommit(ref.name, candidate, sources);
    if (atCommit !== undefined) {
      return { revision: revisions.find((rev) => sameRevision(rev.revision, atCommit))?.revision ?? atCommit };
    }
  }
  const form = revisionForm(ref.name);
  if (form === 'number') return { revision: ref.name.replace(/^v/, '') };
  if (form === 'semver') return { revision: ref.name };
  if (ref.path === undefined && COMMIT.test(ref.name)) {
    return `its upstream lock ref "${ref.text}" is a commit at which no PackageRevision of ${label} is (status.selfLock.git.commit)`;
  }
  return (
    `its upstream lock ref "${ref.text}" names no revision of ${label} (a tag <package>/v<N> or ` +
    `<package>/<semantic version>, the branch ${branch}, a drafts/ branch, or a commit of one)`
  );
}

/** The catalog repository, package and revision an upstream lock points at; a string says why none. */
function upstreamOf(pr: PackageRevision, sources: InstalledSources): Upstream | string {
  const lock = pr.status?.upstreamLock?.git;
  if (lock?.repo === undefined || lock.ref === undefined) {
    return 'it has no status.upstreamLock.git (not cloned from a catalog package)';
  }
  const ref = readRef(lock.ref);
  const [candidate] = candidates(lock.directory ?? '', normaliseRepoUrl(lock.repo), ref, sources);
  if (candidate === undefined) {
    return `its upstream ${lock.repo} directory "${lock.directory ?? ''}" is in no blueprint Repository`;
  }
  const revision = revisionOfRef(ref, candidate, sources);
  if (typeof revision === 'string') return revision;
  return { repository: candidate.repository, package: candidate.package, revision: revision.revision };
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
  const entries: InstalledEntry[] = [];
  for (const { pr } of newest.values()) {
    const upstream = upstreamOf(pr, sources);
    if (typeof upstream === 'string') {
      const where = `${pr.spec?.repository ?? ''}/${pr.spec?.packageName ?? ''}`;
      warn(`${revisionLabel(pr)} (${where}): ${upstream}; it is left out of installed`);
      continue;
    }
    entries.push({ target: pr.spec?.repository ?? '', ...upstream });
  }
  return entries.sort((a, b) => byCodePoint(a.target, b.target) || byCodePoint(packageKey(a), packageKey(b)));
}
