import { buildPackages, compactSource } from '../catalog-build/index.js';
import type { PackageSource } from '../catalog-build/index.js';
import { objectKey, packageKey, platformEntryText } from '../catalog/index.js';
import type { Catalog, CatalogPackage, InstalledEntry, ObjectRef, PlatformEntry } from '../catalog/index.js';
import { makeResult } from '../krm/index.js';
import type { Result } from '../krm/index.js';
import type { Preference } from '../resolve/index.js';
import { ClusterError, NotFoundError, describeRequest, unexpectedAnswer } from './client.js';
import type { Cluster, ServedResource } from './client.js';
import { installedEntries } from './installed.js';
import { mergeInstalled, mergePlatform, mergePlatformObjects } from './output.js';
import { groupsToInspect, platformEntries, providedKinds } from './platform.js';
import { catalogSource, repositoryBranch, revisionLabel, revisionOf } from './porch-objects.js';
import { PACKAGE_REVISION_RESOURCES_SHAPE, PACKAGE_REVISION_SHAPE, REPOSITORY_SHAPE } from './porch-objects.js';
import type { PackageRevision, PackageRevisionResources, PorchRepository } from './porch-objects.js';
import type { Shape } from './shape.js';

/**
 * `pkgdeps catalog from-cluster`: the catalog of what a Porch cluster holds, read with get and
 * list only. Blueprint repositories (`deployment: false`) give the packages, through
 * build-catalog's code; deployment repositories give `installed`; API discovery gives
 * `platform`.
 */

export const PORCH_GROUP = 'porch.kpt.dev';
export const PORCH_CONFIG_GROUP = 'config.porch.kpt.dev';
const VERSION = 'v1alpha1';

export interface DiscoverOptions {
  namespace: string;
  /** Only this deployment repository's packages are `installed`, as target NAME. */
  target?: string;
  chunkSize: number;
  /** PackageRevisionResources requests in flight at most. */
  concurrency: number;
  preferences: Preference[];
  /** The catalog being updated (-o FILE), if any. */
  existing?: Catalog;
  name: string;
  progress: Progress;
}

/** Where a long read reports how far it is. */
export interface Progress {
  /** A line saying what is being done. */
  line(message: string): void;
  /** Progress of a count: `done` of `total` (`message` says of what). */
  step(message: string, done: number, total: number): void;
}

/** The catalog's content after the update: the existing catalog's entries merged with what was read. */
export interface Discovered {
  /** Undefined when the catalog cannot be written (error results say why). */
  packages?: CatalogPackage[];
  installed: InstalledEntry[];
  platform: PlatformEntry[];
  /** The object entries of `platform` (docs/SPEC.md rule platform-objects), kept from the catalog being updated. */
  platformObjects: ObjectRef[];
  results: Result[];
}

/** Every entry of the list, page by page; a continue token given twice is an error (the list would never end). */
async function listAll<T>(cluster: Cluster, group: string, resource: string, item: Shape, options: DiscoverOptions) {
  const items: unknown[] = [];
  const given = new Set<string>();
  let from: string | undefined;
  do {
    const call = { group, version: VERSION, resource, namespace: options.namespace, limit: options.chunkSize };
    const page = await cluster.list(from === undefined ? call : { ...call, from }, item);
    items.push(...page.items);
    from = page.continue;
    if (from !== undefined && given.has(from)) {
      const what = describeRequest({ verb: 'list', group, resource, namespace: options.namespace });
      const problem = `metadata.continue "${from}" was given before (the list would never end)`;
      throw unexpectedAnswer(what, cluster.server, problem);
    }
    if (from !== undefined) given.add(from);
    if (from !== undefined || items.length > options.chunkSize) {
      options.progress.line(
        `listing ${resource}.${group} in namespace ${options.namespace}: ${items.length}${from === undefined ? '' : ' so far'}`,
      );
    }
  } while (from !== undefined);
  return items as T[];
}

/** Runs `work` on every item, `limit` at a time, results in item order. */
async function inParallel<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function nameOf(object: { metadata?: { name?: string } }): string {
  return object.metadata?.name ?? '';
}

/** The PackageRevisionResources of `pr`; the 404 when it is gone (deleted since the list). */
async function getResources(cluster: Cluster, pr: PackageRevision, namespace: string) {
  const resource = 'packagerevisionresources';
  const call = { group: PORCH_GROUP, version: VERSION, resource, namespace, name: nameOf(pr) };
  try {
    return (await cluster.get(call, PACKAGE_REVISION_RESOURCES_SHAPE)) as PackageRevisionResources;
  } catch (error) {
    if (error instanceof NotFoundError) return error;
    throw error;
  }
}

/** A warning that `pr` is left out of the catalog, and why. */
function skipped(pr: PackageRevision, why: string): Result {
  return makeResult('warning', 'package-skipped', `${revisionLabel(pr)}: ${why}; it is left out of the catalog`);
}

/**
 * The catalog package revisions of `revisions`, their resources read `options.concurrency` at a
 * time; each kept as what a catalog build reads of it (see {@link compactSource}), so that memory
 * grows with the catalog, not with the resources read. Results in the order of `revisions`.
 */
async function readSources(
  cluster: Cluster,
  revisions: PackageRevision[],
  repositories: Map<string, PorchRepository>,
  options: DiscoverOptions,
  report: (result: Result) => void,
): Promise<PackageSource[]> {
  const named = revisions.flatMap((pr) => {
    const revision = revisionOf(pr, repositoryBranch(repositories.get(pr.spec?.repository ?? '')));
    if (typeof revision === 'string') report(skipped(pr, revision));
    return typeof revision === 'string' ? [] : [{ pr, revision: revision.name }];
  });
  let done = 0;
  const found = await inParallel(named, options.concurrency, async ({ pr, revision }) => {
    const resources = await getResources(cluster, pr, options.namespace);
    done++;
    options.progress.step('reading the resources of package revisions', done, named.length);
    const results: Result[] = [];
    if (resources instanceof NotFoundError) {
      return { results: [skipped(pr, `it was deleted after the list (${resources.message})`)] };
    }
    const source = catalogSource(pr, revision, resources, (result) => results.push(result));
    if (typeof source === 'string') return { results: [...results, skipped(pr, source)] };
    return { source: compactSource(source), results };
  });
  for (const one of found) one.results.forEach(report);
  return found.flatMap((one) => (one.source === undefined ? [] : [one.source]));
}

/**
 * The git Repositories of `repositories`; every other one (`spec.type: oci`) is left out with a
 * warning: what from-cluster reads (revision tags, git upstream locks) exists in git Repositories only.
 */
function gitRepositories(repositories: PorchRepository[], report: (result: Result) => void): PorchRepository[] {
  return repositories.filter((repo) => {
    const type = repo.spec?.type;
    if (type === undefined || type === '' || type === 'git') return true;
    const left = repo.spec?.deployment === true ? 'installed' : 'the catalog';
    const message =
      `Repository ${nameOf(repo)} is of type ${type}: from-cluster reads git Repositories only, ` +
      `so its packages are left out of ${left}`;
    report(makeResult('warning', 'repository-skipped', message));
    return false;
  });
}

async function discoverPlatform(
  cluster: Cluster,
  packages: CatalogPackage[],
  groups: Awaited<ReturnType<Cluster['groups']>>,
): Promise<PlatformEntry[]> {
  const provided = providedKinds(packages);
  const kinds = new Map<string, ServedResource[]>();
  for (const group of groupsToInspect(groups, provided)) {
    const served: ServedResource[] = [];
    for (const version of group.versions) served.push(...(await cluster.resources(group.name, version)));
    kinds.set(group.name, served);
  }
  return platformEntries(groups, provided, kinds);
}

export async function discover(cluster: Cluster, options: DiscoverOptions): Promise<Discovered> {
  const results: Result[] = [];
  const warn = (message: string) => results.push(makeResult('warning', 'installed-skipped', message));
  options.progress.line(`reading API discovery of ${cluster.server}`);
  const groups = await cluster.groups();
  for (const needed of [PORCH_GROUP, PORCH_CONFIG_GROUP]) {
    const group = groups.find((served) => served.name === needed);
    if (group === undefined || !group.versions.includes(VERSION)) {
      throw new ClusterError(
        `Porch is not installed on ${cluster.server}: API discovery lists no ${needed}/${VERSION}; install Porch or choose another --context`,
      );
    }
  }
  const list = <T>(group: string, resource: string, item: Shape) => listAll<T>(cluster, group, resource, item, options);
  const listed = await list<PorchRepository>(PORCH_CONFIG_GROUP, 'repositories', REPOSITORY_SHAPE);
  const repositories = gitRepositories(listed, (result) => results.push(result));
  const blueprints = repositories.filter((repo) => repo.spec?.deployment !== true);
  const deployments = repositories.filter((repo) => repo.spec?.deployment === true).map(nameOf);
  if (options.target !== undefined && !deployments.includes(options.target)) {
    const where = `in namespace ${options.namespace} (--target names one)`;
    const notGit = listed.some((repo) => nameOf(repo) === options.target && !repositories.includes(repo));
    throw new ClusterError(
      notGit
        ? `deployment repository ${options.target} ${where} is not a git Repository, and from-cluster reads git Repositories only`
        : `no deployment repository ${options.target} ${where}; deployment repositories: ${deployments.join(', ') || '(none)'}`,
    );
  }
  const targets = options.target === undefined ? deployments : [options.target];
  const byName = new Map(repositories.map((repo) => [nameOf(repo), repo]));
  const blueprintNames = new Set(blueprints.map(nameOf));
  const revisions = await list<PackageRevision>(PORCH_GROUP, 'packagerevisions', PACKAGE_REVISION_SHAPE);
  options.progress.line(`${revisions.length} package revisions in ${listed.length} repositories`);
  const catalogRevisions = revisions.filter((pr) => blueprintNames.has(pr.spec?.repository ?? ''));
  const sources = await readSources(cluster, catalogRevisions, byName, options, (result) => results.push(result));
  const build = buildPackages(sources, options.existing, options.preferences, options.name);
  results.push(...build.results);
  const known = build.packages ?? [];
  const deployed = revisions.filter((pr) => targets.includes(pr.spec?.repository ?? ''));
  const found = installedEntries(
    deployed,
    { repositories, blueprintRevisions: catalogRevisions, packages: known },
    warn,
  );
  const installed = mergeInstalled(options.existing?.installed ?? [], found, targets);
  const served = await discoverPlatform(cluster, known, groups);
  const platform = mergePlatform(options.existing?.platform ?? [], served, known);
  for (const { entry, providers } of platform.removed) {
    const by = `${providers.map(packageKey).join(', ')} provide${providers.length === 1 ? 's' : ''} it`;
    results.push(makeResult('info', 'platform-removed', `platform entry ${platformEntryText(entry)} removed: ${by}`));
  }
  const objects = mergePlatformObjects(options.existing?.platformObjects ?? [], known);
  for (const { object, providers } of objects.removed) {
    const by = `${providers.map(packageKey).join(', ')} create${providers.length === 1 ? 's' : ''} it`;
    results.push(makeResult('info', 'platform-removed', `platform entry ${objectKey(object)} removed: ${by}`));
  }
  const packages = build.packages === undefined ? {} : { packages: build.packages };
  return { ...packages, installed, platform: platform.entries, platformObjects: objects.objects, results };
}
