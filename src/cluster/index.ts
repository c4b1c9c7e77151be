/**
 * `pkgdeps catalog from-cluster`: the catalog read from a Porch cluster. CLI only, loaded on
 * demand: it imports @kubernetes/client-node (the options are parsed in cli/catalog-from-cluster.ts).
 */
export { catalogFromCluster } from './command.js';
export type { FromClusterOptions } from './command.js';
export { setClusterData } from './output.js';
