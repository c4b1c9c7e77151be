/**
 * `pkgdeps catalog from-cluster`: the catalog read from a Porch cluster. CLI only, loaded on
 * demand: it imports @kubernetes/client-node (the usage and options are in args.ts).
 */
export { catalogFromCluster } from './command.js';
export { setClusterData } from './output.js';
