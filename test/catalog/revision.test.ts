import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checkRevisions, compareRevisions, sameRevision } from '../../src/catalog/index.js';

/** Sorts oldest first. */
function sorted(revisions: string[]): string[] {
  return [...revisions].sort(compareRevisions);
}

describe('compareRevisions', () => {
  test('integers compare numerically, not as text', () => {
    expect(sorted(['10', '2', '1', '0'])).toEqual(['0', '1', '2', '10']);
    expect(compareRevisions('9', '10')).toBeLessThan(0);
    expect(compareRevisions('123456789012345678901234567890', '99')).toBeGreaterThan(0);
  });

  test('vN uses the same numeric scale as N', () => {
    expect(sorted(['v10', 'v2', 'v1'])).toEqual(['v1', 'v2', 'v10']);
    expect(compareRevisions('v3', '3')).toBe(0);
    expect(compareRevisions('v2', '10')).toBeLessThan(0);
    expect(compareRevisions('11', 'v10')).toBeGreaterThan(0);
  });

  test('semver follows semver 2.0 precedence, prerelease included', () => {
    // The example chain of semver.org, item 11.
    const chain = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
    ];
    expect(sorted([...chain].reverse())).toEqual(chain);
    expect(compareRevisions('1.10.0', '1.9.0')).toBeGreaterThan(0);
    expect(compareRevisions('2.0.0', '1.99.99')).toBeGreaterThan(0);
    expect(compareRevisions('1.0.0-2', '1.0.0-10')).toBeLessThan(0);
    expect(compareRevisions('1.0.0-10', '1.0.0-a')).toBeLessThan(0);
  });

  test('semver with and without leading v, and build metadata, compare equal', () => {
    expect(compareRevisions('v1.2.3', '1.2.3')).toBe(0);
    expect(compareRevisions('1.2.3+build.5', '1.2.3')).toBe(0);
    expect(compareRevisions('v1.2.3-rc.1', '1.2.3')).toBeLessThan(0);
  });

  test('main ranks below every numbered and semver revision', () => {
    expect(sorted(['3', 'main', '1'])).toEqual(['main', '1', '3']);
    expect(sorted(['0.0.1-a', 'main'])).toEqual(['main', '0.0.1-a']);
    expect(compareRevisions('main', '0')).toBeLessThan(0);
    expect(compareRevisions('v0', 'main')).toBeGreaterThan(0);
    expect(compareRevisions('main', 'main')).toBe(0);
  });

  test("numbered and semver revisions share one order: N is the version N.0.0 (Nephio's oai-ran-operator)", () => {
    expect(sorted(['v3.0.0', 'main', 'v2.0.0', '1'])).toEqual(['main', '1', 'v2.0.0', 'v3.0.0']);
    expect(sorted(['2.0.1', '3', '1.9.9', 'v2', '2.1.0', '10'])).toEqual(['1.9.9', 'v2', '2.0.1', '2.1.0', '3', '10']);
    expect(compareRevisions('123456789012345678901234567890', '99.0.0')).toBeGreaterThan(0);
  });

  test('N ranks above the prereleases of N.0.0 and just below its release, a different revision', () => {
    expect(sorted(['2.0.0', '2', '2.0.0-rc.1', 'v2.0.0-alpha'])).toEqual(['v2.0.0-alpha', '2.0.0-rc.1', '2', '2.0.0']);
    expect(compareRevisions('v2', 'v2.0.0+build.7')).toBeLessThan(0);
    expect(compareRevisions('0', '0.0.0')).toBeLessThan(0);
    expect(compareRevisions('0', '0.0.1-a')).toBeLessThan(0);
  });

  test('throws on revisions that checkRevisions rejects', () => {
    expect(() => compareRevisions('latest', '1')).toThrow('"latest" is not a valid revision');
    expect(() => compareRevisions('3', '1.x')).toThrow('"1.x" is not a valid revision');
  });
});

describe('sameRevision', () => {
  test('is true for the spellings of one revision', () => {
    expect(sameRevision('2', 'v2')).toBe(true);
    expect(sameRevision('v1.2.3', '1.2.3+build.5')).toBe(true);
    expect(sameRevision('main', 'main')).toBe(true);
  });

  test('is false for other revisions, other forms and revisions of no accepted form', () => {
    expect(sameRevision('2', '3')).toBe(false);
    expect(sameRevision('2', '2.0.0')).toBe(false);
    expect(sameRevision('1.2.3-rc.1', '1.2.3')).toBe(false);
    expect(sameRevision('main', '0')).toBe(false);
    expect(sameRevision('3', 'bogus')).toBe(false);
    expect(sameRevision('02', '2')).toBe(false);
    expect(sameRevision('latest', 'latest')).toBe(true);
    expect(sameRevision('latest', 'Latest')).toBe(false);
  });
});

describe('checkRevisions', () => {
  test('accepts each form, with main and with the other form', () => {
    expect(checkRevisions(['1', '2', 'v3', 'main'])).toBeUndefined();
    expect(checkRevisions(['1.0.0', 'v2.0.0-rc.1', 'main'])).toBeUndefined();
    expect(checkRevisions(['main', '1', 'v2.0.0', 'v3.0.0'])).toBeUndefined();
    expect(checkRevisions(['main'])).toBeUndefined();
    expect(checkRevisions([])).toBeUndefined();
  });

  test('names one rejected revision and the accepted forms', () => {
    expect(checkRevisions(['1', 'latest'])).toBe(
      'revision "latest" is not a valid revision; accepted forms are "main", an integer ("3"), "v" and an integer ("v3"), ' +
        'or a semantic version ("1.2.0", "v1.2.0-rc.1")',
    );
  });

  test('names every rejected revision', () => {
    expect(checkRevisions(['1.2', '01', 'V3', 'v', '', ' 3', '1.0.0-01', 'master'])).toMatch(
      /^revisions "1.2", "01", "V3", "v", "", " 3", "1.0.0-01", "master" are not valid revisions; accepted forms are/,
    );
  });
});

/** Small numbers meet the semver cores below; large ones check that any length works. */
const numbered = fc
  .tuple(fc.oneof(fc.bigInt({ min: 0n, max: 12n }), fc.bigInt({ min: 0n, max: 10n ** 30n })), fc.boolean())
  .map(([n, v]) => `${v ? 'v' : ''}${n}`);

const prereleaseId = fc.oneof(
  fc.nat({ max: 30 }).map(String),
  fc.stringMatching(/^[0-9]{0,2}[a-zA-Z-][0-9a-zA-Z-]{0,4}$/),
);

const semver = fc
  .record({
    v: fc.boolean(),
    core: fc.tuple(fc.nat({ max: 12 }), fc.nat({ max: 12 }), fc.nat({ max: 12 })),
    pre: fc.array(prereleaseId, { maxLength: 3 }),
    build: fc.option(fc.stringMatching(/^[0-9a-zA-Z-]{1,5}$/), { nil: undefined }),
  })
  .map(
    ({ v, core, pre, build }) =>
      `${v ? 'v' : ''}${core.join('.')}${pre.length > 0 ? `-${pre.join('.')}` : ''}${build === undefined ? '' : `+${build}`}`,
  );

/** Sets a package may hold: any forms, mixed, possibly with main. */
const revisionSet = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: numbered },
    { weight: 4, arbitrary: semver },
    { weight: 1, arbitrary: fc.constant('main') },
  ),
  { minLength: 3, maxLength: 8 },
);

describe('compareRevisions properties', () => {
  test('generated sets pass checkRevisions', () => {
    fc.assert(fc.property(revisionSet, (revisions) => checkRevisions(revisions) === undefined));
  });

  test('is reflexive and antisymmetric', () => {
    fc.assert(
      fc.property(revisionSet, (revisions) => {
        for (const a of revisions) {
          expect(compareRevisions(a, a)).toBe(0);
          for (const b of revisions)
            expect(Math.sign(compareRevisions(a, b))).toBe(-Math.sign(compareRevisions(b, a)) || 0);
        }
      }),
    );
  });

  test('sameRevision is compareRevisions giving 0', () => {
    fc.assert(
      fc.property(revisionSet, (revisions) => {
        for (const a of revisions)
          for (const b of revisions) expect(sameRevision(a, b)).toBe(compareRevisions(a, b) === 0);
      }),
    );
  });

  test('is transitive', () => {
    fc.assert(
      fc.property(revisionSet, (revisions) => {
        for (const a of revisions) {
          for (const b of revisions) {
            for (const c of revisions) {
              if (compareRevisions(a, b) <= 0 && compareRevisions(b, c) <= 0)
                expect(compareRevisions(a, c)).toBeLessThanOrEqual(0);
            }
          }
        }
      }),
    );
  });

  test('numbered revisions order as their numbers', () => {
    fc.assert(
      fc.property(numbered, numbered, (a, b) => {
        const x = BigInt(a.replace('v', ''));
        const y = BigInt(b.replace('v', ''));
        expect(Math.sign(compareRevisions(a, b))).toBe(x < y ? -1 : x > y ? 1 : 0);
      }),
    );
  });

  test('a numbered revision N orders against semver as N.0.0, below the release N.0.0 itself', () => {
    fc.assert(
      fc.property(fc.nat({ max: 12 }), semver, (n, version) => {
        const asVersion = Math.sign(compareRevisions(`${n}.0.0`, version));
        expect(Math.sign(compareRevisions(String(n), version))).toBe(asVersion === 0 ? -1 : asVersion);
      }),
    );
  });

  test('a release ranks above all its prereleases', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.nat(), fc.nat(), fc.nat()),
        fc.array(prereleaseId, { minLength: 1, maxLength: 3 }),
        (core, pre) => {
          const release = core.join('.');
          expect(compareRevisions(`${release}-${pre.join('.')}`, release)).toBeLessThan(0);
        },
      ),
    );
  });
});
