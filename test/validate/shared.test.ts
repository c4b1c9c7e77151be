import { describe, expect, it } from 'vitest';
import { packageKey } from '../../src/catalog/index.js';
import type { ApiIndex, CatalogRevision, PackageRef } from '../../src/catalog/index.js';
import {
  findPackage,
  findRevision,
  installedDependents,
  neededFrom,
  requirementLabel,
} from '../../src/validate/index.js';
import { indexOf, installed, packages } from './helpers.js';

const certManager: PackageRef = { repository: 'sandbox', package: 'cert-manager' };

function revision(index: ApiIndex, ref: PackageRef, name: string): CatalogRevision {
  const found = index.revision(ref, name);
  if (found === undefined) throw new Error(`${packageKey(ref)} has no revision ${name}`);
  return found;
}

describe('installedDependents', () => {
  const index = indexOf({ packages, installed });

  it('finds direct dependents (dependsOn, or requires only), chains through installed packages, and the APIs each needs', () => {
    const { dependents, unknown } = installedDependents(
      index,
      'edge01',
      certManager,
      revision(index, certManager, '2'),
    );
    expect(unknown).toEqual([]);
    expect(
      dependents.map((d) => [packageKey(d.entry), d.through.map(packageKey), d.needs.map(requirementLabel)]),
    ).toEqual([
      ['extras/legacy-app', [], ['cert-manager.io/v1alpha2/Certificate']],
      ['sandbox/edge-app', ['sandbox/metallb'], ['cert-manager.io/v1/Certificate']],
      ['sandbox/metallb', [], ['cert-manager.io/v1/Certificate']],
    ]);
  });

  it('has no dependents on a target that runs the package alone', () => {
    expect(installedDependents(index, 'edge03', certManager, revision(index, certManager, '2')).dependents).toEqual([]);
  });

  it('does not attribute a required API to a provider when the dependent names another installed provider of it in dependsOn', () => {
    const withOther = indexOf({
      packages: `${packages}
- repository: extras
  package: cert-manager-lite
  revisions:
    - revision: "1"
      lifecycle: Published
      provides:
        - {group: cert-manager.io, kind: Certificate, resource: certificates, versions: [v1]}
- repository: extras
  package: lite-app
  revisions:
    - revision: "1"
      lifecycle: Published
      requires:
        - {group: cert-manager.io, version: v1, kind: Certificate}
      dependsOn:
        - {repository: extras, package: cert-manager-lite}
`,
      installed: `
- {target: edge05, repository: sandbox, package: cert-manager, revision: "2"}
- {target: edge05, repository: extras, package: cert-manager-lite, revision: "1"}
- {target: edge05, repository: extras, package: lite-app, revision: "1"}
`,
    });
    const lite = revision(withOther, { repository: 'extras', package: 'lite-app' }, '1');
    expect(neededFrom(withOther, 'edge05', lite, certManager, revision(withOther, certManager, '2'))).toEqual([]);
    expect(
      neededFrom(
        withOther,
        'edge05',
        lite,
        { repository: 'extras', package: 'cert-manager-lite' },
        revision(withOther, { repository: 'extras', package: 'cert-manager-lite' }, '1'),
      ),
    ).toHaveLength(1);
    expect(
      installedDependents(withOther, 'edge05', certManager, revision(withOther, certManager, '2')).dependents,
    ).toEqual([]);
  });

  it('reports installed entries whose revision the catalog does not list as unknown', () => {
    const withUnknown = indexOf({
      packages,
      installed: `${installed}\n- {target: edge03, repository: sandbox, package: metallb, revision: "7"}`,
    });
    const { dependents, unknown } = installedDependents(
      withUnknown,
      'edge03',
      certManager,
      revision(withUnknown, certManager, '2'),
    );
    expect(dependents).toEqual([]);
    expect(unknown.map((entry) => `${packageKey(entry)}@${entry.revision}`)).toEqual(['sandbox/metallb@7']);
  });

  it('ends on dependsOn cycles', () => {
    const cyclic = indexOf({
      packages: `
- repository: r
  package: a
  revisions:
    - {revision: "1", lifecycle: Published, provides: [{group: a.io, kind: A, versions: [v1]}], dependsOn: [{repository: r, package: b}]}
- repository: r
  package: b
  revisions:
    - {revision: "1", lifecycle: Published, dependsOn: [{repository: r, package: a}]}
- repository: r
  package: c
  revisions:
    - {revision: "1", lifecycle: Published, dependsOn: [{repository: r, package: b}]}
`,
      installed:
        '- {target: t, repository: r, package: a, revision: "1"}\n- {target: t, repository: r, package: b, revision: "1"}\n- {target: t, repository: r, package: c, revision: "1"}',
    });
    const a = { repository: 'r', package: 'a' };
    const { dependents } = installedDependents(cyclic, 't', a, revision(cyclic, a, '1'));
    expect(dependents.map((d) => [packageKey(d.entry), d.through.map(packageKey)])).toEqual([
      ['r/b', []],
      ['r/c', ['r/b']],
    ]);
  });
});

describe('findPackage and findRevision', () => {
  const index = indexOf({ packages, installed });

  it('name the known packages of the repository, or the known repositories', () => {
    expect(findPackage(index, { repository: 'sandbox', package: 'cert' })).toEqual({
      error:
        'package sandbox/cert is not in catalog "package-catalog" (known packages of repository sandbox: cert-manager, edge-app, metallb)',
    });
    expect(findPackage(index, { repository: 'nowhere', package: 'x' })).toEqual({
      error: 'package nowhere/x is not in catalog "package-catalog" (known repositories: extras, sandbox)',
    });
  });

  it('find a revision in any spelling (v2 is 2), else name the known revisions, newest first, with their lifecycle', () => {
    const pkg = index.pkg(certManager);
    if (pkg === undefined) throw new Error('no cert-manager');
    expect(findRevision(index, pkg, '2', 'revision')).toMatchObject({ found: { revision: '2' } });
    expect(findRevision(index, pkg, 'v2', 'revision')).toMatchObject({ found: { revision: '2' } });
    expect(findRevision(index, pkg, 'v9', 'revision')).toEqual({
      error:
        'revision: sandbox/cert-manager has no revision "v9" in catalog "package-catalog"; its revisions are "4" (Draft), "3" (Published), "2" (Published), "1" (Published)',
    });
  });
});
