import { CATALOG_ANNOTATION, CATALOG_FORMAT } from '../catalog/index.js';
import { byCodePoint } from '../krm/index.js';
import { ClusterError, ConflictError } from './client.js';
import type { Cluster, ConfigMap } from './client.js';

/**
 * `pkgdeps catalog from-cluster --apply` (docs/SPEC.md rule catalog-apply): the catalog
 * ConfigMap written into a namespace. Created when absent; updated, with the resourceVersion
 * read, when its `data` or catalog annotation differ (the whole `data` is replaced, as Porch
 * injects it; other metadata is kept); not written at all when nothing changed. A 409 (someone
 * wrote it between the read and the write, or created it) is retried by reading it again, at
 * most {@link ATTEMPTS} times. A ConfigMap of that name without the catalog annotation is not
 * ours and is never overwritten. Data over {@link CONFIG_MAP_LIMIT} bytes is refused before any
 * request.
 */

/** The most bytes of data a ConfigMap holds (the API server's limit: 1 MiB, the values of `data` summed). */
export const CONFIG_MAP_LIMIT = 1_048_576;

/** Reads and writes before a run of 409 answers is given up on. */
export const ATTEMPTS = 5;

export interface CatalogConfigMap {
  name: string;
  namespace: string;
  data: Record<string, string>;
}

export interface Applied {
  action: 'created' | 'updated' | 'unchanged';
  /** The `data` keys whose values changed, were added or removed, sorted; empty unless updated. */
  changed: string[];
}

/** The size the API server counts: the UTF-8 bytes of every value of `data`. */
export function dataSize(data: Record<string, string>): number {
  return Object.values(data).reduce((sum, value) => sum + Buffer.byteLength(value, 'utf8'), 0);
}

function changedKeys(before: Record<string, string>, after: Record<string, string>): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.filter((key) => before[key] !== after[key]).sort(byCodePoint);
}

function where(catalog: CatalogConfigMap): string {
  return `ConfigMap ${catalog.name} in namespace ${catalog.namespace}`;
}

/** One read and, when needed, one write; a {@link ConflictError} when the write met a 409. */
async function attempt(cluster: Cluster, catalog: CatalogConfigMap): Promise<Applied> {
  const current = await cluster.getConfigMap(catalog.namespace, catalog.name);
  if (current === undefined) {
    const annotations = { [CATALOG_ANNOTATION]: CATALOG_FORMAT };
    const metadata = { name: catalog.name, annotations };
    const created: ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: catalog.data };
    await cluster.createConfigMap(catalog.namespace, created);
    return { action: 'created', changed: [] };
  }
  const annotations = current.metadata?.annotations ?? {};
  if (annotations[CATALOG_ANNOTATION] === undefined) {
    throw new ClusterError(
      `${where(catalog)} is not a catalog (no annotation ${CATALOG_ANNOTATION}), so it is not overwritten; ` +
        'choose another --name',
    );
  }
  const changed = changedKeys(current.data ?? {}, catalog.data);
  if (changed.length === 0 && annotations[CATALOG_ANNOTATION] === CATALOG_FORMAT && current.binaryData === undefined) {
    return { action: 'unchanged', changed };
  }
  const metadata = { ...current.metadata, annotations: { ...annotations, [CATALOG_ANNOTATION]: CATALOG_FORMAT } };
  await cluster.updateConfigMap(catalog.namespace, { ...current, metadata, data: catalog.data, binaryData: undefined });
  return { action: 'updated', changed };
}

/** Writes the catalog ConfigMap when it differs; errors are {@link ClusterError}s (one line each). */
export async function applyCatalog(cluster: Cluster, catalog: CatalogConfigMap): Promise<Applied> {
  const size = dataSize(catalog.data);
  if (size > CONFIG_MAP_LIMIT) {
    throw new ClusterError(
      `the catalog is ${size} bytes of data, over the ${CONFIG_MAP_LIMIT} bytes (1 MiB) a ConfigMap holds, so ` +
        `${where(catalog)} is not written; split the blueprint Repositories over namespaces (a catalog each)`,
    );
  }
  let last: ConflictError | undefined;
  for (let i = 0; i < ATTEMPTS; i++) {
    try {
      return await attempt(cluster, catalog);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      last = error;
    }
  }
  const said = last?.message ?? '';
  throw new ClusterError(`${where(catalog)} changed under every one of ${ATTEMPTS} writes (409 Conflict): ${said}`);
}
