import type { Catalog } from '../catalog/index.js';
import type { Preference } from '../resolve/index.js';
import { applyCatalog } from './apply.js';
import type { Applied } from './apply.js';
import { ClusterError, connect } from './client.js';
import type { Cluster } from './client.js';
import { discover } from './discover.js';
import type { Discovered, Progress } from './discover.js';
import { catalogData } from './output.js';

/** What `pkgdeps catalog from-cluster` was asked to read (its options, parsed and checked by the CLI). */
export interface FromClusterOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  target?: string;
  preferences: Preference[];
  /** List page size (limit/continue). */
  chunkSize: number;
  /** PackageRevisionResources requests in flight at most. */
  concurrency: number;
  /** Seconds each request may take. */
  timeout: number;
}

function readCluster(
  cluster: Cluster,
  options: FromClusterOptions,
  existing: Catalog | undefined,
  name: string,
  progress: Progress,
): Promise<Discovered> {
  return discover(cluster, {
    namespace: options.namespace ?? cluster.namespace,
    ...(options.target === undefined ? {} : { target: options.target }),
    chunkSize: options.chunkSize,
    concurrency: options.concurrency,
    preferences: options.preferences,
    ...(existing === undefined ? {} : { existing }),
    name,
    progress,
  });
}

/** Reads the cluster; a string is the one-line error (kubeconfig, connection, permission, Porch missing, timeout). */
export async function catalogFromCluster(
  options: FromClusterOptions,
  existing: Catalog | undefined,
  name: string,
  progress: Progress,
): Promise<Discovered | string> {
  let cluster: Cluster | undefined;
  try {
    cluster = connect({ ...options });
    return await readCluster(cluster, options, existing, name, progress);
  } catch (error) {
    if (error instanceof ClusterError) return error.message;
    throw error;
  } finally {
    cluster?.close();
  }
}

/** What one `--apply` did: the catalog read, and the write (none when the catalog could not be built). */
export interface ApplyRound {
  found: Discovered;
  namespace: string;
  applied?: Applied;
}

/**
 * Reads the cluster and writes the catalog ConfigMap `name` into the namespace read (docs/SPEC.md
 * rule catalog-apply), from what the cluster holds alone: the ConfigMap's old data is replaced,
 * not merged. `stop` aborts the requests in flight. A string is the one-line error.
 */
export async function applyFromCluster(
  options: FromClusterOptions,
  name: string,
  progress: Progress,
  stop?: AbortSignal,
): Promise<ApplyRound | string> {
  let cluster: Cluster | undefined;
  try {
    cluster = connect({ ...options, ...(stop === undefined ? {} : { stop }) });
    const namespace = options.namespace ?? cluster.namespace;
    const found = await readCluster(cluster, options, undefined, name, progress);
    if (found.packages === undefined) return { found, namespace };
    const data = catalogData(name, found.packages, found.installed, found.platform, found.platformObjects);
    return { found, namespace, applied: await applyCatalog(cluster, { name, namespace, data }) };
  } catch (error) {
    if (error instanceof ClusterError) return error.message;
    throw error;
  } finally {
    cluster?.close();
  }
}
