import { byCodePoint, hasErrors, isResourceFile, readFiles } from '../krm/index.js';
import type { Result } from '../krm/index.js';
import { HEAD_REVISION, findPackages, normaliseDirectory } from '../catalog-build/index.js';
import type { PackageSource } from '../catalog-build/index.js';
import { checkRevisions, compareRevisions, revisionForm } from '../catalog/index.js';
import type { Lifecycle } from '../catalog/index.js';
import { objectOf } from './shape.js';
import type { Shape } from './shape.js';

/**
 * Porch objects as the API server returns them (porch.kpt.dev/v1alpha1 PackageRevision and
 * PackageRevisionResources, config.porch.kpt.dev/v1alpha1 Repository), only the fields read,
 * with the shapes the answers are checked against, and what they become: catalog package
 * revisions for build-catalog's code.
 */

const METADATA: Shape = objectOf({ name: 'string' });

export interface PorchRepository {
  metadata?: { name?: string };
  spec?: { type?: string; deployment?: boolean; git?: { repo?: string; branch?: string; directory?: string } };
}

export const REPOSITORY_SHAPE: Shape = objectOf({
  metadata: METADATA,
  spec: objectOf({
    type: 'string',
    deployment: 'boolean',
    git: objectOf({ repo: 'string', branch: 'string', directory: 'string' }),
  }),
});

export interface PackageRevision {
  metadata?: { name?: string };
  spec?: {
    packageName?: string;
    repository?: string;
    revision?: number | string;
    workspaceName?: string;
    lifecycle?: string;
  };
  status?: { upstreamLock?: Lock; selfLock?: Lock };
}

/** A Porch Locator: where a package revision's files are in git (the commit a ref pointed at). */
export interface Lock {
  git?: { repo?: string; directory?: string; ref?: string; commit?: string };
}

const LOCK_SHAPE: Shape = objectOf({
  git: objectOf({ repo: 'string', directory: 'string', ref: 'string', commit: 'string' }),
});

export const PACKAGE_REVISION_SHAPE: Shape = objectOf({
  metadata: METADATA,
  spec: objectOf({
    packageName: 'string',
    repository: 'string',
    revision: 'number or string',
    workspaceName: 'string',
    lifecycle: 'string',
  }),
  status: objectOf({ upstreamLock: LOCK_SHAPE, selfLock: LOCK_SHAPE }),
});

export interface PackageRevisionResources {
  spec?: { resources?: Record<string, string> };
}

export const PACKAGE_REVISION_RESOURCES_SHAPE: Shape = objectOf({ spec: objectOf({ resources: 'map of strings' }) });

/** The branch of a Repository that does not name one (the default of Porch's Repository CRD). */
const DEFAULT_BRANCH = 'main';

const LIFECYCLES: ReadonlySet<string> = new Set(['Draft', 'Proposed', 'Published', 'DeletionProposed']);

/** The branch a Repository's placeholder revision follows: `spec.git.branch`, `main` when unset (Porch's default). */
export function repositoryBranch(repository: PorchRepository | undefined): string {
  const branch = repository?.spec?.git?.branch;
  return branch === undefined || branch === '' ? DEFAULT_BRANCH : branch;
}

/**
 * The catalog revision name of a PackageRevision of a Repository on `branch` (docs/SPEC.md rule
 * from-cluster), or why it has none: Porch's integer (`3`); `-1` with the branch as workspaceName
 * (or none, as older Porch releases wrote), the placeholder: `main`; another `-1`, a revision Porch
 * found from a git tag it cannot number (`<package>/v2.0.0`): its workspaceName, which is the tag's
 * name, when that is a semantic version; the string of older Porch releases (`v3`, `main`). None for
 * a revision not numbered yet (`0` or empty: drafts and proposals of current Porch).
 */
export function revisionOf(pr: PackageRevision, branch: string): { name: string } | string {
  const { revision, workspaceName = '', lifecycle = 'unknown' } = pr.spec ?? {};
  if (revision === -1 && (workspaceName === '' || workspaceName === branch)) return { name: HEAD_REVISION };
  if (revision === -1) {
    if (revisionForm(workspaceName) === 'semver') return { name: workspaceName };
    return (
      `its revision -1 with workspaceName "${workspaceName}" is not the placeholder (the head of branch ${branch}) ` +
      "and its name is no semantic version, which the catalog's revision order needs"
    );
  }
  if (typeof revision === 'number' && revision > 0) return { name: String(revision) };
  if (typeof revision === 'string' && revision !== '' && revision !== '0') return { name: revision };
  return `it has no revision yet (lifecycle ${lifecycle})`;
}

export function revisionLabel(pr: PackageRevision): string {
  return `PackageRevision ${pr.metadata?.name ?? '(unnamed)'}`;
}

/**
 * The catalog package revision `revision` (see {@link revisionOf}) of a PackageRevision and its
 * resources (files at paths `<package>/<file>`, as on disk at the repository root), with its
 * workspaceName and lifecycle; a string says why there is none. `report` gets the results of
 * reading the files (docs/SPEC.md rule malformed-files).
 */
export function catalogSource(
  pr: PackageRevision,
  revision: string,
  resources: PackageRevisionResources,
  report: (result: Result) => void,
): PackageSource | string {
  const spec = pr.spec ?? {};
  const pkg = spec.packageName ?? '';
  const repository = spec.repository ?? '';
  if (pkg === '' || repository === '') return 'it has no spec.packageName or spec.repository';
  const files = resources.spec?.resources ?? {};
  const read = Object.keys(files)
    .filter(isResourceFile)
    .sort(byCodePoint)
    .map((file) => ({ path: `${pkg}/${file}`, text: files[file] ?? '' }));
  const { items, unread } = readFiles(read);
  const workspaceName = spec.workspaceName === undefined || spec.workspaceName === '' ? undefined : spec.workspaceName;
  const entry = {
    name: repository,
    directory: '',
    revision,
    ...(workspaceName === undefined ? {} : { workspaceName }),
  };
  const found = findPackages(items, [entry], unread);
  for (const result of found.results) report({ ...result, message: `${revisionLabel(pr)}: ${result.message}` });
  const source = found.sources.find((candidate) => candidate.dir === pkg);
  if (source === undefined) {
    if (hasErrors(found.results)) return 'its Kptfile cannot be read';
    return 'its resources have no Kptfile at the package root';
  }
  const lifecycle = spec.lifecycle;
  return lifecycle !== undefined && LIFECYCLES.has(lifecycle)
    ? { ...source, lifecycle: lifecycle as Lifecycle }
    : source;
}

/** A git URL without scheme noise: no trailing `/` or `.git`, lower-case host part kept as written. */
export function normaliseRepoUrl(url: string): string {
  return url
    .trim()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
}

/**
 * Whether catalog revision name `a` is newer than `b` in the catalog's order (docs/SPEC.md rule
 * revision-order); a name of no accepted form ranks below every other.
 */
export function isNewer(a: string, b: string): boolean {
  if (checkRevisions([a]) !== undefined) return false;
  if (checkRevisions([b]) !== undefined) return true;
  return compareRevisions(a, b) > 0;
}

/** The blueprint repository directory a Repository's packages live under, normalised (`''`: its root). */
export function repositoryDirectory(repository: PorchRepository): string {
  return normaliseDirectory(repository.spec?.git?.directory ?? '') ?? '';
}
