import type { YAMLMap } from 'yaml';
import { byCodePoint, makeResult } from '../krm/index.js';
import type { Result } from '../krm/index.js';
import { packageKey, sameRevision } from '../catalog/index.js';
import type { ApiIndex, CatalogPackage, CatalogRevision, InstalledEntry } from '../catalog/index.js';
import { isObjectNeed, serves } from '../resolve/index.js';
import type { Requirement } from '../resolve/index.js';
import type { UpgradeConfig } from './config.js';
import { externalRequirements, installedRevision, neededFrom, requirementLabel } from './installed.js';
import { findPackage, findRevision } from './lookup.js';

interface Upgrade {
  pkg: CatalogPackage;
  from: CatalogRevision;
  to: CatalogRevision;
  catalogNode: YAMLMap | undefined;
}

/**
 * Why `to` misses the need: the versions it still serves of that group/kind, that it provides it no more, or that it
 * no longer creates the object.
 */
function missing(to: CatalogRevision, need: Requirement): string {
  const label = requirementLabel(need);
  if (isObjectNeed(need)) return `${label} (revision "${to.revision}" no longer creates it)`;
  const versions = to.provides
    .filter((provided) => provided.group === need.group)
    .filter((provided) => provided.source === 'APIService' || provided.kind === need.kind)
    .flatMap((provided) => provided.versions);
  return versions.length === 0
    ? `${label} (revision "${to.revision}" no longer provides ${need.group} ${need.kind ?? ''})`
    : `${label} (revision "${to.revision}" serves it only at ${[...new Set(versions)].sort(byCodePoint).join(', ')})`;
}

/** The newest Published revision of the dependent that needs nothing of the provider that `to` drops. */
function fixedDependent(index: ApiIndex, entry: InstalledEntry, upgrade: Upgrade): CatalogRevision | undefined {
  const pkg = index.pkg(entry);
  if (pkg === undefined) return undefined;
  const keeps = (rev: CatalogRevision) =>
    externalRequirements(index, rev).every((need) => !serves(upgrade.from, need) || serves(upgrade.to, need));
  return index.revisionsNewestFirst(pkg).find((rev) => rev.lifecycle === 'Published' && keeps(rev));
}

function breakMessage(index: ApiIndex, upgrade: Upgrade, entry: InstalledEntry, broken: Requirement[]): string {
  const key = packageKey(upgrade.pkg);
  const fixed = fixedDependent(index, entry, upgrade);
  const alternative =
    fixed === undefined || sameRevision(fixed.revision, entry.revision)
      ? ''
      : `, or first upgrade ${packageKey(entry)} there to revision "${fixed.revision}", ` +
        `which needs nothing that revision "${upgrade.to.revision}" drops`;
  const requires = broken.map((need) => missing(upgrade.to, need)).join(', ');
  return (
    `upgrading ${key} from "${upgrade.from.revision}" to "${upgrade.to.revision}" on ${entry.target} would break ` +
    `${packageKey(entry)} revision "${entry.revision}" installed there: it requires ${requires}; ` +
    `keep ${key} at "${upgrade.from.revision}" on ${entry.target}${alternative}`
  );
}

/** Installed packages on the target whose required APIs and objects, given by the package, `to` no longer serves. */
function checkTarget(index: ApiIndex, upgrade: Upgrade, target: string): { results: Result[]; broken: boolean } {
  const results: Result[] = [];
  for (const entry of index.installedOnTarget(target)) {
    if (packageKey(entry) === packageKey(upgrade.pkg)) continue;
    const revision = installedRevision(index, entry);
    if (revision === undefined) {
      const at = `${packageKey(entry)} is installed on ${target} at revision "${entry.revision}"`;
      const message = `${at}, which the catalog does not list, so what it requires is unknown`;
      results.push(
        makeResult('warning', 'installed-unknown', message, upgrade.catalogNode, { path: 'data.installed' }),
      );
      continue;
    }
    const needed = neededFrom(index, target, revision, upgrade.pkg, upgrade.from);
    const broken = needed.filter((need) => !serves(upgrade.to, need));
    if (broken.length > 0) {
      const message = breakMessage(index, upgrade, entry, broken);
      results.push(makeResult('error', 'upgrade-breaks', message, upgrade.catalogNode, { path: 'data.installed' }));
    }
  }
  return { results, broken: results.some((result) => result.severity === 'error') };
}

function find(index: ApiIndex, config: UpgradeConfig, catalogNode: YAMLMap | undefined): Upgrade | Result[] {
  const pkg = findPackage(index, { repository: config.repository, package: config.package });
  if ('error' in pkg) return [makeResult('error', 'not-in-catalog', pkg.error, catalogNode)];
  const from = findRevision(index, pkg.found, config.from, 'from');
  const to = findRevision(index, pkg.found, config.to, 'to');
  if ('found' in from && 'found' in to) return { pkg: pkg.found, from: from.found, to: to.found, catalogNode };
  return [from, to].flatMap((lookup) =>
    'error' in lookup ? [makeResult('error', 'not-in-catalog', lookup.error, catalogNode)] : [],
  );
}

/**
 * The checks of validate-upgrade: refuses upgrading a package from one revision to another on
 * the targets that run `from` (only `target`, when set) when `to` no longer provides an API
 * (group/kind), no longer serves a version, or no longer creates a named object, that a package installed there
 * requires of it (as `neededFrom` gives it).
 */
export function checkUpgrade(index: ApiIndex, config: UpgradeConfig, catalogNode: YAMLMap | undefined): Result[] {
  const upgrade = find(index, config, catalogNode);
  if (Array.isArray(upgrade)) return upgrade;
  const results: Result[] = [];
  const label = `${packageKey(upgrade.pkg)} from "${upgrade.from.revision}" to "${upgrade.to.revision}"`;
  if (upgrade.from === upgrade.to) {
    return [makeResult('info', 'same-revision', `${label}: the same revision, nothing changes`, catalogNode)];
  }
  if (upgrade.to.lifecycle !== 'Published') {
    const message =
      `${label}: revision "${upgrade.to.revision}" is ${upgrade.to.lifecycle}, not Published; ` +
      'publish it before upgrading to it';
    results.push(makeResult('warning', 'unpublished-revision', message, catalogNode));
  }
  const targets = index
    .installedEverywhere(upgrade.pkg)
    .filter((entry) => sameRevision(entry.revision, upgrade.from.revision))
    .filter((entry) => config.target === undefined || entry.target === config.target)
    .map((entry) => entry.target)
    .sort(byCodePoint);
  if (targets.length === 0) {
    const where = config.target === undefined ? 'no target runs' : `${config.target} does not run`;
    const message = `${label}: ${where} revision "${upgrade.from.revision}", so no installed package is affected`;
    return [...results, makeResult('info', 'not-installed', message, catalogNode)];
  }
  const safe: string[] = [];
  for (const target of targets) {
    const checked = checkTarget(index, upgrade, target);
    results.push(...checked.results);
    if (!checked.broken) safe.push(target);
  }
  if (safe.length > 0) {
    const on = safe.join(', ');
    const message = `upgrading ${label} keeps every API and named object that the packages installed on ${on} require of it`;
    results.push(makeResult('info', 'upgrade-safe', message, catalogNode));
  }
  return results;
}
