/**
 * `pkgdeps catalog from-cluster`: the catalog read from a Porch cluster, printed or written into
 * it (`--apply`, `--every`). CLI only, loaded on demand: it imports @kubernetes/client-node (the
 * options are parsed in cli/catalog-from-cluster.ts).
 */
export { applyFromCluster, catalogFromCluster } from './command.js';
export type { ApplyRound, FromClusterOptions } from './command.js';
export type { Progress } from './discover.js';
export { repeatUntil } from './every.js';
export { setClusterData } from './output.js';
