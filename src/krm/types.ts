/**
 * Plain types shared by the KRM runtime: results as the kpt function spec defines them.
 * See https://kpt.dev/book/05-developing-functions/ (ResourceList results).
 */

/** kpt accepts exactly these three severities (not `warn`). */
export type Severity = 'error' | 'warning' | 'info';

export interface ResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface Result {
  message: string;
  severity: Severity;
  resourceRef?: ResourceRef;
  /** Path of a field inside the resource, e.g. `spec.upstream.package` or `data.packages`. */
  field?: { path: string; currentValue?: unknown; proposedValue?: unknown };
  /** Where the resource lives in the package (from `internal.config.kubernetes.io/path` / `index`). */
  file?: { path: string; index?: number };
  tags?: Record<string, string>;
}
