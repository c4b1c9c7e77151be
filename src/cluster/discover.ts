import { buildPackages } from '../catalog-build/index.js';
import type { PackageSource } from '../catalog-build/index.js';
import type { Catalog, CatalogPackage, InstalledEntry, PlatformEntry } from '../catalog/index.js';
import type { Result } from '../krm/index.js';
import type { Preference } from '../resolve/index.js';
import { ClusterError } from './client.js';
import type { Cluster, ServedResource } from './client.js';
import { installedEntries } from './installed.js';
import { groupsToInspect, platformEntries, providedKinds } from './platform.js';
import { catalogSource, revisionLabel } from './porch-objects.js';
import type { PackageRevision, PackageRevisionResources, PorchRepository } from './porch-objects.js';

/**
 * `pkgdeps catalog from-cluster`: the catalog of what a Porch cluster holds, read with get and
 * list only. Blueprint repositories (`deployment: false`) give the packages, through
 * build-catalog's code; deployment repositories give `installed`; API discovery gives
 * `platform`.
 */

export const PORCH_GROUP = 'porch.kpt.dev';
export const PORCH_CONFIG_GROUP = 'config.porch.kpt.dev';
const VERSION = 'v1alpha1';
/** Concurrent PackageRevisionResources requests. */
const PARALLEL = 8;

export interface DiscoverOptions {
  namespace: string;
  /** Only this deployment repository's packages are `installed`, as target NAME. */
  target?: string;
  chunkSize: number;
  preferences: Preference[];
  /** The catalog being updated (-o FILE), if any. */
  existing?: Catalog;
  name: string;
  progress: (message: string) => void;
}

export interface Discovered {
  /** Undefined when the catalog cannot be written (error results say why). */
  packages?: CatalogPackage[];
  installed: InstalledEntry[];
  /** The targets `installed` was read for. */
  targets: string[];
  platform: PlatformEntry[];
  results: Result[];
}

async function listAll(cluster: Cluster, group: string, resource: string, options: DiscoverOptions): Promise<unknown[]> {
  const items: unknown[] = [];
  let from: string | undefined;
  do {
    const page = await cluster.list(group, VERSION, resource, options.namespace, options.chunkSize, from);
    items.push(...page.items);
    from = page.continue;
    if (from !== undefined || items.length > options.chunkSize) {
      options.progress(`listing ${resource}.${group} in namespace ${options.namespace}: ${items.length}${from === undefined ? '' : ' so far'}`);
    }
  } while (from !== undefined);
  return items;
}

/** Runs `work` on every item, `PARALLEL` at a time, results in item order. */
async function inParallel<T, R>(items: T[], work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
  return results;
}

function nameOf(object: { metadata?: { name?: string } }): string {
  return object.metadata?.name ?? '';
}

async function readSources(cluster: Cluster, revisions: PackageRevision[], options: DiscoverOptions, warn: (message: string) => void): Promise<PackageSource[]> {
  let reported = Date.now();
  let done = 0;
  const found = await inParallel(revisions, async (pr) => {
    const resources = (await cluster.get(PORCH_GROUP, VERSION, 'packagerevisionresources', options.namespace, nameOf(pr))) as PackageRevisionResources;
    done++;
    if (Date.now() - reported > 1000) {
      options.progress(`read the resources of ${done} of ${revisions.length} package revisions`);
      reported = Date.now();
    }
    const source = catalogSource(pr, resources, warn);
    if (typeof source === 'string') warn(`${revisionLabel(pr)}: ${source}; it is left out of the catalog`);
    return typeof source === 'string' ? undefined : source;
  });
  options.progress(`read the resources of ${revisions.length} package revisions`);
  return found.filter((source): source is PackageSource => source !== undefined);
}

async function discoverPlatform(cluster: Cluster, packages: CatalogPackage[], groups: Awaited<ReturnType<Cluster['groups']>>): Promise<PlatformEntry[]> {
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
  const warn = (message: string) => results.push({ severity: 'warning', message });
  options.progress(`reading API discovery of ${cluster.server}`);
  const groups = await cluster.groups();
  for (const needed of [PORCH_GROUP, PORCH_CONFIG_GROUP]) {
    const group = groups.find((served) => served.name === needed);
    if (group === undefined || !group.versions.includes(VERSION)) {
      throw new ClusterError(`Porch is not installed on ${cluster.server}: API discovery lists no ${needed}/${VERSION}; install Porch or choose another --context`);
    }
  }
  const repositories = (await listAll(cluster, PORCH_CONFIG_GROUP, 'repositories', options)) as PorchRepository[];
  const blueprints = repositories.filter((repo) => repo.spec?.deployment !== true);
  const deployments = repositories.filter((repo) => repo.spec?.deployment === true).map(nameOf);
  if (options.target !== undefined && !deployments.includes(options.target)) {
    throw new ClusterError(
      `no deployment repository ${options.target} in namespace ${options.namespace} (--target names one); deployment repositories: ${deployments.join(', ') || '(none)'}`,
    );
  }
  const targets = options.target === undefined ? deployments : [options.target];
  const blueprintNames = new Set(blueprints.map(nameOf));
  const revisions = (await listAll(cluster, PORCH_GROUP, 'packagerevisions', options)) as PackageRevision[];
  options.progress(`${revisions.length} package revisions in ${repositories.length} repositories`);
  const catalogRevisions = revisions.filter((pr) => blueprintNames.has(pr.spec?.repository ?? ''));
  const sources = await readSources(cluster, catalogRevisions, options, warn);
  const build = buildPackages(sources, options.existing, options.preferences, options.name);
  results.push(...build.results);
  const known = build.packages ?? [];
  const deployed = revisions.filter((pr) => targets.includes(pr.spec?.repository ?? ''));
  const installed = installedEntries(deployed, blueprints, known, warn);
  const platform = await discoverPlatform(cluster, known, groups);
  return { ...(build.packages === undefined ? {} : { packages: build.packages }), installed, targets, platform, results };
}
