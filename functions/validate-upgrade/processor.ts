import type { ConfigSpec, ResourceList, Result } from '../../src/krm/index.js';
import { prepare, readFailure, resolveDefaults, resolveProperties } from '../../src/resolve/index.js';
import { checkUpgrade } from '../../src/validate/index.js';
import type { UpgradeConfig } from '../../src/validate/index.js';

const { catalog, target } = resolveProperties;
const name = { type: 'string', minLength: 1 };
// Text, also when written unquoted (`from: 2`, `to: 1e3` are "2" and "1e3"; docs/SPEC.md rule function-config).
const revision = { type: 'string', minLength: 1 };

export const configSpec: ConfigSpec<UpgradeConfig> = {
  kind: 'ValidateUpgrade',
  properties: { catalog, target, repository: name, package: name, from: revision, to: revision },
  required: ['repository', 'package', 'from', 'to'],
  defaults: { ...resolveDefaults, preferences: [] },
};

/**
 * validate-upgrade (validator): refuses upgrading a package from one revision to another on
 * the targets that run `from` (only `target`, when set) when `to` no longer provides an API
 * (group/kind), or no longer serves a version, that a package installed there requires of it.
 * Changes nothing.
 */
export function validateUpgrade(list: ResourceList): Result[] {
  const prepared = prepare(list.items, list.functionConfig, configSpec);
  if (prepared.index === undefined) return prepared.results;
  const checked = checkUpgrade(prepared.index, prepared.config, prepared.catalogNode);
  return readFailure(prepared.index, prepared.results) ?? [...prepared.results, ...checked];
}
