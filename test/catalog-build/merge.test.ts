import { describe, expect, it } from 'vitest';
import type { CatalogPackage, CatalogRevision } from '../../src/catalog/index.js';
import { mergePackages } from '../../src/catalog-build/index.js';

function revision(name: string, group = 'x.io'): CatalogRevision {
  return {
    revision: name,
    lifecycle: 'Published',
    provides: [{ group, kind: 'K', versions: ['v1'], source: 'CustomResourceDefinition' }],
    requires: [],
    dependsOn: [],
    objects: [],
    requiresObjects: [],
  };
}

function pkgOf(repository: string, name: string, ...revisions: CatalogRevision[]): CatalogPackage {
  return { repository, package: name, revisions };
}

describe('mergePackages', () => {
  it('replaces the same repository/package/revision and keeps every other entry in its place; new packages follow, sorted', () => {
    const existing = [
      pkgOf('r', 'b', revision('1', 'old.io'), revision('2', 'old.io')),
      pkgOf('other', 'z', revision('7'), revision('3')),
    ];
    const built = [
      pkgOf('r', 'c', revision('main')),
      pkgOf('r', 'b', revision('v2', 'new.io'), revision('main', 'new.io')),
      pkgOf('r', 'a', revision('2'), revision('1')),
    ];
    const merged = mergePackages(existing, built);
    expect(
      merged.map((pkg) => [
        pkg.repository,
        pkg.package,
        pkg.revisions.map((rev) => `${rev.revision}:${rev.provides[0]?.group}`),
      ]),
    ).toEqual([
      ['r', 'b', ['main:new.io', '1:old.io', 'v2:new.io']],
      ['other', 'z', ['7:x.io', '3:x.io']],
      ['r', 'a', ['1:x.io', '2:x.io']],
      ['r', 'c', ['main:x.io']],
    ]);
    expect(existing[0]?.revisions.map((rev) => rev.revision)).toEqual(['1', '2']);
  });
});
