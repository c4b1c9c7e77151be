import type { YAMLMap } from 'yaml';
import { byCodePoint, makeResult } from '../../src/krm/index.js';
import type { ConfigSpec, ResourceList, Result } from '../../src/krm/index.js';
import { packageKey } from '../../src/catalog/index.js';
import type { ApiIndex, CatalogPackage, CatalogRevision, InstalledEntry, RequiredApi } from '../../src/catalog/index.js';
import { prepare, resolveDefaults, resolveProperties, serves } from '../../src/resolve/index.js';
import type { ResolveConfig } from '../../src/resolve/index.js';
import { findPackage, findRevision, installedRevision, neededFrom, requiredApiLabel } from '../../src/validate/index.js';

export interface UpgradeConfig extends ResolveConfig {
  repository: string;
  package: string;
  /** Integers are read as their decimal text (`from: 2`). */
  from: string | number;
  to: string | number;
}

const { catalog, target } = resolveProperties;
const name = { type: 'string', minLength: 1 };
const revision = { type: ['string', 'integer'], minLength: 1 };

export const configSpec: ConfigSpec<UpgradeConfig> = {
  kind: 'ValidateUpgrade',
  properties: { catalog, target, repository: name, package: name, from: revision, to: revision },
  required: ['repository', 'package', 'from', 'to'],
  defaults: { ...resolveDefaults, preferences: [] },
};

interface Upgrade {
  pkg: CatalogPackage;
  from: CatalogRevision;
  to: CatalogRevision;
  catalogNode: YAMLMap | undefined;
}

/** Why `to` misses the API: the versions it still serves of that group/kind, or that it provides it no more. */
function missing(to: CatalogRevision, api: RequiredApi): string {
  const versions = to.provides
    .filter((provided) => provided.group === api.group && (provided.source === 'APIService' || provided.kind === api.kind))
    .flatMap((provided) => provided.versions);
  const label = requiredApiLabel(api);
  return versions.length === 0
    ? `${label} (revision "${to.revision}" no longer provides ${api.group} ${api.kind})`
    : `${label} (revision "${to.revision}" serves it only at ${[...new Set(versions)].sort(byCodePoint).join(', ')})`;
}

/** The newest Published revision of the dependent that needs nothing of the provider that `to` drops. */
function fixedDependent(index: ApiIndex, entry: InstalledEntry, upgrade: Upgrade): CatalogRevision | undefined {
  const pkg = index.pkg(entry);
  if (pkg === undefined) return undefined;
  return index
    .revisionsNewestFirst(pkg)
    .find((rev) => rev.lifecycle === 'Published' && rev.requires.every((api) => !serves(upgrade.from, api) || serves(upgrade.to, api)));
}

function breakMessage(index: ApiIndex, upgrade: Upgrade, entry: InstalledEntry, broken: RequiredApi[]): string {
  const key = packageKey(upgrade.pkg);
  const fixed = fixedDependent(index, entry, upgrade);
  const alternative =
    fixed === undefined || fixed.revision === entry.revision ? '' : `, or first upgrade ${packageKey(entry)} there to revision "${fixed.revision}", which needs nothing that revision "${upgrade.to.revision}" drops`;
  return (
    `upgrading ${key} from "${upgrade.from.revision}" to "${upgrade.to.revision}" on ${entry.target} would break ` +
    `${packageKey(entry)} revision "${entry.revision}" installed there: it requires ${broken.map((api) => missing(upgrade.to, api)).join(', ')}; ` +
    `keep ${key} at "${upgrade.from.revision}" on ${entry.target}${alternative}`
  );
}

/** Installed packages on the target whose required APIs, attributed to the package, `to` no longer serves. */
function checkTarget(index: ApiIndex, upgrade: Upgrade, target: string): { results: Result[]; broken: boolean } {
  const results: Result[] = [];
  for (const entry of index.installedOnTarget(target)) {
    if (packageKey(entry) === packageKey(upgrade.pkg)) continue;
    const revision = installedRevision(index, entry);
    if (revision === undefined) {
      const message = `${packageKey(entry)} is installed on ${target} at revision "${entry.revision}", which the catalog does not list, so what it requires is unknown`;
      results.push(makeResult('warning', message, upgrade.catalogNode, { path: 'data.installed' }));
      continue;
    }
    const broken = neededFrom(index, target, revision, upgrade.pkg, upgrade.from).filter((api) => !serves(upgrade.to, api));
    if (broken.length > 0) {
      results.push(makeResult('error', breakMessage(index, upgrade, entry, broken), upgrade.catalogNode, { path: 'data.installed' }));
    }
  }
  return { results, broken: results.some((result) => result.severity === 'error') };
}

function find(index: ApiIndex, config: UpgradeConfig, catalogNode: YAMLMap | undefined): Upgrade | Result[] {
  const pkg = findPackage(index, { repository: config.repository, package: config.package });
  if ('error' in pkg) return [makeResult('error', pkg.error, catalogNode)];
  const from = findRevision(index, pkg.found, String(config.from), 'from');
  const to = findRevision(index, pkg.found, String(config.to), 'to');
  if ('found' in from && 'found' in to) return { pkg: pkg.found, from: from.found, to: to.found, catalogNode };
  return [from, to].flatMap((lookup) => ('error' in lookup ? [makeResult('error', lookup.error, catalogNode)] : []));
}

/**
 * validate-upgrade (validator): refuses upgrading a package from one revision to another on
 * the targets that run `from` (only `target`, when set) when `to` no longer provides an API
 * (group/kind), or no longer serves a version, that a package installed there requires of it.
 * Changes nothing.
 */
export function validateUpgrade(list: ResourceList): Result[] {
  const prepared = prepare(list.items, list.functionConfig, configSpec);
  if (prepared.index === undefined) return prepared.results;
  const { config, index, catalogNode } = prepared;
  const upgrade = find(index, config, catalogNode);
  if (Array.isArray(upgrade)) return [...prepared.results, ...upgrade];
  const results = [...prepared.results];
  const label = `${packageKey(upgrade.pkg)} from "${upgrade.from.revision}" to "${upgrade.to.revision}"`;
  if (upgrade.from === upgrade.to) return [...results, makeResult('info', `${label}: the same revision, nothing changes`, catalogNode)];
  if (upgrade.to.lifecycle !== 'Published') {
    results.push(makeResult('warning', `${label}: revision "${upgrade.to.revision}" is ${upgrade.to.lifecycle}, not Published; publish it before upgrading to it`, catalogNode));
  }
  const targets = index
    .installedEverywhere(upgrade.pkg)
    .filter((entry) => entry.revision === upgrade.from.revision && (config.target === undefined || entry.target === config.target))
    .map((entry) => entry.target)
    .sort(byCodePoint);
  if (targets.length === 0) {
    const where = config.target === undefined ? 'no target runs' : `${config.target} does not run`;
    return [...results, makeResult('info', `${label}: ${where} revision "${upgrade.from.revision}", so no installed package is affected`, catalogNode)];
  }
  const safe: string[] = [];
  for (const target of targets) {
    const checked = checkTarget(index, upgrade, target);
    results.push(...checked.results);
    if (!checked.broken) safe.push(target);
  }
  if (safe.length > 0) {
    results.push(makeResult('info', `upgrading ${label} keeps every API that the packages installed on ${safe.join(', ')} require of it`, catalogNode));
  }
  return results;
}
