/**
 * Revision names of catalog packages and their order (docs/SPEC.md section 3).
 *
 * Accepted forms:
 * - `main`: Porch's placeholder that follows the branch head; ranks below every other revision;
 * - numbered: an integer (`3`) or `v` and an integer (`v3`), on one numeric scale, so `3` and
 *   `v3` are the same revision; no leading zeros;
 * - semver: a semantic version 2.0 (`1.2.0`, `v1.2.0-rc.1+build`), with or without leading `v`;
 *   prerelease rules of semver 2.0; build metadata does not take part in the order.
 *
 * Numbered and semver forms have no common order, so one package may not mix them (`main` mixes
 * with either). Numbers are compared as digit strings, so any length works.
 */

type Parsed =
  | { form: 'main' }
  | { form: 'number'; value: string }
  | { form: 'semver'; core: [string, string, string]; prerelease: string[] };

const NUMBER = /^v?(0|[1-9][0-9]*)$/;
const SEMVER =
  /^v?(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:-((?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$/;

const ACCEPTED_FORMS =
  'accepted forms are "main", an integer ("3"), "v" and an integer ("v3"), or a semantic version ("1.2.0", "v1.2.0-rc.1")';

function parse(revision: string): Parsed | undefined {
  if (revision === 'main') return { form: 'main' };
  const number = NUMBER.exec(revision);
  if (number !== null) return { form: 'number', value: number[1] ?? '' };
  const semver = SEMVER.exec(revision);
  if (semver === null) return undefined;
  return {
    form: 'semver',
    core: [semver[1] ?? '', semver[2] ?? '', semver[3] ?? ''],
    prerelease: semver[4] === undefined ? [] : semver[4].split('.'),
  };
}

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** Compares two digit strings without leading zeros by numeric value. */
function compareDigits(a: string, b: string): number {
  if (a.length !== b.length) return sign(a.length - b.length);
  return a < b ? -1 : a > b ? 1 : 0;
}

const DIGITS = /^[0-9]+$/;

/** Semver 2.0 prerelease precedence; both lists non-empty or both empty handled by caller. */
function comparePrerelease(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    const xNumeric = DIGITS.test(x);
    const yNumeric = DIGITS.test(y);
    let order: number;
    if (xNumeric && yNumeric) order = compareDigits(x, y);
    else if (xNumeric !== yNumeric) order = xNumeric ? -1 : 1;
    else order = x < y ? -1 : x > y ? 1 : 0;
    if (order !== 0) return order;
  }
  return sign(a.length - b.length);
}

function compareSemver(a: Extract<Parsed, { form: 'semver' }>, b: Extract<Parsed, { form: 'semver' }>): number {
  for (let i = 0; i < 3; i++) {
    const order = compareDigits(a.core[i] ?? '', b.core[i] ?? '');
    if (order !== 0) return order;
  }
  if (a.prerelease.length === 0 || b.prerelease.length === 0) {
    // A version without prerelease ranks above the same version with one.
    return sign(b.prerelease.length - a.prerelease.length);
  }
  return comparePrerelease(a.prerelease, b.prerelease);
}

/**
 * Orders two revisions of one package: negative when `a` is older than `b`, 0 when they are the
 * same revision (`3` and `v3`; semver differing only in build metadata), positive when newer.
 * Meant for revisions that passed {@link checkRevisions} together; throws on an invalid
 * revision or on a numbered/semver pair, which that check rejects.
 */
export function compareRevisions(a: string, b: string): number {
  const x = parse(a);
  const y = parse(b);
  if (x === undefined || y === undefined) {
    throw new Error(`compareRevisions: "${x === undefined ? a : b}" is not a valid revision; ${ACCEPTED_FORMS}`);
  }
  if (x.form === 'main' || y.form === 'main') {
    return (x.form === 'main' ? 0 : 1) - (y.form === 'main' ? 0 : 1);
  }
  if (x.form === 'number' && y.form === 'number') return compareDigits(x.value, y.value);
  if (x.form === 'semver' && y.form === 'semver') return compareSemver(x, y);
  throw new Error(`compareRevisions: "${a}" and "${b}" mix integer and semantic-version forms`);
}

/**
 * What identifies a revision in the order above: equal keys are the same revision (`3` and `v3`; semver
 * with or without `v`, with any build metadata). A revision of no accepted form is only itself. Maps and
 * comparisons of revisions go through this key (or {@link sameRevision}), never through the raw string.
 */
export function revisionKey(revision: string): string {
  const parsed = parse(revision);
  if (parsed === undefined) return `text:${revision}`;
  if (parsed.form === 'main') return 'main';
  if (parsed.form === 'number') return `number:${parsed.value}`;
  return `semver:${parsed.core.join('.')}${parsed.prerelease.length === 0 ? '' : `-${parsed.prerelease.join('.')}`}`;
}

/** Whether two revision names are the same revision (docs/SPEC.md rule revision-order): `v2` is `2`. */
export function sameRevision(a: string, b: string): boolean {
  return revisionKey(a) === revisionKey(b);
}

function quoted(values: string[]): string {
  return values.map((value) => `"${value}"`).join(', ');
}

/**
 * Checks that the revisions of one package can be ordered: each has an accepted form and they
 * do not mix numbered and semver forms. Returns undefined when they can, else a message naming
 * the offending revisions and the accepted forms (the caller names the package).
 */
export function checkRevisions(revisions: string[]): string | undefined {
  const parsed = revisions.map((revision) => ({ revision, parsed: parse(revision) }));
  const invalid = parsed.filter((entry) => entry.parsed === undefined).map((entry) => entry.revision);
  if (invalid.length === 1) return `revision ${quoted(invalid)} is not a valid revision; ${ACCEPTED_FORMS}`;
  if (invalid.length > 1) return `revisions ${quoted(invalid)} are not valid revisions; ${ACCEPTED_FORMS}`;
  const numbered = parsed.find((entry) => entry.parsed?.form === 'number');
  const semver = parsed.find((entry) => entry.parsed?.form === 'semver');
  if (numbered !== undefined && semver !== undefined) {
    return (
      `revisions "${numbered.revision}" and "${semver.revision}" mix integer and semantic-version forms, ` +
      'which have no common order; use one form for every revision (besides "main")'
    );
  }
  return undefined;
}
