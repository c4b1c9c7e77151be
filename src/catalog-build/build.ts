import { makeResult } from '../krm/index.js';
import type { Result } from '../krm/index.js';
import { ApiIndex, packageId, packageKey, samePackage, sameRevision } from '../catalog/index.js';
import { checkPackages } from '../catalog/checks.js';
import type { Catalog, CatalogPackage, CatalogRevision, PackageRef, RequiredApi } from '../catalog/index.js';
import { createdObjects, preferenceSubject, resolve } from '../resolve/index.js';
import type { PackageResolution, Preference } from '../resolve/index.js';
import { mergePackages } from './merge.js';
import type { PackageSource } from './packages.js';
import { providedApis } from './provides.js';
import { buildFindings } from './findings.js';

/** What a build produced: the catalog's packages (existing entries merged in) and the results. */
export interface Build {
  /** Undefined when the catalog cannot be written (error results say why). */
  packages: CatalogPackage[] | undefined;
  /** Package revisions built, counted per repository. */
  built: Map<string, number>;
  results: Result[];
}

function label(source: PackageSource): string {
  return `${source.repository}/${source.package} revision "${source.revision}"`;
}

/** Two sources for the same repository/package/revision (two directories mapped to one repository). */
function duplicates(sources: PackageSource[]): Result[] {
  const byPackage = new Map<string, PackageSource[]>();
  const results: Result[] = [];
  for (const source of sources) {
    const key = packageId(source);
    const seen = byPackage.get(key) ?? [];
    const first = seen.find((other) => sameRevision(other.revision, source.revision));
    if (first !== undefined) {
      const message =
        `${label(source)} is found twice, in directories "${first.dir}" and "${source.dir}"; ` +
        'map each directory to its own repository, or give the entries different revisions';
      results.push(makeResult('error', 'package-twice', message));
    }
    seen.push(source);
    byPackage.set(key, seen);
  }
  return results;
}

function parseApiKey(key: string): RequiredApi {
  const [group = '', version = '', kind = ''] = key.split('/');
  return { group, version, kind };
}

function dependsOn(resolution: PackageResolution, self: PackageRef): PackageRef[] {
  return resolution.dependencies
    .map((dependency) => dependency.ref)
    .filter((ref) => !samePackage(ref, self))
    .map((ref) => ({ repository: ref.repository, package: ref.package }));
}

/** A warning for each preference naming a package the built catalog does not hold: it settles nothing. */
function unknownPreferences(preferences: Preference[], packages: CatalogPackage[], name: string): Result[] {
  const known = new Set(packages.map(packageId));
  return preferences
    .filter((preference) => !known.has(packageId(preference)))
    .map((preference) => {
      const message = `preference for ${preferenceSubject(preference)} names ${packageKey(preference)}, which is not in catalog ${name}; it settles nothing`;
      return makeResult('warning', 'unknown-preference', message, undefined, { path: 'preferences' });
    });
}

/**
 * Builds the catalog entries of `sources` (docs/SPEC.md sections 3 and 6): `provides` from each
 * package revision's CRDs and APIServices, `objects` from the named objects it creates (docs/SPEC.md rule
 * object-references), then `requires`, `requiresObjects` and `dependsOn` by resolving each
 * package revision (docs/SPEC.md section 4) against the catalog being built, which is `existing`
 * with the new revisions merged in. Ambiguities are warnings that name the candidates;
 * `preferences` settle them (one naming a package the catalog lacks is a warning). Pure: reads
 * the items, changes nothing.
 */
export function buildPackages(
  sources: PackageSource[],
  existing: Catalog | undefined,
  preferences: Preference[],
  name: string,
): Build {
  const built = new Map<string, number>();
  const results = duplicates(sources);
  if (results.length > 0) return { packages: undefined, built, results };

  const revisions = new Map<PackageSource, CatalogRevision>();
  const builtPackages = new Map<string, CatalogPackage>();
  for (const source of sources) {
    const { provides, problems } = providedApis(source.items);
    for (const problem of problems)
      results.push(makeResult('warning', 'provides-problem', `${label(source)}: ${problem.message}`, problem.item));
    const revision: CatalogRevision = {
      revision: source.revision,
      ...(source.workspaceName === undefined ? {} : { workspaceName: source.workspaceName }),
      lifecycle: source.lifecycle ?? 'Published',
      provides,
      requires: [],
      dependsOn: [],
      objects: createdObjects(source.items),
      requiresObjects: [],
    };
    revisions.set(source, revision);
    const key = packageId(source);
    const pkg = builtPackages.get(key) ?? { repository: source.repository, package: source.package, revisions: [] };
    pkg.revisions.push(revision);
    builtPackages.set(key, pkg);
    built.set(source.repository, (built.get(source.repository) ?? 0) + 1);
  }

  const packages = mergePackages(existing?.packages ?? [], [...builtPackages.values()]);
  const problems = checkPackages(packages);
  if (problems.length > 0) {
    const failed = problems.map((problem) =>
      makeResult(problem.severity, problem.code, `catalog ${name}: data.${problem.key}: ${problem.message}`),
    );
    return { packages: undefined, built, results: [...results, ...failed] };
  }

  const index = new ApiIndex({
    name,
    packages,
    installed: existing?.installed ?? [],
    platform: existing?.platform ?? [],
    platformObjects: existing?.platformObjects ?? [],
  });
  const options = { preferences, onUnresolved: 'warning' as const, onUnresolvedObject: 'warning' as const };
  for (const [source, revision] of revisions) {
    // The revisions built list the objects they create, also when they create none (docs/SPEC.md rule
    // object-resolution): an object no package creates is reported where it is referenced.
    const resolution = resolve(source.items, index, options, true);
    const unit = resolution.packages.find((pkg) => pkg.unit.dir === source.dir);
    if (unit !== undefined) {
      revision.requires = unit.requiredApis.map(parseApiKey);
      revision.dependsOn = dependsOn(unit, source);
      revision.requiresObjects = unit.requiredObjects;
    }
    results.push(...buildFindings(label(source), unit, resolution.results));
  }
  results.push(...unknownPreferences(preferences, packages, name));
  return { packages, built, results };
}
