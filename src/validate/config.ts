import type { ResolveConfig } from '../resolve/index.js';

/** The config of validate-dependencies: the resolving fields (`downstreamRepository` among them). */
export type DependenciesConfig = ResolveConfig;

/** The config of validate-removal (docs/SPEC.md section 6): the revision to remove. */
export interface RemovalConfig extends ResolveConfig {
  repository: string;
  package: string;
  /** An integer is read as its decimal text (`revision: 2`). */
  revision: string | number;
}

/** The config of validate-upgrade (docs/SPEC.md section 6): the package and its two revisions. */
export interface UpgradeConfig extends ResolveConfig {
  repository: string;
  package: string;
  /** Integers are read as their decimal text (`from: 2`). */
  from: string | number;
  to: string | number;
}
