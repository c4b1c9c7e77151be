import type { ResourceList, Result } from '../../src/krm/index.js';
import { annotatePackage, prepare, readFailure, resolve, resolveConfigSpec } from '../../src/resolve/index.js';

/** The config spec every processor exports (scripts/validators.mjs compiles its schema); shared with `pkgdeps why`. */
export const configSpec = resolveConfigSpec;

/**
 * resolve-dependencies (mutator): resolves every item's API to platform, local or a catalog
 * package (docs/SPEC.md section 4) and writes `pkgdeps.dev/depends-on`, `pkgdeps.dev/requires-apis` and
 * `pkgdeps.dev/provided-by` (docs/SPEC.md section 5). With config or catalog errors, nothing is changed.
 */
export function resolveDependencies(list: ResourceList): Result[] {
  const prepared = prepare(list.items, list.functionConfig, configSpec);
  if (prepared.index === undefined) return prepared.results;
  const { config } = prepared;
  const resolution = resolve(list.items, prepared.index, config);
  const failed = readFailure(prepared.index, prepared.results);
  if (failed !== undefined) return failed;
  for (const pkg of resolution.packages) annotatePackage(pkg, config);
  return [...prepared.results, ...resolution.results];
}
