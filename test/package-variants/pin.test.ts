import { describe, expect, it } from 'vitest';
import type { CatalogRevision } from '../../src/catalog/index.js';
import { choosePin, describePin, porchRevisionNumber } from '../../src/package-variants/index.js';

function revision(name: string, workspaceName?: string): CatalogRevision {
  return { revision: name, lifecycle: 'Published', provides: [], requires: [], dependsOn: [], ...(workspaceName === undefined ? {} : { workspaceName }) };
}

describe('porchRevisionNumber', () => {
  it('reads integer and vN revisions', () => {
    expect(porchRevisionNumber('3')).toBe(3);
    expect(porchRevisionNumber('v12')).toBe(12);
  });

  it('has no number for semver, main, 0 or numbers past the safe range', () => {
    for (const name of ['v1.2.0', '1.2.0', 'main', '0', 'v0', '99999999999999999999']) {
      expect(porchRevisionNumber(name), name).toBeUndefined();
    }
  });
});

describe('choosePin', () => {
  it('workspaceName: the catalog workspaceName when it has one', () => {
    expect(choosePin(revision('3', 'v3'), 'workspaceName')).toEqual({ upstream: { workspaceName: 'v3' } });
    expect(choosePin(revision('v1.2.0', 'release-1'), 'workspaceName')).toEqual({ upstream: { workspaceName: 'release-1' } });
  });

  it('workspaceName: else the revision number, as an integer', () => {
    expect(choosePin(revision('3'), 'workspaceName')).toEqual({ upstream: { revision: 3 } });
    expect(choosePin(revision('v4'), 'workspaceName')).toEqual({ upstream: { revision: 4 } });
  });

  it('workspaceName: a semver revision without workspaceName is its own workspaceName', () => {
    expect(choosePin(revision('v1.2.0'), 'workspaceName')).toEqual({ upstream: { workspaceName: 'v1.2.0' } });
  });

  it('workspaceName: main is not pinned', () => {
    expect(choosePin(revision('main'), 'workspaceName')).toEqual({ upstream: {} });
    expect(choosePin(revision('main', 'main'), 'workspaceName')).toEqual({ upstream: { workspaceName: 'main' } });
  });

  it('revision: the Porch revision number, even when a workspaceName is known', () => {
    expect(choosePin(revision('3', 'v3'), 'revision')).toEqual({ upstream: { revision: 3 } });
    expect(choosePin(revision('v7'), 'revision')).toEqual({ upstream: { revision: 7 } });
  });

  it('revision: a revision without number falls back to the workspaceName pin and says so', () => {
    const semver = choosePin(revision('v1.2.0', 'v1-2'), 'revision');
    expect(semver.upstream).toEqual({ workspaceName: 'v1-2' });
    expect(semver.fallback).toMatch(/revision "v1.2.0" has no Porch revision number .*, so it is pinned by workspaceName v1-2$/);
    const main = choosePin(revision('main'), 'revision');
    expect(main.upstream).toEqual({});
    expect(main.fallback).toMatch(/revision "main" has no Porch revision number .*, so it is not pinned/);
  });

  it('latest: neither field', () => {
    expect(choosePin(revision('3', 'v3'), 'latest')).toEqual({ upstream: {} });
  });

  it('describes pins for messages', () => {
    expect(describePin({ workspaceName: 'v3' })).toBe('pinned by workspaceName v3');
    expect(describePin({ revision: 3 })).toBe('pinned by revision 3');
    expect(describePin({})).toMatch(/^not pinned/);
  });
});
