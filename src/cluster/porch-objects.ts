import { byCodePoint, hasErrors, isResourceFile, readFiles } from '../krm/index.js';
import type { Result } from '../krm/index.js';
import { HEAD_REVISION, findPackages, normaliseDirectory } from '../catalog-build/index.js';
import type { PackageSource } from '../catalog-build/index.js';
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
  spec?: { deployment?: boolean; git?: { repo?: string; branch?: string; directory?: string } };
}

export const REPOSITORY_SHAPE: Shape = objectOf({
  metadata: METADATA,
  spec: objectOf({ deployment: 'boolean', git: objectOf({ repo: 'string', branch: 'string', directory: 'string' }) }),
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
  status?: { upstreamLock?: { git?: { repo?: string; directory?: string; ref?: string } } };
}

export const PACKAGE_REVISION_SHAPE: Shape = objectOf({
  metadata: METADATA,
  spec: objectOf({
    packageName: 'string',
    repository: 'string',
    revision: 'number or string',
    workspaceName: 'string',
    lifecycle: 'string',
  }),
  status: objectOf({
    upstreamLock: objectOf({ git: objectOf({ repo: 'string', directory: 'string', ref: 'string' }) }),
  }),
});

export interface PackageRevisionResources {
  spec?: { resources?: Record<string, string> };
}

export const PACKAGE_REVISION_RESOURCES_SHAPE: Shape = objectOf({ spec: objectOf({ resources: 'map of strings' }) });

const LIFECYCLES: ReadonlySet<string> = new Set(['Draft', 'Proposed', 'Published', 'DeletionProposed']);

/**
 * The catalog revision name of `spec.revision`: Porch's integer (`3`), `-1` for the branch head
 * placeholder (`main`), or the string of older Porch releases (`v3`, `main`). Undefined for a
 * revision not numbered yet (`0` or empty: drafts and proposals of current Porch).
 */
export function revisionName(revision: unknown): string | undefined {
  if (typeof revision === 'number')
    return revision > 0 ? String(revision) : revision === -1 ? HEAD_REVISION : undefined;
  return typeof revision === 'string' && revision !== '' && revision !== '0' ? revision : undefined;
}

export function revisionLabel(pr: PackageRevision): string {
  return `PackageRevision ${pr.metadata?.name ?? '(unnamed)'}`;
}

/**
 * The catalog package revision of a PackageRevision and its resources (files at paths
 * `<package>/<file>`, as on disk at the repository root), with its revision, workspaceName and
 * lifecycle; a string says why there is none. `report` gets the results of reading the files
 * (docs/SPEC.md rule malformed-files).
 */
export function catalogSource(
  pr: PackageRevision,
  resources: PackageRevisionResources,
  report: (result: Result) => void,
): PackageSource | string {
  const spec = pr.spec ?? {};
  const pkg = spec.packageName ?? '';
  const repository = spec.repository ?? '';
  const revision = revisionName(spec.revision);
  if (pkg === '' || repository === '') return 'it has no spec.packageName or spec.repository';
  if (revision === undefined) return `it has no revision yet (lifecycle ${spec.lifecycle ?? 'unknown'})`;
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

/** Whether `pr` is newer than `other` of the same package: higher revision number, `main` lowest. */
export function isNewer(pr: PackageRevision, other: PackageRevision): boolean {
  const rank = (revision: PackageRevision) => {
    const name = revisionName(revision.spec?.revision);
    const number = /^v?([0-9]+)$/.exec(name ?? '');
    return number === null ? -1 : Number(number[1]);
  };
  return rank(pr) > rank(other);
}

/** The blueprint repository directory a Repository's packages live under, normalised (`''`: its root). */
export function repositoryDirectory(repository: PorchRepository): string {
  return normaliseDirectory(repository.spec?.git?.directory ?? '') ?? '';
}
