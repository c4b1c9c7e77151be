import type { ConfigSpec, ResourceList, Result } from '../../src/krm/index.js';
import {
  parsePreferences,
  prepare,
  readFailure,
  resolve,
  resolveDefaults,
  resolveProperties,
} from '../../src/resolve/index.js';
import { checkDependencies } from '../../src/validate/index.js';
import type { DependenciesConfig } from '../../src/validate/index.js';

const { catalog, target, downstreamRepository, preferences, onUnresolvedObject } = resolveProperties;

/**
 * The resolving fields but `annotateResources` (nothing is written) and `onUnresolved` (an
 * unresolved API is always an error here; APIs a target has without a package belong under the
 * catalog's `platform`), and the downstream repository PackageVariants for the target install into.
 * `onUnresolvedObject` is kept: deployment tooling often creates the namespaces a package names.
 */
export const configSpec: ConfigSpec<DependenciesConfig> = {
  kind: 'ValidateDependencies',
  properties: { catalog, target, preferences, downstreamRepository, onUnresolvedObject },
  defaults: { ...resolveDefaults, preferences: [] },
  fromString: { preferences: parsePreferences },
};

/**
 * validate-dependencies (validator): resolves the input as resolve-dependencies does (docs/SPEC.md section 4)
 * and reports what it reports, with every unresolved or ambiguous API an error; then every
 * dependency, and the `dependsOn` closure of those not installed, must be installed on the
 * target or requested by a PackageVariant of the input into the target's downstream repository.
 * Changes nothing.
 */
export function validateDependencies(list: ResourceList): Result[] {
  const prepared = prepare(list.items, list.functionConfig, configSpec);
  if (prepared.index === undefined) return prepared.results;
  const { config, index } = prepared;
  const resolution = resolve(list.items, index, config);
  const checked = checkDependencies(list.items, resolution, index, config);
  return readFailure(index, prepared.results) ?? [...prepared.results, ...resolution.results, ...checked];
}
