import type { ConfigSpec, ResourceList, Result } from '../../src/krm/index.js';
import { parsePreferences, prepare, readFailure, resolveDefaults, resolveProperties } from '../../src/resolve/index.js';
import { checkRemoval } from '../../src/validate/index.js';
import type { RemovalConfig } from '../../src/validate/index.js';

const { catalog, target, downstreamRepository, preferences } = resolveProperties;
const name = { type: 'string', minLength: 1 };

export const configSpec: ConfigSpec<RemovalConfig> = {
  kind: 'ValidateRemoval',
  properties: {
    catalog,
    target,
    downstreamRepository,
    preferences,
    repository: name,
    package: name,
    revision: name,
  },
  required: ['repository', 'package', 'revision'],
  defaults: { ...resolveDefaults, preferences: [] },
  fromString: { preferences: parsePreferences },
};

/**
 * validate-removal (validator): refuses removing a package revision from the catalog while
 * packages installed on a target that runs it depend on it, directly or through a chain of
 * installed packages (`dependsOn`, or a `requires` entry it serves). With a target, packages
 * of the input whose dependencies, resolved for that target, take the revision (directly or
 * through `dependsOn`) are dependents too. Changes nothing.
 */
export function validateRemoval(list: ResourceList): Result[] {
  const prepared = prepare(list.items, list.functionConfig, configSpec);
  if (prepared.index === undefined) return prepared.results;
  const checked = checkRemoval(list.items, prepared.index, prepared.config, prepared.catalogNode);
  return readFailure(prepared.index, prepared.results) ?? [...prepared.results, ...checked];
}
