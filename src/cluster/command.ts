import type { Catalog } from '../catalog/index.js';
import type { Preference } from '../resolve/index.js';
import { ClusterError, connect } from './client.js';
import { discover } from './discover.js';
import type { Discovered } from './discover.js';

/** What `pkgdeps catalog from-cluster` was asked to read (its options, parsed and checked by the CLI). */
export interface FromClusterOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  target?: string;
  preferences: Preference[];
  /** List page size (limit/continue). */
  chunkSize: number;
  /** Seconds each request may take. */
  timeout: number;
}

/** Reads the cluster; a string is the one-line error (kubeconfig, connection, permission, Porch missing, timeout). */
export async function catalogFromCluster(
  options: FromClusterOptions,
  existing: Catalog | undefined,
  name: string,
  progress: (message: string) => void,
): Promise<Discovered | string> {
  try {
    const cluster = connect({ ...options });
    const namespace = options.namespace ?? cluster.namespace;
    return await discover(cluster, {
      namespace,
      ...(options.target === undefined ? {} : { target: options.target }),
      chunkSize: options.chunkSize,
      preferences: options.preferences,
      ...(existing === undefined ? {} : { existing }),
      name,
      progress,
    });
  } catch (error) {
    if (error instanceof ClusterError) return error.message;
    throw error;
  }
}
