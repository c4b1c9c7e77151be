import type { YAMLMap } from 'yaml';
import { byCodePoint, describeItem, describeItems, itemString, makeResult } from '../krm/index.js';
import type { Result, ResultCode, Severity } from '../krm/index.js';
import { objectKey, packageId, packageKey, samePackage, uniqueObjects } from '../catalog/index.js';
import type { ApiIndex, CatalogPackage, ObjectRef, PackageRef } from '../catalog/index.js';
import { apiKey, apiLabel } from './api.js';
import { candidatesFor, objectCandidates } from './candidates.js';
import type { CandidateStep } from './candidates.js';
import { collectLocalApis } from './local.js';
import type { LocalApis } from './local.js';
import { downstreamRepo, isSkipped, needsOf } from './needs.js';
import { localObjects, objectReferences } from './references.js';
import type { Need } from './needs.js';
import { describeUnit, groupByPackage } from './packages.js';
import type { PackageUnit } from './packages.js';
import { chooseRevision, everyNeed, isObjectNeed, uniqueNeeds } from './revision-choice.js';
import type { Requirement, RevisionChoice } from './revision-choice.js';
import type { RuleName, Step } from './steps.js';

/**
 * A `preferences` entry of the function config (docs/SPEC.md section 6): for an API (`group`, `kind`?) or for a
 * named object (`object`, its key: `Namespace/nephio-system`); `checkPreferences` refuses others.
 */
export interface Preference {
  group?: string;
  kind?: string;
  object?: string;
  repository: string;
  package: string;
}

export interface ResolveOptions {
  target?: string;
  /** The target's deployment repository (default: the target); see {@link targetRepository}. */
  downstreamRepository?: string;
  preferences: Preference[];
  onUnresolved: 'error' | 'warning';
  /** Severity of a named object no catalog package creates (docs/SPEC.md rule object-resolution). */
  onUnresolvedObject: 'error' | 'warning' | 'ignore';
}

/**
 * The repository a PackageVariant installs into to install on the target (docs/SPEC.md rule package-variants):
 * `downstreamRepository`, by default the target's name; undefined without either, when every PackageVariant counts.
 */
export function targetRepository(options: { target?: string; downstreamRepository?: string }): string | undefined {
  return options.downstreamRepository ?? options.target;
}

/**
 * The tests of docs/SPEC.md rule tie-breaks, in order: (a) installed on the target, (b) named by a
 * preference, (c) chosen without this tie-break for another need of the same package.
 */
export type TieBreakTest = 'installed' | 'preference' | 'chosen-elsewhere';

/** A tie-break and the candidates it singles out; it chooses when it leaves exactly one. */
export type TieBreakStep = Step<CatalogPackage, TieBreakTest>;

/** One reason a package is a dependency: an item and the API version it needs (none for a PackageVariant upstream). */
export interface Use {
  item: YAMLMap;
  need?: Requirement;
  /** Every package that could have provided the need, sorted (empty for a PackageVariant upstream). */
  candidates: CatalogPackage[];
  /**
   * The rule that made the package the provider: `candidates` when it was the only candidate, the
   * tie-break that chose it, or `package-variant-upstream` for a hand-written PackageVariant's upstream.
   */
  rule: RuleName;
}

/** The API needs of the uses (a PackageVariant upstream has none). */
export function needsOfUses(uses: readonly Use[]): Requirement[] {
  return uses.flatMap((use) => (use.need === undefined ? [] : [use.need]));
}

/**
 * A need no package was chosen for: no candidate (`problem` says which filter of rule candidates emptied
 * the list), or several candidates and no tie-break (rule tie-breaks; `ambiguous`). `message` is the
 * text of its result, without the item.
 */
export interface Unresolved {
  item: YAMLMap;
  field: string;
  need: Requirement;
  problem: 'unprovided' | 'unpublished' | 'version' | 'ambiguous';
  /** The candidates of an ambiguous need; empty otherwise. */
  candidates: CatalogPackage[];
  message: string;
  /** The filters of rule candidates as `candidatesFor` took them; the last left nothing unless `ambiguous`. */
  steps: CandidateStep[];
  /** The tie-breaks of an ambiguous need, none of which left exactly one package; empty otherwise. */
  tieBreaks: TieBreakStep[];
}

/**
 * The tag of an ambiguous-api result that lists the preferences settling it, one per candidate,
 * space-separated, each in the form `--prefer` and the ConfigMap form take
 * (`<group>[/<Kind>]=<repository>/<package>`; docs/SPEC.md rule result-codes).
 */
export const SETTLE_TAG = 'pkgdeps.dev/prefer-one-of';

/** What a preference for the need names: `<group>[/<Kind>]`, or the object's key (`Namespace/nephio-system`). */
export function needSubject(need: Requirement): string {
  return isObjectNeed(need) ? objectKey(need.object) : `${need.group}${need.kind === undefined ? '' : `/${need.kind}`}`;
}

/** The need in messages: `group/version Kind`, or the object's key. */
export function needText(need: Requirement): string {
  return isObjectNeed(need) ? objectKey(need.object) : apiLabel(need.group, need.version, need.kind ?? '(any kind)');
}

/** The tags of an ambiguous-api or ambiguous-object result for `need` and its candidates. */
export function settleTags(need: Requirement, candidates: readonly PackageRef[]): Record<string, string> {
  const subject = needSubject(need);
  return { [SETTLE_TAG]: candidates.map((candidate) => `${subject}=${packageKey(candidate)}`).join(' ') };
}

/** The result code of each kind of unresolved need, of an API or a named object (docs/SPEC.md rule result-codes). */
export function unresolvedCode(problem: Unresolved['problem'], need: Requirement): ResultCode {
  if (isObjectNeed(need)) {
    if (problem === 'ambiguous') return 'ambiguous-object';
    return problem === 'unpublished' ? 'unpublished-object' : 'unresolved-object';
  }
  const codes: Record<Unresolved['problem'], ResultCode> = {
    unprovided: 'unresolved-api',
    unpublished: 'unpublished-api',
    version: 'unserved-version',
    ambiguous: 'ambiguous-api',
  };
  return codes[problem];
}

/** A preference for `pkg` that settles the need: the function config's form, and the ConfigMap (`--prefer`) form. */
export function preferenceForms(need: Requirement, pkg: PackageRef): { typed: string; text: string } {
  const subject = isObjectNeed(need)
    ? `object: ${objectKey(need.object)}`
    : `group: ${need.group}${need.kind === undefined ? '' : `, kind: ${need.kind}`}`;
  return {
    typed: `{${subject}, repository: ${pkg.repository}, package: ${pkg.package}}`,
    text: `${needSubject(need)}=${packageKey(pkg)}`,
  };
}

export interface Dependency {
  ref: PackageRef;
  /** Undefined when only a hand-written PackageVariant names the package and the catalog does not know it. */
  pkg: CatalogPackage | undefined;
  uses: Use[];
  choice: RevisionChoice | undefined;
}

export interface PackageResolution {
  unit: PackageUnit;
  /** The catalog package this package is, when the catalog knows it (docs/SPEC.md rule self-provider). */
  self: PackageRef | undefined;
  /** Sorted by `<repository>/<package>`. */
  dependencies: Dependency[];
  /** `<group>/<version>/<Kind>` of every external API, sorted. */
  requiredApis: string[];
  /** Every named object the package references and neither creates itself nor the platform has, sorted by key. */
  requiredObjects: ObjectRef[];
  /** Items whose own API comes from a catalog package, with that package. */
  providedBy: Map<YAMLMap, PackageRef>;
  /** Needs left without a provider, in the order their results were reported. */
  unresolved: Unresolved[];
}

export interface Resolution {
  packages: PackageResolution[];
  results: Result[];
}

/** A need with its candidate packages, waiting for the tie-breaks of docs/SPEC.md rule tie-breaks. */
interface Pending {
  item: YAMLMap;
  field: string;
  need: Requirement;
  candidates: CatalogPackage[];
  steps: CandidateStep[];
  /** The need is the item's own apiVersion/kind (it then gets `provided-by`). */
  ownApi: boolean;
}

/**
 * The package the tie-breaks taken chose: the only candidate when none was taken, the one the last left when it
 * left exactly one, else none.
 */
function chosenBy(pending: Pending, steps: readonly TieBreakStep[]): CatalogPackage | undefined {
  const last = steps.at(-1);
  if (last === undefined) return pending.candidates[0];
  return last.left.length === 1 ? last.left[0] : undefined;
}

/**
 * docs/SPEC.md rule tie-breaks (a) and (b) over several candidates: each in order, with the candidates it
 * singles out, up to the first that leaves exactly one (it chooses that one). Each looks at all the candidates.
 */
function installedOrPreferred(pending: Pending, index: ApiIndex, options: ResolveOptions): TieBreakStep[] {
  const { candidates, need } = pending;
  const { target } = options;
  const installed =
    target === undefined ? [] : candidates.filter((pkg) => index.installedOn(target, pkg) !== undefined);
  const steps: TieBreakStep[] = [{ rule: 'tie-breaks (a)', test: 'installed', left: installed }];
  if (installed.length === 1) return steps;
  const names = (pref: Preference, withKind: boolean) =>
    isObjectNeed(need)
      ? withKind && pref.object === objectKey(need.object)
      : pref.group === need.group &&
        (withKind ? pref.kind !== undefined && pref.kind === need.kind : pref.kind === undefined);
  const preferred = (withKind: boolean) =>
    options.preferences.find((pref) => names(pref, withKind) && candidates.some((pkg) => samePackage(pkg, pref)));
  const preference = preferred(true) ?? preferred(false);
  const named = preference === undefined ? [] : candidates.filter((pkg) => samePackage(pkg, preference));
  steps.push({ rule: 'tie-breaks (b)', test: 'preference', left: named });
  return steps;
}

/**
 * docs/SPEC.md rule tie-breaks (c): the candidates among `chosen`, the packages (by `packageId`) the package depends
 * on without this tie-break.
 */
function chosenElsewhere(pending: Pending, chosen: ReadonlySet<string>): TieBreakStep {
  const left = pending.candidates.filter((pkg) => chosen.has(packageId(pkg)));
  return { rule: 'tie-breaks (c)', test: 'chosen-elsewhere', left };
}

function ambiguityMessage(pending: Pending, target: string | undefined): string {
  const { need, candidates } = pending;
  const first = candidates[0];
  const forms = first === undefined ? undefined : preferenceForms(need, first);
  const example =
    forms === undefined
      ? ''
      : `; settle it with a preference in the function config, e.g. preferences: [${forms.typed}] (ConfigMap form: preferences: "${forms.text}")`;
  const installedHint = target === undefined ? ' (no target is set, so installed packages cannot settle it)' : '';
  const verb = isObjectNeed(need) ? 'created' : 'provided';
  return `${needText(need)} is ${verb} by ${candidates.length} packages: ${candidates.map(packageKey).join(', ')}${installedHint}${example}`;
}

/**
 * The catalog package a package unit is, matched by its directory (as `kpt fn source` of a
 * repository gives it), its Kptfile's `upstream.git.directory`, or its Kptfile name; only a
 * single match counts.
 */
function selfOf(unit: PackageUnit, index: ApiIndex): PackageRef | undefined {
  const kptfile = unit.kptfile;
  const names = [
    unit.dir,
    kptfile === undefined
      ? undefined
      : itemString(kptfile, ['upstream', 'git', 'directory'])?.replace(/^\/+|\/+$/g, ''),
    kptfile === undefined ? undefined : itemString(kptfile, ['metadata', 'name']),
  ];
  for (const name of names) {
    if (name === undefined || name === '') continue;
    const matches = index.packageRefs().filter((pkg) => pkg.package === name || name.endsWith(`/${pkg.package}`));
    if (matches.length === 1) return matches[0];
  }
  return undefined;
}

class UnitResolver {
  readonly results: Result[] = [];
  private readonly pendings: Pending[] = [];
  private readonly requiredApis = new Set<string>();
  private readonly requiredObjects = new Map<string, ObjectRef>();
  private readonly isLocalObject: (ref: ObjectRef) => boolean;
  /** External objects no package creates, when the catalog lists no objects at all: one result for them all. */
  private readonly unlisted = new Map<string, ObjectRef>();
  private readonly direct: Array<{ item: YAMLMap; ref: PackageRef }> = [];
  private readonly unresolved: Unresolved[] = [];

  constructor(
    private readonly unit: PackageUnit,
    private readonly local: LocalApis,
    private readonly index: ApiIndex,
    private readonly options: ResolveOptions,
    private readonly objectsListed: boolean,
  ) {
    this.isLocalObject = localObjects(unit.items);
  }

  private report(severity: Severity, code: ResultCode, message: string, item: YAMLMap, field: string): Result {
    const result = makeResult(severity, code, `${describeItem(item)}: ${message}`, item, { path: field });
    this.results.push(result);
    return result;
  }

  /** docs/SPEC.md rule candidates for an API, rule object-resolution for a named object: one code path. */
  private addCandidates(item: YAMLMap, field: string, need: Requirement, ownApi: boolean): void {
    const object = isObjectNeed(need) ? need.object : undefined;
    const answer = isObjectNeed(need)
      ? objectCandidates(this.index, need.object)
      : candidatesFor(this.index, need.group, need.version, need.kind);
    if ('packages' in answer) {
      this.pendings.push({ item, field, need, candidates: answer.packages, steps: answer.steps, ownApi });
      return;
    }
    const { problem, steps } = answer;
    if (object !== undefined && problem === 'unprovided' && !this.objectsListed) {
      this.unlisted.set(objectKey(object), object);
      return;
    }
    const severity =
      problem !== 'unprovided'
        ? 'error'
        : object === undefined
          ? this.options.onUnresolved
          : this.options.onUnresolvedObject;
    if (severity === 'ignore') return;
    const platformEntry =
      object === undefined
        ? `group ${needSubject(need).split('/')[0] ?? ''}`
        : `{kind: ${object.kind}${object.namespace === undefined ? '' : `, namespace: ${object.namespace}`}, name: ${object.name}}`;
    const hint =
      problem === 'unprovided'
        ? `; add the package that ${object === undefined ? 'brings' : 'creates'} it to the catalog, or list ${platformEntry} under platform if the target has it without a package`
        : '';
    const message = `${answer.message}${hint}`;
    this.unresolved.push({ item, field, need, problem, candidates: [], message, steps, tieBreaks: [] });
    this.report(severity, unresolvedCode(problem, need), message, item, field);
  }

  private onApi(need: Extract<Need, { type: 'api' }>): void {
    const { item, group, version, kind } = need;
    if (this.index.isPlatform(group, kind)) return;
    if (this.local.kinds.has(`${group}/${kind}`) || this.local.apiServices.has(`${group}/${version}`)) return;
    this.requiredApis.add(apiKey(group, version, kind));
    this.addCandidates(item, need.field, { group, version, kind }, true);
  }

  private onRbac(need: Extract<Need, { type: 'rbac' }>): void {
    const { item, group, resource, field } = need;
    if (this.index.isPlatform(group, undefined) || this.local.plurals.has(`${group}/${resource}`)) return;
    const kinds = this.index.kindsForResource(group, resource);
    if (kinds.length === 0) {
      if (this.local.apiServiceGroups.has(group)) return;
      if (this.index.apiServiceOffers(group).length > 0) {
        this.addCandidates(item, field, { group, version: '*' }, false);
        return;
      }
      this.report(
        'warning',
        'rbac-unattributed',
        `RBAC rule names resource "${resource}" of group ${group}, which no CRD of the package or the catalog defines; it is not attributed to any package`,
        item,
        field,
      );
      return;
    }
    for (const kind of kinds) {
      if (this.local.kinds.has(`${group}/${kind}`) || this.index.isPlatform(group, kind)) continue;
      this.requiredApis.add(apiKey(group, '*', kind));
      this.addCandidates(item, field, { group, version: '*', kind }, false);
    }
  }

  /**
   * docs/SPEC.md rule package-variant-upstream: a hand-written PackageVariant's upstream is a dependency when it
   * installs on the target, into its downstream repository; one into another repository installs on another target.
   */
  private onPackageVariant(need: Extract<Need, { type: 'package' }>): void {
    const repo = targetRepository(this.options);
    const into = downstreamRepo(need.item);
    if (repo === undefined || into === repo) {
      this.direct.push({ item: need.item, ref: need.ref });
      return;
    }
    const where = into === undefined ? 'into no downstream repository' : `into downstream repository ${into}`;
    const target = this.options.target === undefined ? '' : ` of target ${this.options.target}`;
    this.report(
      'info',
      'other-target',
      `installs ${packageKey(need.ref)} ${where}, not ${repo} (the downstream repository${target}: ` +
        'downstreamRepository, by default the target), so on another target: no dependency here',
      need.item,
      'spec.downstream.repo',
    );
  }

  /** docs/SPEC.md rules object-references, local-objects and platform-objects: what the item references outside. */
  private onObjects(item: YAMLMap): void {
    const clusterScoped = (group: string, kind: string) =>
      this.local.clusterScoped.has(`${group}/${kind}`) || this.index.isClusterScoped(group, kind);
    for (const { ref, field } of objectReferences(item, clusterScoped)) {
      if (this.isLocalObject(ref) || this.index.isPlatformObject(ref)) continue;
      this.requiredObjects.set(objectKey(ref), ref);
      this.addCandidates(item, field, { object: ref }, false);
    }
  }

  private collect(): void {
    for (const item of this.unit.items) {
      if (isSkipped(item)) continue;
      for (const need of needsOf(item)) {
        if (need.type === 'api') this.onApi(need);
        else if (need.type === 'rbac') this.onRbac(need);
        else if (need.type === 'package') this.onPackageVariant(need);
        else
          this.report(
            'info',
            'rbac-wildcard',
            'RBAC rule with "*" in apiGroups or resources cannot be attributed to a package; name the groups and resources to have them checked',
            need.item,
            need.field,
          );
      }
      this.onObjects(item);
    }
  }

  /**
   * docs/SPEC.md rule object-resolution: a catalog none of whose revisions lists an object it creates (built before
   * pkgdeps read named objects) cannot say who creates one, so the package gets one result naming them all, not one
   * per reference.
   */
  private reportUnlisted(): void {
    const severity = this.options.onUnresolvedObject;
    if (this.unlisted.size === 0 || severity === 'ignore') return;
    const keys = uniqueObjects([...this.unlisted.values()]).map(objectKey);
    const message =
      `${describeUnit(this.unit)} references ${keys.join(', ')}, which it does not create, and catalog ` +
      `"${this.index.catalog.name}" cannot say which packages create them: none of its revisions lists the named ` +
      'objects it creates (objects), as catalogs built before pkgdeps read named objects do not; build the catalog ' +
      'again (build-catalog, pkgdeps catalog build or pkgdeps catalog from-cluster) to resolve them, or list those ' +
      'the target has without a package under platform';
    this.results.push(makeResult(severity, 'unresolved-object', message, this.unit.kptfile));
  }

  resolve(): PackageResolution {
    this.collect();
    this.reportUnlisted();
    const self = selfOf(this.unit, this.index);
    const isSelf = (ref: PackageRef) => self !== undefined && samePackage(ref, self);
    // Tie-breaks (a) and (b) for every need first, so that (c) counts what they chose whatever the order of the needs.
    const early = new Map<Pending, TieBreakStep[]>();
    for (const pending of this.pendings) {
      if (pending.candidates.some(isSelf)) continue;
      early.set(pending, pending.candidates.length > 1 ? installedOrPreferred(pending, this.index, this.options) : []);
    }
    // What the package depends on without tie-break (c): its hand-written PackageVariants' upstreams, the only
    // candidate of a need, the package (a) or (b) chose for one.
    const chosen = new Set(this.direct.map(({ ref }) => packageId(ref)));
    for (const [pending, steps] of early) {
      const pkg = chosenBy(pending, steps);
      if (pkg !== undefined) chosen.add(packageId(pkg));
    }
    const dependencies = new Map<string, Dependency>();
    const providedBy = new Map<YAMLMap, PackageRef>();
    const use = (ref: PackageRef, pkg: CatalogPackage | undefined, entry: Use) => {
      const key = packageId(ref);
      const dependency = dependencies.get(key) ?? {
        ref: { repository: ref.repository, package: ref.package },
        pkg,
        uses: [],
        choice: undefined,
      };
      dependency.uses.push(entry);
      dependencies.set(key, dependency);
    };

    for (const [pending, first] of early) {
      const settled = first.length === 0 || chosenBy(pending, first) !== undefined;
      const tied = settled ? first : [...first, chosenElsewhere(pending, chosen)];
      const last = tied.at(-1);
      const pkg = chosenBy(pending, tied);
      if (pkg === undefined) {
        const { item, field, need, candidates, steps } = pending;
        const message = ambiguityMessage(pending, this.options.target);
        this.unresolved.push({ item, field, need, problem: 'ambiguous', candidates, message, steps, tieBreaks: tied });
        const result = this.report('error', unresolvedCode('ambiguous', need), message, item, field);
        result.tags = { ...result.tags, ...settleTags(need, candidates) };
        continue;
      }
      const rule = last === undefined ? 'candidates' : last.rule;
      use(pkg, pkg, { item: pending.item, need: pending.need, candidates: pending.candidates, rule });
      if (pending.ownApi) providedBy.set(pending.item, pkg);
    }
    for (const { item, ref } of this.direct) {
      if (isSelf(ref)) continue;
      const pkg = this.index.pkg(ref);
      if (pkg === undefined) {
        this.report(
          'warning',
          'upstream-unknown',
          `PackageVariant upstream ${packageKey(ref)} is not in the catalog; its own dependencies are unknown`,
          item,
          'spec.upstream',
        );
      }
      use(ref, pkg, { item, candidates: [], rule: 'package-variant-upstream' });
    }

    const sorted = [...dependencies.values()].sort((a, b) => byCodePoint(packageKey(a.ref), packageKey(b.ref)));
    for (const dependency of sorted) this.choose(dependency);
    return {
      unit: this.unit,
      self,
      dependencies: sorted,
      requiredApis: pruneWildcards([...this.requiredApis]).sort(byCodePoint),
      requiredObjects: uniqueObjects([...this.requiredObjects.values()]),
      providedBy,
      unresolved: this.unresolved,
    };
  }

  private choose(dependency: Dependency): void {
    const first = dependency.uses[0];
    if (dependency.pkg === undefined || first === undefined) return;
    const needs = uniqueNeeds(needsOfUses(dependency.uses));
    const choice = chooseRevision(this.index, dependency.pkg, needs, this.options.target);
    dependency.choice = choice;
    if ('error' in choice) {
      this.report('error', 'no-revision', choice.error, first.item, 'apiVersion');
      return;
    }
    const where =
      choice.reason === 'installed'
        ? `installed on ${this.options.target}`
        : `latest Published revision ${everyNeed(needs, 'serving')}`;
    const neededBy = describeItems(dependency.uses.map((entry) => entry.item));
    this.results.push(
      makeResult(
        'info',
        'dependency',
        `${describeUnit(this.unit)} depends on ${packageKey(dependency.ref)} revision "${choice.revision.revision}" (${where}), needed by ${neededBy}`,
        this.unit.kptfile,
      ),
    );
  }
}

/** Drops `<group>/*\/<Kind>` where the same group/kind is also needed at a real version. */
function pruneWildcards(keys: string[]): string[] {
  const parts = keys.map((key) => key.split('/'));
  const versioned = new Set(
    parts.filter(([, version]) => version !== '*').map(([group, , kind]) => `${group}/${kind}`),
  );
  return keys.filter((key, i) => {
    const [group, version, kind] = parts[i] ?? [];
    return version !== '*' || !versioned.has(`${group}/${kind}`);
  });
}

/**
 * docs/SPEC.md section 4 over a whole ResourceList: package by package (rule package-unit), each with
 * the local APIs of its own items (rule local-apis). `objectsListed`: whether the catalog says which packages create
 * named objects ({@link ApiIndex.listsObjects}; a catalog build knows it of the revisions it builds). Pure: reads the
 * items, writes nothing.
 */
export function resolve(
  items: YAMLMap[],
  index: ApiIndex,
  options: ResolveOptions,
  objectsListed = index.listsObjects(),
): Resolution {
  const { units, orphans } = groupByPackage(items);
  const all =
    orphans.length === 0 ? units : [...units, { dir: '', kptfile: undefined, innerKptfiles: [], items: orphans }];
  const results: Result[] = [];
  const packages = all.map((unit) => {
    const resolver = new UnitResolver(unit, collectLocalApis(unit.items), index, options, objectsListed);
    const resolution = resolver.resolve();
    results.push(...resolver.results);
    return resolution;
  });
  return { packages, results };
}
