import { makeResult } from '../krm/result.js';
import type { Result } from '../krm/types.js';
import { normalisePackage } from './normalise.js';
import type { Problem, RawList, RawPackage } from './normalise.js';
import type { CatalogPackage, PackageRef } from './types.js';

/** A problem as the result the reader reports it as (load.ts names the ConfigMap and its file). */
export type Reporter = (problem: Problem) => Result;

/**
 * The packages of a catalog, each normalised when it is first asked for (docs/SPEC.md rule catalog-lazy).
 * A function call looks at the few packages that provide its package's APIs and objects among the thousands a
 * fleet's catalog lists, in a new process each time (README, Performance): reading every package on every call
 * was most of its cost. What is known before any package is read is what the raw entries say outright: their
 * names, their revisions' names, and which groups and objects their lists mention (a superset: a change may drop
 * an entry again; lookups filter what they read).
 *
 * The problems found in the packages read (a compact string that is no entry, a drop that names none) wait in
 * {@link takeResults} until the caller reports them.
 */
export class CatalogPackages {
  /** Repository and package of each entry, in catalog order. */
  readonly refs: readonly PackageRef[];
  /** The entries as parsed; each is dropped once read (the read package stands for it). */
  private readonly raws: Array<RawPackage | undefined>;
  private readonly read: Array<CatalogPackage | undefined>;
  private readonly problems: Problem[] = [];
  private groups: Map<string, number[]> | undefined;
  private creators: number[] | undefined;

  /** `raws` is the value of `data.packages`, which must have passed the packages schema. */
  constructor(
    raws: readonly RawPackage[],
    private readonly report: Reporter,
  ) {
    this.raws = [...raws];
    this.read = raws.map(() => undefined);
    this.refs = raws.map((raw) => ({ repository: raw.repository, package: raw.package }));
  }

  /** Packages already normalised (a catalog built in memory): nothing is left to read. */
  static of(packages: readonly CatalogPackage[]): CatalogPackages {
    const read = new CatalogPackages(packages, (problem) =>
      makeResult(problem.severity, problem.code, `data.${problem.key}: ${problem.message}`),
    );
    packages.forEach((pkg, i) => {
      read.read[i] = pkg;
      read.raws[i] = undefined;
    });
    return read;
  }

  get size(): number {
    return this.refs.length;
  }

  /** Entry `i`, normalised on the first call. */
  at(i: number): CatalogPackage {
    const done = this.read[i];
    if (done !== undefined) return done;
    const raw = this.raws[i];
    if (raw === undefined) throw new RangeError(`catalog package [${i}] does not exist (${this.size} packages)`);
    const pkg = normalisePackage(raw, i, this.problems);
    this.read[i] = pkg;
    this.raws[i] = undefined;
    return pkg;
  }

  /** Every package, in catalog order. */
  all(): CatalogPackage[] {
    return this.refs.map((_, i) => this.at(i));
  }

  /** The packages some revision of which lists an entry of the group in `provides` (and maybe drops it again). */
  withGroup(group: string): CatalogPackage[] {
    this.groups ??= this.scanGroups();
    return (this.groups.get(group) ?? []).map((i) => this.at(i));
  }

  /** The packages some revision of which lists a named object it creates. */
  withObjects(): CatalogPackage[] {
    this.creators ??= this.refs.flatMap((_, i) =>
      this.revisionsOf(i).some((revision) => mentions(revision.objects).length > 0) ? [i] : [],
    );
    return this.creators.map((i) => this.at(i));
  }

  /** The problems found in the packages read since the last call, each once, as the reader's results. */
  takeResults(): Result[] {
    return this.problems.splice(0).map(this.report);
  }

  private revisionsOf(i: number): RawPackage['revisions'] {
    return (this.read[i] ?? this.raws[i])?.revisions ?? [];
  }

  private scanGroups(): Map<string, number[]> {
    const groups = new Map<string, number[]>();
    this.refs.forEach((_, i) => {
      for (const revision of this.revisionsOf(i)) {
        for (const entry of mentions(revision.provides)) {
          const group = typeof entry === 'string' ? (entry.split('/', 1)[0] ?? '') : entry.group;
          const list = groups.get(group);
          if (list === undefined) groups.set(group, [i]);
          else if (list[list.length - 1] !== i) list.push(i);
        }
      }
    });
    return groups;
  }
}

/** The entries a list field writes out: all of a list, the `add` entries of a change. */
function mentions<R>(list: RawList<R> | undefined): Array<R | string> {
  if (list === undefined) return [];
  return Array.isArray(list) ? list : (list.add ?? []);
}
