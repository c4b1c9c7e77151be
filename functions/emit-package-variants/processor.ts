import type { ConfigSpec, ResourceList, Result } from '../../src/krm/index.js';
import { parsePreferences, prepare, resolve } from '../../src/resolve/index.js';
import { emitDefaults, emitProperties, emitVariants } from '../../src/package-variants/index.js';
import type { EmitConfig } from '../../src/package-variants/index.js';

export const configSpec: ConfigSpec<EmitConfig> = {
  kind: 'EmitPackageVariants',
  properties: emitProperties,
  required: ['downstreamRepository'],
  defaults: { ...emitDefaults, preferences: [] },
  fromString: { preferences: parsePreferences },
};

/**
 * emit-package-variants (mutator): resolves the package's dependencies like
 * resolve-dependencies, follows each chosen revision's `dependsOn`, and adds, updates and
 * prunes its own Porch PackageVariants for every package missing on the target (docs/SPEC.md section 5).
 * With any error result, nothing is changed.
 */
export function emitPackageVariants(list: ResourceList): Result[] {
  const prepared = prepare(list.items, list.functionConfig, configSpec);
  if (prepared.index === undefined) return prepared.results;
  const resolution = resolve(list.items, prepared.index, prepared.config);
  return [...prepared.results, ...emitVariants(list, resolution, prepared.index, prepared.config)];
}
