import type { ConfigSpec, ResourceList, Result } from '../../src/krm/index.js';
import { annotatePackage, parsePreferences, prepare, resolve, resolveDefaults, resolveProperties } from '../../src/resolve/index.js';
import type { ResolveConfig } from '../../src/resolve/index.js';

export const configSpec: ConfigSpec<ResolveConfig> = {
  kind: 'ResolveDependencies',
  properties: resolveProperties,
  defaults: { ...resolveDefaults, preferences: [] },
  fromString: { preferences: parsePreferences },
};

/**
 * resolve-dependencies (mutator): resolves every item's API to platform, local or a catalog
 * package (SPEC 4) and writes `pkgdeps.dev/depends-on`, `pkgdeps.dev/requires-apis` and
 * `pkgdeps.dev/provided-by` (SPEC 5). With config or catalog errors, nothing is changed.
 */
export function resolveDependencies(list: ResourceList): Result[] {
  const prepared = prepare(list.items, list.functionConfig, configSpec);
  if (prepared.index === undefined) return prepared.results;
  const { config } = prepared;
  const resolution = resolve(list.items, prepared.index, config);
  for (const pkg of resolution.packages) annotatePackage(pkg, config);
  return [...prepared.results, ...resolution.results];
}
