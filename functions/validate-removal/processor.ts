import type { YAMLMap } from 'yaml';
import { byCodePoint, describeItems, makeResult } from '../../src/krm/index.js';
import type { ConfigSpec, ResourceList, Result } from '../../src/krm/index.js';
import { packageKey } from '../../src/catalog/index.js';
import type { ApiIndex, CatalogPackage, CatalogRevision, PackageRef } from '../../src/catalog/index.js';
import { apiKey, chosenRevision, describeUnit, isSkipped, parsePreferences, prepare, resolve, resolveDefaults, resolveProperties } from '../../src/resolve/index.js';
import type { PackageResolution, ResolveConfig, VersionNeed } from '../../src/resolve/index.js';
import {
  dependsOnClosure,
  findPackage,
  findRevision,
  installedDependents,
  neededFrom,
  requiredApiLabel,
} from '../../src/validate/index.js';
import type { InstalledDependent, Start } from '../../src/validate/index.js';

export interface RemovalConfig extends ResolveConfig {
  repository: string;
  package: string;
  /** An integer is read as its decimal text (`revision: 2`). */
  revision: string | number;
}

const { catalog, target, preferences } = resolveProperties;
const name = { type: 'string', minLength: 1 };

export const configSpec: ConfigSpec<RemovalConfig> = {
  kind: 'ValidateRemoval',
  properties: { catalog, target, preferences, repository: name, package: name, revision: { type: ['string', 'integer'], minLength: 1 } },
  required: ['repository', 'package', 'revision'],
  defaults: { ...resolveDefaults, preferences: [] },
  fromString: { preferences: parsePreferences },
};

/** The package revision to remove, as the catalog knows it. */
interface Removal {
  pkg: CatalogPackage;
  revision: CatalogRevision;
  /** `<repository>/<package> revision "<revision>"`. */
  label: string;
  catalogNode: YAMLMap | undefined;
}

const BREAKS = 'removing that revision would break it';

function installedMessage(removal: Removal, target: string, dependent: InstalledDependent): string {
  const { entry, through, apis } = dependent;
  const last = through[through.length - 1] ?? entry;
  const needs = apis.length > 0 ? `needs ${apis.map(requiredApiLabel).join(', ')}` : `names ${packageKey(removal.pkg)} in its dependsOn`;
  const how = through.length === 0 ? ` (it ${needs})` : ` through ${through.map(packageKey).join(' -> ')} (${packageKey(last)} ${needs})`;
  return (
    `${packageKey(entry)} revision "${entry.revision}" installed on ${target} depends on ${removal.label}${how}; ${BREAKS}: ` +
    `move ${packageKey(removal.pkg)} on ${target} to another revision, or remove ${packageKey(entry)} from ${target}, first`
  );
}

/** Packages installed on every target that runs the revision and depend on it there. */
function checkInstalled(index: ApiIndex, removal: Removal): Result[] {
  const results: Result[] = [];
  const report = (severity: 'error' | 'warning', message: string) =>
    results.push(makeResult(severity, message, removal.catalogNode, { path: 'data.installed' }));
  const targets = index
    .installedEverywhere(removal.pkg)
    .filter((entry) => entry.revision === removal.revision.revision)
    .map((entry) => entry.target)
    .sort(byCodePoint);
  for (const target of targets) {
    const { dependents, unknown } = installedDependents(index, target, removal.pkg, removal.revision);
    dependents.forEach((dependent) => report('error', installedMessage(removal, target, dependent)));
    for (const entry of unknown) {
      report('warning', `${packageKey(entry)} is installed on ${target} at revision "${entry.revision}", which the catalog does not list, so whether it depends on ${removal.label} is unknown`);
    }
    if (dependents.length === 0) {
      report('warning', `${removal.label} is installed on ${target}, where nothing installed depends on it; once it is removed, the catalog no longer lists what ${target} runs`);
    }
  }
  if (targets.length === 0) {
    results.push(makeResult('info', `${removal.label} is installed on no target, so no installed package depends on it`, removal.catalogNode));
  }
  return results;
}

function needLabel(need: VersionNeed): string {
  return need.kind === undefined ? `${need.group}/${need.version}` : apiKey(need.group, need.version, need.kind);
}

/** Dependents among one package of the input: its dependencies resolved for the target, and their `dependsOn` closure. */
function checkPackage(index: ApiIndex, removal: Removal, target: string, pkg: PackageResolution): Result[] {
  const takes = (start: Start) => packageKey(start.ref) === packageKey(removal.pkg) && start.revision?.revision === removal.revision.revision;
  const where = index.installedOn(target, removal.pkg) === undefined ? `the revision it gets on ${target}, the latest Published one that serves it` : `installed on ${target}`;
  const unit = describeUnit(pkg.unit);
  const report = (how: string) => makeResult('error', `${unit} depends on ${removal.label} (${where})${how}; ${BREAKS}`, pkg.unit.kptfile);
  const results: Result[] = [];
  const starts = pkg.dependencies.map((dependency) => ({ ref: dependency.ref, revision: chosenRevision(dependency.choice) }));
  for (const dependency of pkg.dependencies) {
    if (!takes({ ref: dependency.ref, revision: chosenRevision(dependency.choice) })) continue;
    const needs = [...new Set(dependency.uses.flatMap((use) => (use.need === undefined ? [] : [needLabel(use.need)])))];
    const what = needs.length > 0 ? `needs ${needs.join(', ')}` : 'asks for it with a PackageVariant';
    results.push(report(`: it ${what} (${describeItems(dependency.uses.map((use) => use.item))})`));
  }
  for (const reached of dependsOnClosure(index, starts, target, () => true)) {
    if (!takes(reached)) continue;
    const last = reached.via[reached.via.length - 1];
    const apis = last?.revision === undefined ? [] : neededFrom(index, target, last.revision, removal.pkg, removal.revision);
    const needs = apis.length > 0 ? `needs ${apis.map(requiredApiLabel).join(', ')}` : `names ${packageKey(removal.pkg)} in its dependsOn`;
    const chain = reached.via.map((step) => packageKey(step.ref)).join(' -> ');
    results.push(report(` through ${chain} (${last === undefined ? '' : `${packageKey(last.ref)} `}${needs})`));
  }
  return results;
}

/**
 * The packages of the input as dependents, resolved for the target as resolve-dependencies
 * does. Resolution problems become warnings: they are not the question here, but they may hide
 * a dependent.
 */
function checkInput(list: ResourceList, index: ApiIndex, config: RemovalConfig, removal: Removal, target: string): Result[] {
  const resolution = resolve(list.items, index, config);
  const problems: Result[] = resolution.results
    .filter((result) => result.severity !== 'info')
    .map((result) => ({ ...result, severity: 'warning', message: `a dependent in the input may be missed: ${result.message}` }));
  return [...resolution.packages.flatMap((pkg) => checkPackage(index, removal, target, pkg)), ...problems];
}

function find(index: ApiIndex, config: RemovalConfig, catalogNode: YAMLMap | undefined): Removal | Result {
  const ref: PackageRef = { repository: config.repository, package: config.package };
  const pkg = findPackage(index, ref);
  if ('error' in pkg) return makeResult('error', pkg.error, catalogNode);
  const revision = findRevision(index, pkg.found, String(config.revision), 'revision');
  if ('error' in revision) return makeResult('error', revision.error, catalogNode);
  return { pkg: pkg.found, revision: revision.found, label: `${packageKey(ref)} revision "${revision.found.revision}"`, catalogNode };
}

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
  const { config, index, catalogNode } = prepared;
  const removal = find(index, config, catalogNode);
  if (!('pkg' in removal)) return [...prepared.results, removal];
  const results = [...prepared.results, ...checkInstalled(index, removal)];
  if (config.target !== undefined) {
    results.push(...checkInput(list, index, config, removal, config.target));
  } else if (list.items.some((item) => !isSkipped(item))) {
    results.push(makeResult('info', 'no target is set, so the packages of the input were not checked as dependents; set target to check them'));
  }
  return results;
}
