import { describe, expect, it } from 'vitest';
import type { CatalogPackage, CatalogRevision } from '../../src/catalog/index.js';
import { choosePin, pinChangeWarning, porchNumbered } from '../../src/package-variants/index.js';

function revision(name: string, workspaceName?: string): CatalogRevision {
  return {
    revision: name,
    lifecycle: 'Published',
    provides: [],
    requires: [],
    dependsOn: [],
    objects: [],
    requiresObjects: [],
    ...(workspaceName === undefined ? {} : { workspaceName }),
  };
}

describe('porchNumbered (docs/SPEC.md rule upstream-pin)', () => {
  it('is true for the revisions Porch numbers (tags <package>/N and <package>/vN), false for semver and main', () => {
    expect(['3', 'v12', '0', 'v0'].map(porchNumbered)).toEqual([true, true, true, true]);
    expect(['v1.2.0', '1.2.0', 'v1.5.0-rc.1', 'main'].map(porchNumbered)).toEqual([false, false, false, false]);
  });
});

describe('choosePin (docs/SPEC.md rule upstream-pin)', () => {
  it("pins the catalog's workspaceName, not inferred", () => {
    expect(choosePin(revision('3', 'v3'), 'pkg')).toEqual({ workspaceName: 'v3' });
    expect(choosePin(revision('v1.2.0', 'release-1'), 'pkg')).toEqual({ workspaceName: 'release-1' });
    expect(choosePin(revision('7', 'ws-approved'), 'pkg')).toEqual({ workspaceName: 'ws-approved' });
  });

  it('infers vN for a numbered revision without workspaceName and says so', () => {
    const three = choosePin(revision('3'), 'pkg');
    expect(three).toMatchObject({ workspaceName: 'v3' });
    expect('inferred' in three ? three.inferred : '').toMatch(/no workspaceName in the catalog.*v3.*inferred/);
    expect(choosePin(revision('v4'), 'pkg')).toMatchObject({ workspaceName: 'v4', inferred: expect.any(String) });
  });

  it('pins a semver revision by its own name, as Porch names a revision found from a tag it cannot number', () => {
    expect(choosePin(revision('v1.2.0'), 'pkg')).toEqual({ workspaceName: 'v1.2.0' });
    expect(choosePin(revision('1.2.0'), 'pkg')).toEqual({ workspaceName: '1.2.0' });
  });

  it('refuses the main placeholder, with or without workspaceName, and a workspaceName main', () => {
    for (const refused of [revision('main'), revision('main', 'main'), revision('3', 'main')]) {
      const pin = choosePin(refused, 'pkg');
      expect('refused' in pin ? pin.refused : '', JSON.stringify(refused)).toMatch(
        /placeholder.*refuses to clone it \("upstream revision may not be the placeholder package revision"\)/,
      );
    }
  });
});

describe('pinChangeWarning (docs/SPEC.md rule upstream-pin)', () => {
  const tagged: CatalogPackage = {
    repository: 'blueprints',
    package: 'tagged',
    revisions: [revision('v1.4.2'), revision('v1.5.0'), revision('7', 'v7'), revision('6')],
  };
  const at = (name: string) => tagged.revisions.find((rev) => rev.revision === name) as CatalogRevision;

  it('says Porch leaves the downstream where it is when neither revision has a number', () => {
    expect(pinChangeWarning(tagged, 'v1.4.2', at('v1.5.0'))).toMatch(
      /from workspaceName v1.4.2 to v1.5.0.*neither.*up to date.*stays on v1.4.2/,
    );
  });

  it('says Porch guesses the merge base when only the new revision has a number', () => {
    const warning = pinChangeWarning(tagged, 'v1.4.2', at('7'));
    expect(warning).toMatch(/from workspaceName v1.4.2 to v7.*upgrade Draft.*merge base/);
  });

  it('says nothing when Porch numbers the old revision, or the old pin is not in the catalog', () => {
    expect(pinChangeWarning(tagged, 'v6', at('v1.5.0'))).toBeUndefined();
    expect(pinChangeWarning(tagged, 'v7', at('v1.5.0'))).toBeUndefined();
    expect(pinChangeWarning(tagged, 'v9.9.9', at('v1.5.0'))).toBeUndefined();
    expect(pinChangeWarning(tagged, 'v1.5.0', at('v1.5.0'))).toBeUndefined();
  });
});
