import type { ResolveConfig } from '../resolve/index.js';

/** The config of validate-dependencies: the resolving fields (`downstreamRepository` among them). */
export type DependenciesConfig = ResolveConfig;

/** The config of validate-removal (docs/SPEC.md section 6): the revision to remove. */
export interface RemovalConfig extends ResolveConfig {
  repository: string;
  package: string;
  /** Text as written, also unquoted (`revision: 2` is "2"). */
  revision: string;
}

/** The config of validate-upgrade (docs/SPEC.md section 6): the package and its two revisions. */
export interface UpgradeConfig extends ResolveConfig {
  repository: string;
  package: string;
  /** Text as written, also unquoted (`from: 2` is "2"). */
  from: string;
  to: string;
}
