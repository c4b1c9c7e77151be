import { describe, expect, it } from 'vitest';
import { ApiIndex } from '../../src/catalog/index.js';
import type {
  CatalogPackage,
  CatalogRevision,
  InstalledEntry,
  PackageRef,
  ProvidedApi,
  RequiredApi,
} from '../../src/catalog/index.js';
import { chooseRevision } from '../../src/resolve/index.js';
import { dependencyClosure, reachedThroughDependsOn } from '../../src/resolve/index.js';
import type { ClosureNode, Root } from '../../src/resolve/index.js';

function api(group: string, kind: string, versions: string[]): ProvidedApi {
  return { group, kind, versions, source: 'CustomResourceDefinition' };
}

function rev(
  revision: string,
  provides: ProvidedApi[],
  more: { requires?: RequiredApi[]; dependsOn?: string[]; lifecycle?: CatalogRevision['lifecycle'] } = {},
): CatalogRevision {
  return {
    revision,
    lifecycle: more.lifecycle ?? 'Published',
    provides,
    requires: more.requires ?? [],
    dependsOn: (more.dependsOn ?? []).map(ref),
    objects: [],
    requiresObjects: [],
  };
}

function ref(key: string): PackageRef {
  const [repository = '', ...rest] = key.split('/');
  return { repository, package: rest.join('/') };
}

function pkg(key: string, revisions: CatalogRevision[]): CatalogPackage {
  return { ...ref(key), revisions };
}

function index(packages: CatalogPackage[], installed: InstalledEntry[] = []): ApiIndex {
  return new ApiIndex({ name: 'test', packages, installed, platform: [], platformObjects: [] });
}

const certV1 = api('cert-manager.io', 'Certificate', ['v1']);
const issuerV1 = api('cert-manager.io', 'ClusterIssuer', ['v1']);
const poolV1 = api('metallb.io', 'IPAddressPool', ['v1beta1']);
const frrV1 = api('frrk8s.metallb.io', 'FRRConfiguration', ['v1beta1']);

const certManager = pkg('sandbox/cert-manager', [
  rev('1', [api('cert-manager.io', 'Certificate', ['v1alpha2'])]),
  rev('2', [certV1]),
  rev('3', [certV1, issuerV1]),
  rev('4', [api('cert-manager.io', 'Certificate', ['v2']), issuerV1]),
]);
const frr = pkg('infra/networking/frr-k8s', [rev('v1', [frrV1])]);
const metallb = pkg('sandbox/metallb', [
  rev('1', [poolV1], {
    requires: [
      { group: 'cert-manager.io', version: 'v1', kind: 'Certificate' },
      { group: 'frrk8s.metallb.io', version: 'v1beta1', kind: 'FRRConfiguration' },
    ],
    dependsOn: ['sandbox/cert-manager', 'infra/networking/frr-k8s'],
  }),
]);

const poolRoot: Root = { pkg: metallb, needs: [{ group: 'metallb.io', version: 'v1beta1', kind: 'IPAddressPool' }] };

function revisionOf(closure: ReturnType<typeof dependencyClosure>, key: string): string | undefined {
  const choice = closure.nodes.get(key)?.choice;
  return choice !== undefined && 'revision' in choice ? choice.revision.revision : undefined;
}

describe('revision choice (chooseRevision)', () => {
  const idx = index(
    [certManager],
    [{ target: 'edge01', repository: 'sandbox', package: 'cert-manager', revision: '2' }],
  );

  it('keeps the installed revision when it serves every need', () => {
    const choice = chooseRevision(
      idx,
      certManager,
      [{ group: 'cert-manager.io', version: 'v1', kind: 'Certificate' }],
      'edge01',
    );
    expect(choice).toMatchObject({ reason: 'installed', revision: { revision: '2' } });
  });

  it('is an error naming the revision to upgrade to when the installed one misses a needed version', () => {
    const needs = [
      { group: 'cert-manager.io', version: 'v1', kind: 'Certificate' },
      { group: 'cert-manager.io', version: 'v1', kind: 'ClusterIssuer' },
    ];
    // revision 4 is newer but no longer serves Certificate v1
    const choice = chooseRevision(idx, certManager, needs, 'edge01');
    expect(choice).toEqual({
      error:
        'sandbox/cert-manager revision "2" installed on edge01 does not serve cert-manager.io/v1 ClusterIssuer; upgrade sandbox/cert-manager on edge01 to revision "3", which serves them',
      problem: 'installed-unserved',
      steps: [],
    });
  });

  it('takes the latest Published revision serving every need, not the latest one', () => {
    const choice = chooseRevision(
      idx,
      certManager,
      [{ group: 'cert-manager.io', version: 'v1', kind: 'Certificate' }],
      'edge02',
    );
    expect(choice).toMatchObject({ reason: 'latest', revision: { revision: '3' } });
    // the steps it took, newest first, down to the chosen revision: 4 lacks Certificate v1
    const steps = 'revision' in choice ? choice.steps : [];
    expect(steps.map((step) => [step.revision.revision, step.verdict])).toEqual([
      ['4', 'unserved'],
      ['3', 'chosen'],
    ]);
    expect(steps[0]).toMatchObject({ missing: [{ group: 'cert-manager.io', version: 'v1', kind: 'Certificate' }] });
  });

  it('looks at every revision when none serves, skipping the ones not Published', () => {
    const drafts = pkg('sandbox/drafts', [rev('1', [certV1]), rev('2', [certV1], { lifecycle: 'Draft' })]);
    const needs = [{ group: 'cert-manager.io', version: 'v1', kind: 'ClusterIssuer' }];
    const choice = chooseRevision(index([drafts]), drafts, needs, undefined);
    expect(choice).toMatchObject({ problem: 'unserved' });
    expect(choice.steps).toEqual([
      { revision: drafts.revisions[1], verdict: 'unpublished' },
      { revision: drafts.revisions[0], verdict: 'unserved', missing: needs },
    ]);
  });
});

describe('dependencyClosure', () => {
  it('follows dependsOn and lists dependencies before their dependents', () => {
    const closure = dependencyClosure(index([metallb, certManager, frr]), [poolRoot], {
      target: undefined,
      self: undefined,
    });
    expect(closure.results).toEqual([]);
    // siblings in key order, each dependency before its dependent
    expect(closure.order).toEqual(['infra/networking/frr-k8s', 'sandbox/cert-manager', 'sandbox/metallb']);
    expect(closure.nodes.get('sandbox/cert-manager')?.requiredBy).toEqual(['sandbox/metallb']);
    expect(closure.nodes.get('sandbox/metallb')?.direct).toBe(true);
    expect(closure.nodes.get('infra/networking/frr-k8s')?.direct).toBe(false);
  });

  it("takes the versions a transitive dependency must serve from the depender's requires", () => {
    const closure = dependencyClosure(index([metallb, certManager, frr]), [poolRoot], {
      target: undefined,
      self: undefined,
    });
    // revision 4 is the latest but serves Certificate only at v2; metallb requires v1
    expect(revisionOf(closure, 'sandbox/cert-manager')).toBe('3');
    expect(closure.nodes.get('sandbox/cert-manager')?.needs).toEqual([
      { group: 'cert-manager.io', version: 'v1', kind: 'Certificate' },
    ]);
  });

  it('joins the needs of the package itself and of every depender', () => {
    const issuerRoot: Root = {
      pkg: certManager,
      needs: [{ group: 'cert-manager.io', version: 'v1', kind: 'ClusterIssuer' }],
    };
    const closure = dependencyClosure(index([metallb, certManager, frr]), [poolRoot, issuerRoot], {
      target: undefined,
      self: undefined,
    });
    expect(revisionOf(closure, 'sandbox/cert-manager')).toBe('3');
    expect(closure.nodes.get('sandbox/cert-manager')?.direct).toBe(true);
    expect(closure.nodes.get('sandbox/cert-manager')?.requiredBy).toEqual(['sandbox/metallb']);
  });

  it('reports an installed transitive dependency that misses a version, with the revision to upgrade to and who needs it', () => {
    const metallbIssuer = pkg('sandbox/metallb', [
      rev('1', [poolV1], {
        requires: [{ group: 'cert-manager.io', version: 'v1', kind: 'ClusterIssuer' }],
        dependsOn: ['sandbox/cert-manager'],
      }),
    ]);
    const idx = index(
      [metallbIssuer, certManager],
      [{ target: 'edge01', repository: 'sandbox', package: 'cert-manager', revision: '2' }],
    );
    const closure = dependencyClosure(idx, [{ pkg: metallbIssuer, needs: poolRoot.needs }], {
      target: 'edge01',
      self: undefined,
    });
    expect(closure.results.map((r) => [r.severity, r.message])).toEqual([
      [
        'error',
        'sandbox/cert-manager revision "2" installed on edge01 does not serve cert-manager.io/v1 ClusterIssuer; upgrade sandbox/cert-manager on edge01 to revision "4", which serves them (needed by sandbox/metallb revision "1")',
      ],
    ]);
  });

  it('goes through installed packages to their own dependencies', () => {
    const idx = index(
      [metallb, certManager, frr],
      [{ target: 'edge01', repository: 'sandbox', package: 'metallb', revision: '1' }],
    );
    const closure = dependencyClosure(idx, [poolRoot], { target: 'edge01', self: undefined });
    expect(closure.nodes.get('sandbox/metallb')?.choice).toMatchObject({ reason: 'installed' });
    expect(closure.order).toContain('infra/networking/frr-k8s');
  });

  it('prints the whole cycle, once, starting from its smallest package', () => {
    const a = pkg('r/a', [rev('1', [api('a.io', 'A', ['v1'])], { dependsOn: ['r/b'] })]);
    const b = pkg('r/b', [rev('2', [api('b.io', 'B', ['v1'])], { dependsOn: ['r/c'] })]);
    const c = pkg('r/c', [rev('3', [api('c.io', 'C', ['v1'])], { dependsOn: ['r/a'] })]);
    const closure = dependencyClosure(
      index([a, b, c]),
      [
        { pkg: b, needs: [] },
        { pkg: c, needs: [] },
      ],
      { target: undefined, self: undefined },
    );
    const errors = closure.results.filter((r) => r.severity === 'error').map((r) => r.message);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^dependsOn cycle: r\/a revision "1" -> r\/b revision "2" -> r\/c revision "3" -> r\/a; /,
    );
  });

  it('finds a package that depends on itself', () => {
    const loop = pkg('r/loop', [rev('1', [], { dependsOn: ['r/loop'] })]);
    const closure = dependencyClosure(index([loop]), [{ pkg: loop, needs: [] }], {
      target: undefined,
      self: undefined,
    });
    expect(closure.results.map((r) => r.message)).toEqual([
      expect.stringMatching(/^dependsOn cycle: r\/loop revision "1" -> r\/loop;/),
    ]);
  });

  it('leaves out the dependent package itself', () => {
    const back = pkg('r/lib', [rev('1', [], { dependsOn: ['r/app'] })]);
    const closure = dependencyClosure(index([back]), [{ pkg: back, needs: [] }], {
      target: undefined,
      self: ref('r/app'),
    });
    expect(closure.results).toEqual([]);
    expect(closure.order).toEqual(['r/lib']);
  });

  it('is an error when a dependsOn entry names a package the catalog does not list', () => {
    const lonely = pkg('r/lonely', [rev('1', [], { dependsOn: ['r/missing'] })]);
    const closure = dependencyClosure(index([lonely]), [{ pkg: lonely, needs: [] }], {
      target: undefined,
      self: undefined,
    });
    expect(closure.results.map((r) => r.message)).toEqual([
      'r/lonely revision "1" depends on r/missing, which the catalog does not list; add that package to the catalog or correct the dependsOn entry',
    ]);
  });

  it('follows the final revision only: a dependency of a revision given up is not in the closure', () => {
    // lib 2 depends on old-helper; once app's requires need lib's v2 API, lib 3 is chosen, which does not
    const lib = pkg('r/lib', [
      rev('2', [api('lib.io', 'Lib', ['v1'])], { dependsOn: ['r/old-helper'] }),
      rev('3', [api('lib.io', 'Lib', ['v1', 'v2'])]),
    ]);
    const helper = pkg('r/old-helper', [rev('1', [])]);
    const app = pkg('r/app', [
      rev('1', [], { requires: [{ group: 'lib.io', version: 'v2', kind: 'Lib' }], dependsOn: ['r/lib'] }),
    ]);
    const closure = dependencyClosure(
      index([lib, helper, app]),
      [
        { pkg: lib, needs: [{ group: 'lib.io', version: 'v1', kind: 'Lib' }] },
        { pkg: app, needs: [] },
      ],
      {
        target: undefined,
        self: undefined,
      },
    );
    expect(revisionOf(closure, 'r/lib')).toBe('3');
    expect(closure.order).toEqual(['r/lib', 'r/app']);
  });
});

describe('reachedThroughDependsOn', () => {
  const app = pkg('apps/app', [
    rev('1', [api('app.io', 'App', ['v1'])], { dependsOn: ['sandbox/metallb', 'sandbox/metallb'] }),
  ]);
  const idx = index([app, metallb, certManager, frr]);
  const reachedOf = (
    closure: ReturnType<typeof dependencyClosure>,
    expand: (node: ClosureNode) => boolean = () => true,
  ) => reachedThroughDependsOn(closure, expand).map((reached) => [reached.key, reached.via]);

  it('lists the packages that are no direct dependency, breadth first in dependsOn order, each with its shortest chain', () => {
    const closure = dependencyClosure(idx, [{ pkg: app, needs: [] }], { target: undefined, self: undefined });
    expect(closure.roots).toEqual(['apps/app']);
    expect(closure.nodes.get('sandbox/metallb')?.dependsOn).toEqual([
      'sandbox/cert-manager',
      'infra/networking/frr-k8s',
    ]);
    expect(reachedOf(closure)).toEqual([
      ['sandbox/metallb', ['apps/app']],
      ['sandbox/cert-manager', ['apps/app', 'sandbox/metallb']],
      ['infra/networking/frr-k8s', ['apps/app', 'sandbox/metallb']],
    ]);
  });

  it('does not follow the packages expand refuses, nor list the direct dependencies', () => {
    const closure = dependencyClosure(idx, [{ pkg: app, needs: [] }], { target: undefined, self: undefined });
    expect(reachedOf(closure, (node) => node.pkg.package !== 'metallb')).toEqual([['sandbox/metallb', ['apps/app']]]);
    const both = dependencyClosure(idx, [{ pkg: app, needs: [] }, poolRoot], { target: undefined, self: undefined });
    expect(reachedOf(both).map(([key]) => key)).toEqual(['sandbox/cert-manager', 'infra/networking/frr-k8s']);
  });

  it("gives each package the revision the closure chose, with its dependents' requires", () => {
    const closure = dependencyClosure(idx, [{ pkg: app, needs: [] }], { target: undefined, self: undefined });
    const certs = reachedThroughDependsOn(closure, () => true).find(
      (reached) => reached.key === 'sandbox/cert-manager',
    );
    expect(certs?.node.choice).toMatchObject({ revision: { revision: '3' }, reason: 'latest' });
  });
});
