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
 * One package may mix the forms (Porch numbers the revisions it approves and the tags `<package>/vN`,
 * and names the revisions of other tags, such as `<package>/v2.0.0`, by the tag: Nephio's
 * oai-ran-operator has `v1`, `v2.0.0` and `v3.0.0`). A numbered revision N ranks as the version
 * N.0.0: above every other version below it and below every version above it, above the prereleases
 * of N.0.0 and just below the release N.0.0 itself, a different revision. Numbers are compared as
 * digit strings, so any length works.
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

type Semver = Extract<Parsed, { form: 'semver' }>;

function compareSemver(a: Semver, b: Semver): number {
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

/** Numbered `n` against semver `s`: as the version n.0.0, between the prereleases of n.0.0 and its release. */
function compareNumberToSemver(n: string, s: Semver): number {
  const order = compareDigits(n, s.core[0]) || compareDigits('0', s.core[1]) || compareDigits('0', s.core[2]);
  if (order !== 0) return order;
  return s.prerelease.length === 0 ? -1 : 1;
}

/**
 * Orders two revisions of one package: negative when `a` is older than `b`, 0 when they are the
 * same revision (`3` and `v3`; semver differing only in build metadata), positive when newer.
 * Meant for revisions that passed {@link checkRevisions}; throws on an invalid revision.
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
  if (x.form === 'number')
    return y.form === 'number' ? compareDigits(x.value, y.value) : compareNumberToSemver(x.value, y);
  return y.form === 'number' ? -compareNumberToSemver(y.value, x) : compareSemver(x, y);
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

/** The form of a revision name (`main`, `number` for `3` and `v3`, `semver`), undefined for none of them. */
export function revisionForm(revision: string): Parsed['form'] | undefined {
  return parse(revision)?.form;
}

/** Whether two revision names are the same revision (docs/SPEC.md rule revision-order): `v2` is `2`. */
export function sameRevision(a: string, b: string): boolean {
  return revisionKey(a) === revisionKey(b);
}

function quoted(values: string[]): string {
  return values.map((value) => `"${value}"`).join(', ');
}

/**
 * Checks that the revisions of one package can be ordered: each has an accepted form. Returns
 * undefined when they can, else a message naming the offending revisions and the accepted forms
 * (the caller names the package).
 */
export function checkRevisions(revisions: string[]): string | undefined {
  const parsed = revisions.map((revision) => ({ revision, parsed: parse(revision) }));
  const invalid = parsed.filter((entry) => entry.parsed === undefined).map((entry) => entry.revision);
  if (invalid.length === 1) return `revision ${quoted(invalid)} is not a valid revision; ${ACCEPTED_FORMS}`;
  if (invalid.length > 1) return `revisions ${quoted(invalid)} are not valid revisions; ${ACCEPTED_FORMS}`;
  return undefined;
}
