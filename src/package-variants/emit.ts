import { isSeq } from 'yaml';
import type { YAMLMap, YAMLSeq } from 'yaml';
import { annotation, byCodePoint, itemFile, itemString, makeResult, moveResult } from '../krm/index.js';
import type { ResourceList, Result, ResultCode } from '../krm/index.js';
import { packageKey } from '../catalog/index.js';
import type { ApiIndex, CatalogRevision, PackageRef } from '../catalog/index.js';
import { GENERATED_BY, downstreamRepo, packageClosure, readFailure } from '../resolve/index.js';
import type { ClosureNode, PackageResolution, PackageUnit, Resolution } from '../resolve/index.js';
import type { EmitConfig } from './config.js';
import { dnsLabel, downstreamPackages, variantNames } from './naming.js';
import { choosePin, pinChangeWarning } from './pin.js';
import { createVariant, isOwnedBy, isPackageVariant, updateVariant } from './variant.js';
import { upstreamKey, variantId } from './variant.js';
import type { VariantSpec } from './variant.js';

/** One PackageVariant a package needs: new, or an existing one of its own to update. */
interface Wanted {
  spec: VariantSpec;
  path: string;
  existing: YAMLMap | undefined;
  key: string;
  revision: CatalogRevision;
}

/** A package of the closure that needs a PackageVariant, with its pin (docs/SPEC.md rule upstream-pin). */
interface Missing {
  key: string;
  node: ClosureNode;
  revision: CatalogRevision;
  workspaceName: string;
}

const NAME = ['metadata', 'name'];
const DOWNSTREAM_PACKAGE = ['spec', 'downstream', 'package'];

/** For each missing package that `find` gives an item for, the string at `path` of that item. */
function currentValues(
  missing: Missing[],
  find: (entry: Missing) => YAMLMap | undefined,
  path: string[],
): Map<PackageRef, string> {
  const values = new Map<PackageRef, string>();
  for (const entry of missing) {
    const item = find(entry);
    const value = item === undefined ? undefined : itemString(item, path);
    if (value !== undefined) values.set(entry.node.pkg, value);
  }
  return values;
}

/** What one package's run will do, computed before anything changes. */
interface Plan {
  name: string;
  wanted: Wanted[];
  own: YAMLMap[];
  /** About the pins written (docs/SPEC.md rule upstream-pin): given only when the plan is applied. */
  warnings: Result[];
}

/** Slash-separated path of the parts, without empty or `.` segments. */
function joinPath(...parts: string[]): string {
  return parts
    .flatMap((part) => part.split('/'))
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/');
}

/** The name `pkgdeps.dev/generated-by` gives a package: its Kptfile's name. */
function packageName(unit: PackageUnit): string | undefined {
  return unit.kptfile === undefined ? undefined : (itemString(unit.kptfile, ['metadata', 'name']) ?? unit.dir);
}

function label(item: YAMLMap): string {
  const path = itemFile(item)?.path;
  return `PackageVariant ${variantId(item)}${path === undefined ? '' : ` (${path})`}`;
}

class Emitter {
  readonly results: Result[] = [];
  /**
   * PackageVariants of the input into the target's downstream repository that no package of
   * this ResourceList generated, by upstream `<repo>/<package>`: those request their upstream
   * for the target; one into another repository installs on another target.
   */
  private readonly requests = new Map<string, YAMLMap>();
  /** Upstreams that packages planned before the current one will request. */
  private readonly planned = new Map<string, string>();
  private readonly namingKey: string;
  private readonly prefix: string;

  constructor(
    private readonly list: ResourceList,
    private readonly index: ApiIndex,
    private readonly config: EmitConfig,
    packageNames: Set<string>,
  ) {
    this.namingKey = config.target ?? config.downstreamRepository;
    this.prefix = config.downstreamPrefix ?? `${dnsLabel(this.namingKey)}-`;
    for (const item of list.items) {
      const forTarget = isPackageVariant(item) && downstreamRepo(item) === config.downstreamRepository;
      const key = forTarget ? upstreamKey(item) : undefined;
      const generatedBy = annotation(item, GENERATED_BY);
      if (
        key !== undefined &&
        !(generatedBy !== undefined && packageNames.has(generatedBy)) &&
        !this.requests.has(key)
      ) {
        this.requests.set(key, item);
      }
    }
  }

  plan(resolution: PackageResolution): Plan | undefined {
    const { unit } = resolution;
    const closure = packageClosure(this.index, resolution, this.config.target);
    const name = packageName(unit);
    const kptfile = unit.kptfile;
    if (kptfile === undefined || name === undefined) {
      if (closure.roots.length > 0) {
        const message =
          'items outside any kpt package (no Kptfile above them) have dependencies, ' +
          'but no package to generate PackageVariants for; run the function on the package';
        this.results.push(makeResult('warning', 'outside-package', message));
      }
      return undefined;
    }
    this.results.push(...closure.results.map((result) => moveResult(result, kptfile)));
    const dependent = resolution.self === undefined ? name : packageKey(resolution.self);

    const missing: Missing[] = [];
    const warnings: Result[] = [];
    for (const key of closure.order) {
      const node = closure.nodes.get(key) as ClosureNode;
      if (!('revision' in node.choice)) continue;
      const { revision } = node.choice;
      if (node.choice.reason === 'installed') {
        this.info(
          kptfile,
          'installed',
          `${key} revision "${revision.revision}" is installed on ${this.config.target}: no PackageVariant needed`,
        );
        continue;
      }
      const request = this.requests.get(key);
      const plannedBy = this.planned.get(key);
      if (request !== undefined || plannedBy !== undefined) {
        const by = request === undefined ? `the PackageVariant ${plannedBy} of another package` : label(request);
        this.info(kptfile, 'requested', `${key} is already requested by ${by}: no PackageVariant generated`);
        continue;
      }
      const pin = choosePin(revision, node.pkg.package);
      if ('refused' in pin) {
        this.results.push(makeResult('error', 'pin-placeholder', `${key}: ${pin.refused}`, kptfile));
        continue;
      }
      if (pin.inferred !== undefined) {
        warnings.push(makeResult('warning', 'pin-inferred', `${key}: ${pin.inferred}`, kptfile));
      }
      missing.push({ key, node, revision, workspaceName: pin.workspaceName });
    }

    const owner = { generatedBy: name, target: this.namingKey, downstreamRepository: this.config.downstreamRepository };
    const own = unit.items.filter((item) => isOwnedBy(item, owner));
    const refs = missing.map(({ node }) => node.pkg);
    // An existing PackageVariant keeps its name and downstream package (docs/SPEC.md rule package-variants).
    const ownFor = ({ key }: Missing) => own.find((item) => upstreamKey(item) === key);
    const names = variantNames(this.namingKey, refs, currentValues(missing, ownFor, NAME));
    const existingOf = new Map(refs.map((ref) => [ref, own.find((item) => itemString(item, NAME) === names.get(ref))]));
    const current = currentValues(missing, ({ node }) => existingOf.get(node.pkg), DOWNSTREAM_PACKAGE);
    const downstream = downstreamPackages(this.prefix, this.namingKey, refs, current);
    const wanted = missing.map(({ key, node, revision, workspaceName }): Wanted => {
      const variantName = names.get(node.pkg) as string;
      const spec: VariantSpec = {
        name: variantName,
        namespace: this.config.namespace,
        generatedBy: name,
        target: this.namingKey,
        requiredBy: [...node.requiredBy, ...(node.direct ? [dependent] : [])].sort(byCodePoint),
        upstream: { repo: node.pkg.repository, package: node.pkg.package, workspaceName },
        downstream: { repo: this.config.downstreamRepository, package: downstream.get(node.pkg) as string },
      };
      const existing = existingOf.get(node.pkg);
      const moved = existing === undefined ? undefined : this.pinChange(existing, key, node, revision);
      if (moved !== undefined) warnings.push(moved);
      const path =
        (existing === undefined ? undefined : itemFile(existing)?.path) ??
        joinPath(unit.dir, this.config.outputDir, `${variantName}.yaml`);
      return { spec, path, existing, key, revision };
    });
    this.checkConflicts(wanted, own);
    for (const { key, spec } of wanted) this.planned.set(key, `${spec.namespace}/${spec.name}`);
    return { name, wanted, own, warnings };
  }

  /** A name or file of a new PackageVariant already taken by an item that is not one of the package's own. */
  private checkConflicts(wanted: Wanted[], own: YAMLMap[]): void {
    // The first other item of each PackageVariant id and of each file, found in one pass (not one per wanted).
    const owned = new Set(own);
    const byId = new Map<string, YAMLMap>();
    const byPath = new Map<string, YAMLMap>();
    for (const item of this.list.items) {
      if (owned.has(item)) continue;
      if (isPackageVariant(item) && !byId.has(variantId(item))) byId.set(variantId(item), item);
      const file = itemFile(item)?.path;
      if (file !== undefined && !byPath.has(file)) byPath.set(file, item);
    }
    for (const { spec, path, existing } of wanted) {
      const id = `${spec.namespace}/${spec.name}`;
      const sameName = byId.get(id);
      if (sameName !== undefined) {
        this.results.push(
          makeResult(
            'error',
            'name-taken',
            `${label(sameName)} has the name of the PackageVariant pkgdeps needs for ${spec.upstream.repo}/` +
              `${spec.upstream.package}, but it was not generated for this package on ${this.namingKey}; rename or ` +
              'remove it, or set another namespace',
            sameName,
          ),
        );
      }
      const samePath = existing === undefined ? byPath.get(path) : undefined;
      if (samePath !== undefined) {
        const message =
          `file ${path}, where the PackageVariant ${id} goes, already holds another resource; ` +
          'move that resource or set outputDir to another directory';
        this.results.push(makeResult('error', 'file-taken', message, samePath));
      }
    }
  }

  /** What Porch does with a moved pin, where the old revision has no Porch number (docs/SPEC.md rule upstream-pin). */
  private pinChange(existing: YAMLMap, key: string, node: ClosureNode, revision: CatalogRevision): Result | undefined {
    const from = itemString(existing, ['spec', 'upstream', 'workspaceName']);
    const pkg = this.index.pkg(node.pkg);
    if (from === undefined || pkg === undefined || upstreamKey(existing) !== key) return undefined;
    const warning = pinChangeWarning(pkg, from, revision);
    if (warning === undefined) return undefined;
    return makeResult('warning', 'pin-moved', `${label(existing)}: ${warning}`, existing);
  }

  private info(node: YAMLMap, code: ResultCode, message: string): void {
    this.results.push(makeResult('info', code, message, node));
  }

  /**
   * Applies a plan: updates and creates the package's PackageVariants, removes the ones no
   * longer needed. The info results describe the state reached, so a second run repeats them
   * (except the removals).
   */
  apply(plan: Plan): void {
    const nodes = plan.wanted.map((wanted) => {
      const { spec, existing, revision, key } = wanted;
      if (existing !== undefined) updateVariant(this.list.doc, existing, spec);
      const node = existing ?? createVariant(this.list.doc, spec, wanted.path);
      this.info(
        node,
        'package-variant',
        `${label(node)} installs ${key} revision "${revision.revision}" on ${this.namingKey} (pinned by ` +
          `workspaceName ${spec.upstream.workspaceName}) as ${spec.downstream.repo}/${spec.downstream.package}; ` +
          `required by ${spec.requiredBy.join(', ')}`,
      );
      return node;
    });
    for (const node of plan.own.filter((item) => !nodes.includes(item))) {
      this.info(
        node,
        'package-variant-removed',
        `removed ${label(node)}: package ${plan.name} no longer needs ${upstreamKey(node) ?? 'its upstream'} on ${this.namingKey}`,
      );
    }
    this.place(nodes, plan.own);
  }

  /**
   * Puts the package's PackageVariants in dependency order into the places its old ones held,
   * the rest at the end; other items keep their places.
   */
  private place(nodes: YAMLMap[], own: YAMLMap[]): void {
    const seq = this.itemsSeq();
    const queue = [...nodes];
    const items: unknown[] = [];
    for (const item of seq.items) {
      if (!own.includes(item as YAMLMap)) items.push(item);
      else if (queue.length > 0) items.push(queue.shift());
    }
    seq.items = [...items, ...queue];
    this.list.items = seq.items as YAMLMap[];
  }

  private itemsSeq(): YAMLSeq {
    const { doc } = this.list;
    const current: unknown = doc.getIn(['items'], true);
    if (isSeq(current)) {
      current.flow = false;
      return current;
    }
    const created = doc.createNode([]) as YAMLSeq;
    doc.setIn(['items'], created);
    return created;
  }
}

/**
 * docs/SPEC.md section 5, emit-package-variants: for each package of the ResourceList, the PackageVariants
 * that install the dependencies (and their `dependsOn` closure) missing on the target, in
 * dependency order. Changes nothing when any error result comes up.
 */
export function emitVariants(
  list: ResourceList,
  resolution: Resolution,
  index: ApiIndex,
  config: EmitConfig,
): Result[] {
  const packageNames = new Set(resolution.packages.flatMap(({ unit }) => packageName(unit) ?? []));
  const emitter = new Emitter(list, index, config, packageNames);
  const plans = resolution.packages.flatMap((pkg) => emitter.plan(pkg) ?? []);
  const failed = readFailure(index);
  if (failed !== undefined) return failed;
  const results = [...resolution.results.filter((result) => result.severity !== 'info'), ...emitter.results.splice(0)];
  if (results.some((result) => result.severity === 'error')) return results;
  for (const plan of plans) emitter.apply(plan);
  return [...results, ...plans.flatMap((plan) => plan.warnings), ...emitter.results];
}
