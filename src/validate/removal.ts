import type { YAMLMap } from 'yaml';
import { byCodePoint, describeItems, makeResult } from '../krm/index.js';
import type { Result, ResultCode } from '../krm/index.js';
import { packageKey, sameRevision } from '../catalog/index.js';
import type { ApiIndex, CatalogPackage, CatalogRevision, PackageRef } from '../catalog/index.js';
import {
  chosenRevision,
  describeUnit,
  isSkipped,
  packageClosure,
  reachedThroughDependsOn,
  resolve,
} from '../resolve/index.js';
import type { Closure, PackageResolution, Requirement } from '../resolve/index.js';
import type { RemovalConfig } from './config.js';
import { installedDependents, neededFrom, requirementLabel } from './installed.js';
import type { InstalledDependent } from './installed.js';
import { findPackage, findRevision } from './lookup.js';

/** The package revision to remove, as the catalog knows it. */
interface Removal {
  pkg: CatalogPackage;
  revision: CatalogRevision;
  /** `<repository>/<package> revision "<revision>"`. */
  label: string;
  catalogNode: YAMLMap | undefined;
}

const BREAKS = 'removing that revision would break it';

function namesIt(removal: Removal): string {
  return `names ${packageKey(removal.pkg)} in its dependsOn`;
}

/** What a dependent needs of the revision: the APIs and objects, or that it only names the package in `dependsOn`. */
function needsText(removal: Removal, needs: readonly Requirement[]): string {
  return needs.length > 0 ? `needs ${needs.map(requirementLabel).join(', ')}` : namesIt(removal);
}

function installedMessage(removal: Removal, target: string, dependent: InstalledDependent): string {
  const { entry, through } = dependent;
  const last = through[through.length - 1] ?? entry;
  const needs = needsText(removal, dependent.needs);
  const chain = through.map(packageKey).join(' -> ');
  const how = through.length === 0 ? ` (it ${needs})` : ` through ${chain} (${packageKey(last)} ${needs})`;
  const who = `${packageKey(entry)} revision "${entry.revision}" installed on ${target}`;
  return (
    `${who} depends on ${removal.label}${how}; ${BREAKS}: ` +
    `move ${packageKey(removal.pkg)} on ${target} to another revision, ` +
    `or remove ${packageKey(entry)} from ${target}, first`
  );
}

/** Packages installed on every target that runs the revision and depend on it there. */
function checkInstalled(index: ApiIndex, removal: Removal): Result[] {
  const results: Result[] = [];
  const report = (severity: 'error' | 'warning', code: ResultCode, message: string) =>
    results.push(makeResult(severity, code, message, removal.catalogNode, { path: 'data.installed' }));
  const targets = index
    .installedEverywhere(removal.pkg)
    .filter((entry) => sameRevision(entry.revision, removal.revision.revision))
    .map((entry) => entry.target)
    .sort(byCodePoint);
  for (const target of targets) {
    const { dependents, unknown } = installedDependents(index, target, removal.pkg, removal.revision);
    dependents.forEach((dependent) => report('error', 'removal-breaks', installedMessage(removal, target, dependent)));
    for (const entry of unknown) {
      const at = `${packageKey(entry)} is installed on ${target} at revision "${entry.revision}"`;
      const unlisted = `${at}, which the catalog does not list`;
      report('warning', 'installed-unknown', `${unlisted}, so whether it depends on ${removal.label} is unknown`);
    }
    if (dependents.length === 0) {
      const once = `once it is removed, the catalog no longer lists what ${target} runs`;
      report(
        'warning',
        'still-installed',
        `${removal.label} is installed on ${target}, where nothing installed depends on it; ${once}`,
      );
    }
  }
  if (targets.length === 0) {
    const message = `${removal.label} is installed on no target, so no installed package depends on it`;
    results.push(makeResult('info', 'not-installed', message, removal.catalogNode));
  }
  return results;
}

/**
 * Dependents among one package of the input: its dependencies resolved for the target, and their `dependsOn`
 * closure with the revisions that closure chooses (docs/SPEC.md rule dependency-closure).
 */
function checkPackage(
  index: ApiIndex,
  removal: Removal,
  target: string,
  pkg: PackageResolution,
  closure: Closure,
): Result[] {
  const key = packageKey(removal.pkg);
  if (chosenRevision(closure.nodes.get(key)?.choice) !== removal.revision) return [];
  const where =
    index.installedOn(target, removal.pkg) === undefined
      ? `the revision it gets on ${target}, the latest Published one that serves it`
      : `installed on ${target}`;
  const unit = describeUnit(pkg.unit);
  const report = (how: string) =>
    makeResult(
      'error',
      'removal-breaks',
      `${unit} depends on ${removal.label} (${where})${how}; ${BREAKS}`,
      pkg.unit.kptfile,
    );
  const results: Result[] = [];
  for (const dependency of pkg.dependencies) {
    if (packageKey(dependency.ref) !== key) continue;
    const needs = [
      ...new Set(dependency.uses.flatMap((use) => (use.need === undefined ? [] : [requirementLabel(use.need)]))),
    ];
    const what = needs.length > 0 ? `needs ${needs.join(', ')}` : 'asks for it with a PackageVariant';
    results.push(report(`: it ${what} (${describeItems(dependency.uses.map((use) => use.item))})`));
  }
  for (const reached of reachedThroughDependsOn(closure, () => true)) {
    if (reached.key !== key) continue;
    const last = reached.via[reached.via.length - 1];
    const lastNode = last === undefined ? undefined : closure.nodes.get(last);
    const lastRevision = chosenRevision(lastNode?.choice);
    const needs = needsText(
      removal,
      lastRevision === undefined ? [] : neededFrom(index, target, lastRevision, removal.pkg, removal.revision),
    );
    results.push(report(` through ${reached.via.join(' -> ')} (${last === undefined ? '' : `${last} `}${needs})`));
  }
  return results;
}

/**
 * The packages of the input as dependents, resolved for the target as resolve-dependencies
 * does. Resolution problems, and those of the `dependsOn` closure, become warnings: they are not the
 * question here, but they may hide a dependent.
 */
function checkInput(
  items: YAMLMap[],
  index: ApiIndex,
  config: RemovalConfig,
  removal: Removal,
  target: string,
): Result[] {
  const resolution = resolve(items, index, config);
  const closures = resolution.packages.map((pkg) => ({ pkg, closure: packageClosure(index, pkg, target) }));
  const problems: Result[] = [...resolution.results, ...closures.flatMap(({ closure }) => closure.results)]
    .filter((result) => result.severity !== 'info')
    .map((result) => ({
      ...result,
      severity: 'warning',
      message: `a dependent in the input may be missed: ${result.message}`,
    }));
  return [...closures.flatMap(({ pkg, closure }) => checkPackage(index, removal, target, pkg, closure)), ...problems];
}

function find(index: ApiIndex, config: RemovalConfig, catalogNode: YAMLMap | undefined): Removal | Result {
  const ref: PackageRef = { repository: config.repository, package: config.package };
  const pkg = findPackage(index, ref);
  if ('error' in pkg) return makeResult('error', 'not-in-catalog', pkg.error, catalogNode);
  const revision = findRevision(index, pkg.found, config.revision, 'revision');
  if ('error' in revision) return makeResult('error', 'not-in-catalog', revision.error, catalogNode);
  const label = `${packageKey(ref)} revision "${revision.found.revision}"`;
  return { pkg: pkg.found, revision: revision.found, label, catalogNode };
}

/**
 * The checks of validate-removal: refuses removing a package revision from the catalog while
 * packages installed on a target that runs it depend on it, directly or through a chain of
 * installed packages (`dependsOn`, or a `requires` entry it serves or a `requiresObjects` entry it creates, as
 * attributed by `neededFrom`). With a target, packages
 * of the input whose dependencies, resolved for that target, take the revision (directly or
 * through `dependsOn`) are dependents too.
 */
export function checkRemoval(
  items: YAMLMap[],
  index: ApiIndex,
  config: RemovalConfig,
  catalogNode: YAMLMap | undefined,
): Result[] {
  const removal = find(index, config, catalogNode);
  if (!('pkg' in removal)) return [removal];
  const results = checkInstalled(index, removal);
  if (config.target !== undefined) {
    results.push(...checkInput(items, index, config, removal, config.target));
  } else if (items.some((item) => !isSkipped(item))) {
    const message =
      'no target is set, so the packages of the input were not checked as dependents; set target to check them';
    results.push(makeResult('info', 'not-checked', message));
  }
  return results;
}
