import { makeResult } from '../krm/result.js';
import type { Result } from '../krm/types.js';
import { revisionProblem } from './checks.js';
import { invalid, normalisePackage } from './normalise.js';
import type { Problem, RawPackage } from './normalise.js';
import { packageViolations } from './schema.js';
import { packageId } from './types.js';
import type { CatalogPackage, PackageRef } from './types.js';

/** A problem as the result the reader reports it as (load.ts names the ConfigMap and its file). */
export type Reporter = (problem: Problem) => Result;

/** One entry of `data.packages`: its names, and its value as parsed until it is read. */
interface Entry {
  /** Empty names when the entry does not name its package. */
  ref: PackageRef;
  raw: unknown;
  pkg: CatalogPackage | undefined;
  /** The problems of a package read before it was looked up, reported when it is. */
  pending: Problem[];
}

/**
 * The packages of a catalog, each read (checked against its schema and normalised) when it is first looked up
 * (docs/SPEC.md rule catalog-lazy). A function call looks at the few packages that provide its package's APIs and
 * objects among the thousands a fleet's catalog lists, in a new process each time (README, Performance): reading
 * every package on every call was most of its cost. What is known before a package is read is what its entry
 * says outright: its names, its revisions' names, and which groups and objects its lists mention (a superset: a
 * change may drop an entry again; lookups filter what they read). Reading a package checks its schema, normalises
 * it and checks its revisions' names (checks.ts, `revisionProblem`).
 *
 * The problems found in the packages looked up wait in {@link takeResults} until the caller reports them (an entry
 * that does not name its package is read as it is added, and makes the reader read every package). A package may
 * also be read as it is added (the hand-written form, parsed one package at a time, so that its whole parsed value
 * is never held): its problems then wait until it is looked up, so that the catalog means the same in either form.
 */
export class CatalogPackages {
  private readonly entries: Entry[] = [];
  private readonly problems: Problem[] = [];
  /** Whether every entry names its package (an entry that does not is read when it is added). */
  private named = true;
  private ids: Map<string, number> | undefined;
  private groups: Map<string, number[]> | undefined;
  private creators: number[] | undefined;
  /** The entries looked up for every group (see scanGroups). */
  private unclear: number[] = [];

  constructor(private readonly report: Reporter) {}

  /** Packages already normalised (a catalog built in memory): nothing is left to read. */
  static of(packages: readonly CatalogPackage[]): CatalogPackages {
    const read = new CatalogPackages((problem) =>
      makeResult(problem.severity, problem.code, `data.${problem.key}: ${problem.message}`),
    );
    for (const pkg of packages) read.entries.push({ ref: pkg, raw: undefined, pkg, pending: [] });
    return read;
  }

  /**
   * Adds the next entry of `data.packages` as parsed: read now with `readNow`, else when looked up. An entry that
   * does not name its package (a repository, a package, a list of revisions, as the schema wants) is read now: its
   * problems are its schema violations, and {@link allNamed} is false.
   */
  add(raw: unknown, readNow: boolean): void {
    const i = this.entries.length;
    const named = isMap(raw) && nonEmpty(raw.repository) && nonEmpty(raw.package) && nonEmptyList(raw.revisions);
    const ref = named ? { repository: raw.repository as string, package: raw.package as string } : NO_NAME;
    const entry: Entry = { ref, raw, pkg: undefined, pending: [] };
    this.entries.push(entry);
    if (!named) {
      this.named = false;
      entry.pkg = { ...ref, revisions: [] };
      entry.pending = packageViolations(raw, i).map((message) => invalid('packages', message));
      entry.raw = undefined;
    } else if (readNow) {
      entry.pkg = this.readEntry(entry, i, entry.pending);
    }
  }

  get size(): number {
    return this.entries.length;
  }

  /** Whether every entry names its package. */
  allNamed(): boolean {
    return this.named;
  }

  /** Repository and package of each entry, in catalog order. */
  get refs(): PackageRef[] {
    return this.entries.map((entry) => entry.ref);
  }

  /** The index of the package's entry (the last, should it be listed twice), none read. */
  find(ref: PackageRef): number | undefined {
    if (this.ids === undefined) {
      this.ids = new Map();
      this.entries.forEach((entry, i) => this.ids?.set(packageId(entry.ref), i));
    }
    return this.ids.get(packageId(ref));
  }

  /** The names of the package's revisions as its entry lists them, not read; undefined when the catalog lacks it. */
  revisionNames(ref: PackageRef): string[] | undefined {
    const i = this.find(ref);
    const entry = i === undefined ? undefined : this.entries[i];
    if (entry === undefined) return undefined;
    return revisionsOf(entry).flatMap((revision) =>
      isMap(revision) && typeof revision.revision === 'string' ? [revision.revision] : [],
    );
  }

  /** Whether some revision lists a named object it creates (docs/SPEC.md rule object-resolution), none read. */
  listsObjects(): boolean {
    return this.entries.some((entry) =>
      revisionsOf(entry).some((revision) => isMap(revision) && mentions(revision.objects)?.length !== 0),
    );
  }

  /** Entry `i`, read on the first call. */
  at(i: number): CatalogPackage {
    const entry = this.entries[i];
    if (entry === undefined) throw new RangeError(`catalog package [${i}] does not exist (${this.size} packages)`);
    if (entry.pkg === undefined) entry.pkg = this.readEntry(entry, i, this.problems);
    this.problems.push(...entry.pending.splice(0));
    return entry.pkg;
  }

  /** Every package, in catalog order. */
  all(): CatalogPackage[] {
    return this.entries.map((_, i) => this.at(i));
  }

  /** The packages some revision of which lists an entry of the group in `provides` (and maybe drops it again). */
  withGroup(group: string): CatalogPackage[] {
    this.groups ??= this.scanGroups();
    return (this.groups.get(group) ?? this.unclear).map((i) => this.at(i));
  }

  /** The packages some revision of which lists a named object it creates. */
  withObjects(): CatalogPackage[] {
    this.creators ??= this.entries.flatMap((entry, i) =>
      revisionsOf(entry).some((revision) => isMap(revision) && mentions(revision.objects)?.length !== 0) ? [i] : [],
    );
    return this.creators.map((i) => this.at(i));
  }

  /** The problems found in the packages read since the last call, each once, as the reader's results. */
  takeResults(): Result[] {
    return this.problems.splice(0).map(this.report);
  }

  /**
   * The entry checked against its schema and normalised; its value is let go, unless it breaks the schema or its
   * revisions cannot be ordered (the lookups still find it by what it mentions, and report it).
   */
  private readEntry(entry: Entry, i: number, problems: Problem[]): CatalogPackage {
    const violations = packageViolations(entry.raw, i);
    if (violations.length > 0) {
      problems.push(...violations.map((message) => invalid('packages', message)));
      return { ...entry.ref, revisions: [] };
    }
    const pkg = normalisePackage(entry.raw as RawPackage, i, problems);
    const revisions = revisionProblem(pkg, i);
    if (revisions === undefined) {
      entry.raw = undefined;
      return pkg;
    }
    // Revisions that cannot be ordered would stop the lookups that order them: the call reports them instead.
    problems.push(revisions);
    return { ...entry.ref, revisions: [] };
  }

  /**
   * Which entries each group is looked up in. An entry whose `provides` does not say its groups outright (not a list
   * or a change, an entry with no group) is looked up for every group, so that a lookup reports it.
   */
  private scanGroups(): Map<string, number[]> {
    const groups = new Map<string, number[]>();
    const unclear: number[] = [];
    this.entries.forEach((entry, i) => {
      let clear = true;
      for (const revision of revisionsOf(entry)) {
        const listed = isMap(revision) ? mentions(revision.provides) : undefined;
        if (listed === undefined) clear = false;
        for (const mentioned of listed ?? []) {
          const group =
            typeof mentioned === 'string' ? groupOf(mentioned) : isMap(mentioned) ? mentioned.group : undefined;
          if (typeof group !== 'string') {
            clear = false;
            continue;
          }
          // Entries are scanned in order: a group's list ends with this entry when it mentioned the group before.
          const list = groups.get(group);
          if (list === undefined) groups.set(group, [i]);
          else if (list[list.length - 1] !== i) list.push(i);
        }
      }
      if (!clear) unclear.push(i);
    });
    this.unclear = unclear;
    if (unclear.length === 0) return groups;
    for (const [group, list] of groups)
      groups.set(
        group,
        [...new Set([...list, ...unclear])].sort((a, b) => a - b),
      );
    return groups;
  }
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function nonEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

const NO_NAME: PackageRef = Object.freeze({ repository: '', package: '' });

/** The revisions of an entry, read or not (one not read yet may hold anything there). */
function revisionsOf(entry: Entry): unknown[] {
  const revisions = isMap(entry.raw) ? entry.raw.revisions : entry.pkg?.revisions;
  return Array.isArray(revisions) ? revisions : [];
}

/** The group of a compact provides string: what comes before its first `/`. */
function groupOf(text: string): string {
  const slash = text.indexOf('/');
  return slash < 0 ? text : text.slice(0, slash);
}

/** The entries a list field writes out: all of a list, the `add` entries of a change; undefined when it is neither. */
function mentions(list: unknown): unknown[] | undefined {
  if (list === undefined || Array.isArray(list)) return list ?? [];
  if (!isMap(list) || Object.keys(list).some((key) => key !== 'drop' && key !== 'add')) return undefined;
  return list.add === undefined || Array.isArray(list.add) ? (list.add ?? []) : undefined;
}
