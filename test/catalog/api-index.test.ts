import { describe, expect, test } from 'vitest';
import { ApiIndex, PLATFORM_GROUPS, isPlatformApi, readCatalog } from '../../src/catalog/index.js';
import type { Catalog, Offer } from '../../src/catalog/index.js';
import { catalogNode } from './helpers.js';

function load(): Catalog {
  const { catalog, results } = readCatalog(
    catalogNode({
      packages: `
- repository: repo
  package: net
  revisions:
    - revision: "1"
      lifecycle: Published
      provides:
        - {group: net.example.io, kind: Network, resource: networks, versions: [v1alpha1]}
    - revision: "10"
      lifecycle: Published
      provides:
        - {group: net.example.io, kind: Network, resource: networks, versions: [v1alpha1, v1]}
        - {group: metrics.example.io, versions: [v1beta1], source: APIService}
    - revision: "2"
      lifecycle: Draft
      provides:
        - {group: net.example.io, kind: Network, resource: networks, versions: [v1]}
    - {revision: main, lifecycle: Published}
- repository: other
  package: net-alt
  revisions:
    - revision: v1.0.0
      lifecycle: Published
      provides:
        - {group: net.example.io, kind: Network, resource: networks, versions: [v1]}
        - {group: net.example.io, kind: NetworkList, resource: networks, versions: [v1]}
        - {group: metrics.example.io, versions: [v1], source: APIService}
    - {revision: v1.1.0-rc.1, lifecycle: Proposed}
`,
      installed: `
- {target: edge01, repository: repo, package: net, revision: "1"}
- {target: edge02, repository: repo, package: net, revision: "10"}
- {target: edge01, repository: other, package: net-alt, revision: v1.0.0}
`,
      platform: '- {group: monitoring.coreos.com}\n- {group: example.com, kind: Widget}',
    }),
  );
  expect(results).toEqual([]);
  if (catalog === undefined) throw new Error('test catalog does not load');
  return catalog;
}

function describeOffers(offers: Offer[]): string[] {
  return offers.map((offer) => `${offer.pkg.package}@${offer.revision.revision}:${offer.api.versions.join('+')}`);
}

describe('ApiIndex', () => {
  const catalog = load();
  const index = new ApiIndex(catalog);
  const net = { repository: 'repo', package: 'net' };
  const alt = { repository: 'other', package: 'net-alt' };

  test('kindOffers lists CRD entries over every revision and lifecycle, in catalog order', () => {
    expect(describeOffers(index.kindOffers('net.example.io', 'Network'))).toEqual([
      'net@1:v1alpha1',
      'net@10:v1alpha1+v1',
      'net@2:v1',
      'net-alt@v1.0.0:v1',
    ]);
    expect(index.kindOffers('net.example.io', 'Subnet')).toEqual([]);
    expect(index.kindOffers('metrics.example.io', 'Anything')).toEqual([]);
  });

  test('offers point at the catalog objects', () => {
    const [first] = index.kindOffers('net.example.io', 'Network');
    expect(first?.pkg).toBe(catalog.packages[0]);
    expect(first?.revision).toBe(catalog.packages[0]?.revisions[0]);
    expect(first?.api).toBe(catalog.packages[0]?.revisions[0]?.provides[0]);
  });

  test('returned lists are frozen', () => {
    expect(() =>
      index.kindOffers('net.example.io', 'Network').push(index.kindOffers('net.example.io', 'Network')[0] as Offer),
    ).toThrow();
    expect(() =>
      index.kindOffers('none', 'None').push(index.kindOffers('net.example.io', 'Network')[0] as Offer),
    ).toThrow();
  });

  test('apiServiceOffers lists the APIService entries of a group, all versions', () => {
    expect(describeOffers(index.apiServiceOffers('metrics.example.io'))).toEqual([
      'net@10:v1beta1',
      'net-alt@v1.0.0:v1',
    ]);
    expect(index.apiServiceOffers('net.example.io')).toEqual([]);
  });

  test('kindsForResource maps a plural to its distinct kinds, sorted', () => {
    expect(index.kindsForResource('net.example.io', 'networks')).toEqual(['Network', 'NetworkList']);
    expect(index.kindsForResource('net.example.io', 'subnets')).toEqual([]);
    expect(index.kindsForResource('other.io', 'networks')).toEqual([]);
  });

  test('groupRevisions lists each revision providing the group once, in catalog order; kindProvided', () => {
    const names = (group: string) =>
      index.groupRevisions(group).map(({ pkg, revision }) => `${pkg.package}@${revision.revision}`);
    expect(names('net.example.io')).toEqual(['net@1', 'net@10', 'net@2', 'net-alt@v1.0.0']);
    expect(names('metrics.example.io')).toEqual(['net@10', 'net-alt@v1.0.0']);
    expect(names('example.io')).toEqual([]);
    expect(index.kindProvided('net.example.io', 'Network')).toBe(true);
    expect(index.kindProvided('net.example.io', 'Subnet')).toBe(false);
    expect(index.kindProvided('metrics.example.io', 'Metric')).toBe(false);
  });

  test('isPlatform: built-in groups, catalog groups and catalog group/kinds', () => {
    expect(index.isPlatform('', 'ConfigMap')).toBe(true);
    expect(index.isPlatform('apps', 'Deployment')).toBe(true);
    expect(index.isPlatform('monitoring.coreos.com', 'ServiceMonitor')).toBe(true);
    expect(index.isPlatform('monitoring.coreos.com', undefined)).toBe(true);
    expect(index.isPlatform('example.com', 'Widget')).toBe(true);
    expect(index.isPlatform('example.com', 'Gadget')).toBe(false);
    expect(index.isPlatform('example.com', undefined)).toBe(false);
    expect(index.isPlatform('net.example.io', 'Network')).toBe(false);
  });

  test('installed lookups by target, package and both', () => {
    expect(index.installedOn('edge01', net)).toEqual({ target: 'edge01', ...net, revision: '1' });
    expect(index.installedOn('edge03', net)).toBeUndefined();
    expect(index.installedOnTarget('edge01').map((entry) => entry.package)).toEqual(['net', 'net-alt']);
    expect(index.installedOnTarget('edge03')).toEqual([]);
    expect(index.installedEverywhere(net).map((entry) => `${entry.target}@${entry.revision}`)).toEqual([
      'edge01@1',
      'edge02@10',
    ]);
    expect(index.installedEverywhere({ repository: 'repo', package: 'none' })).toEqual([]);
  });

  test("pkg looks up exactly; revision by the catalog's revision order (v10 is 10)", () => {
    expect(index.pkg(alt)).toBe(catalog.packages[1]);
    expect(index.pkg({ repository: 'repo', package: 'net-alt' })).toBeUndefined();
    expect(index.revision(net, '10')?.lifecycle).toBe('Published');
    expect(index.revision(net, 'v10')).toBe(index.revision(net, '10'));
    expect(index.revision(net, '010')).toBeUndefined();
    expect(index.revision(alt, 'v1.1.0-rc.1')?.lifecycle).toBe('Proposed');
    expect(index.revision(alt, '1.1.0-rc.1+build.7')).toBe(index.revision(alt, 'v1.1.0-rc.1'));
  });

  test('revisionsNewestFirst orders numerically with main last, and caches', () => {
    const pkg = catalog.packages[0];
    if (pkg === undefined) throw new Error('no package');
    const newest = index.revisionsNewestFirst(pkg);
    expect(newest.map((rev) => rev.revision)).toEqual(['10', '2', '1', 'main']);
    expect(index.revisionsNewestFirst(pkg)).toBe(newest);
    expect(pkg.revisions.map((rev) => rev.revision)).toEqual(['1', '10', '2', 'main']);
    const semver = catalog.packages[1];
    if (semver === undefined) throw new Error('no package');
    expect(index.revisionsNewestFirst(semver).map((rev) => rev.revision)).toEqual(['v1.1.0-rc.1', 'v1.0.0']);
  });

  test('an empty catalog answers every lookup with nothing', () => {
    const empty = new ApiIndex({ name: 'empty', packages: [], installed: [], platform: [], platformObjects: [] });
    expect(empty.kindOffers('a.io', 'A')).toEqual([]);
    expect(empty.groupRevisions('a.io')).toEqual([]);
    expect(empty.isPlatform('batch', 'Job')).toBe(true);
    expect(empty.pkg(net)).toBeUndefined();
  });
});

describe('platform', () => {
  test('the built-in groups of docs/SPEC.md rule platform-apis', () => {
    expect(PLATFORM_GROUPS.size).toBe(24);
    for (const group of [
      '',
      'apps',
      'extensions',
      'rbac.authorization.k8s.io',
      'storagemigration.k8s.io',
      'internal.apiserver.k8s.io',
    ]) {
      expect(PLATFORM_GROUPS.has(group)).toBe(true);
    }
    expect(PLATFORM_GROUPS.has('metallb.io')).toBe(false);
  });

  test('isPlatformApi matches whole groups and group/kinds from the catalog', () => {
    const platform = [{ group: 'a.io' }, { group: 'b.io', kind: 'B' }];
    expect(isPlatformApi('a.io', 'Anything', platform)).toBe(true);
    expect(isPlatformApi('b.io', 'B', platform)).toBe(true);
    expect(isPlatformApi('b.io', 'C', platform)).toBe(false);
    expect(isPlatformApi('c.io', 'B', platform)).toBe(false);
    expect(isPlatformApi('policy', 'PodDisruptionBudget', [])).toBe(true);
  });
});
