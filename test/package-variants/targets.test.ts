import { describe, expect, it } from 'vitest';
import { catalogText, resourceListText } from '../support/resource-list.js';
import { emitThenValidate } from '../support/invariants.js';
import type { TestFile } from '../support/resource-list.js';
import { shortHash } from '../../src/package-variants/index.js';
import { asFiles, catalog, config, edge01, kptfile, platform, pool, run, variants } from './helpers.js';
import type { OutItem } from './helpers.js';

/**
 * docs/SPEC.md rules package-variants and prune-and-update: PackageVariants belong to a package
 * and a target; names and downstream packages stay once written; every downstream.package is one
 * Porch accepts.
 */

const edge02 = config('target: edge02\ndownstreamRepository: edge02-deployments\n');
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function shown(items: OutItem[]): string[][] {
  return variants(items).map((v) => {
    const target = v.metadata.annotations?.['pkgdeps.dev/target'] ?? '';
    return [v.metadata.name, target, String(v.spec?.downstream?.repo)];
  });
}

function removals(results: Array<{ message: string }>): string[] {
  return results.filter((r) => r.message.startsWith('removed')).map((r) => r.message);
}

/** The message about removing `name`, which the package no longer needs `upstream` for on `target`. */
function removed(name: string, upstream: string, target: string): string {
  const file = `package-variants/${name}.yaml`;
  return `removed PackageVariant default/${name} (${file}): package app no longer needs ${upstream} on ${target}`;
}

/** A PackageVariant as an earlier pkgdeps wrote it: `pkgdeps.dev/generated-by` alone, no `pkgdeps.dev/target`. */
function legacy(name: string, pkg: string, downstreamRepo: string): TestFile {
  return {
    path: `package-variants/${name}.yaml`,
    yaml: `apiVersion: config.porch.kpt.dev/v1alpha1
kind: PackageVariant
metadata:
  name: ${name}
  namespace: default
  annotations:
    pkgdeps.dev/generated-by: "app"
    pkgdeps.dev/required-by: "app"
spec:
  upstream: {repo: sandbox, package: ${pkg}, workspaceName: v1}
  downstream: {repo: ${downstreamRepo}, package: ${name}}
`,
  };
}

describe('emit-package-variants: one emit step per target in one pipeline', () => {
  it('marks what it writes with the target, and an edge02 step keeps the PackageVariants of the edge01 step', () => {
    const first = run([kptfile, catalog(), pool]);
    expect(shown(first.items)).toEqual([
      ['edge01-networking-frr-k8s', 'edge01', 'edge01-deployments'],
      ['edge01-metallb', 'edge01', 'edge01-deployments'],
    ]);
    const second = run(asFiles(first.stdout), edge02);
    expect(second.exitCode).toBe(0);
    expect(removals(second.results)).toEqual([]);
    expect(shown(second.items)).toEqual([
      ['edge01-networking-frr-k8s', 'edge01', 'edge01-deployments'],
      ['edge01-metallb', 'edge01', 'edge01-deployments'],
      ['edge02-networking-frr-k8s', 'edge02', 'edge02-deployments'],
      ['edge02-metallb', 'edge02', 'edge02-deployments'],
    ]);
    // the edge01 step again, on what both wrote: nothing changes
    const third = run(asFiles(second.stdout));
    expect(removals(third.results)).toEqual([]);
    expect(asFiles(third.stdout)).toEqual(asFiles(second.stdout));
  });

  it('prunes only the PackageVariants of its own target', () => {
    const both = run(asFiles(run([kptfile, catalog(), pool]).stdout), edge02);
    const pruned = run(
      asFiles(both.stdout).filter((file) => file.path !== 'pool.yaml'),
      edge02,
    );
    expect(shown(pruned.items).map(([name]) => name)).toEqual(['edge01-networking-frr-k8s', 'edge01-metallb']);
    expect(removals(pruned.results)).toEqual([
      removed('edge02-networking-frr-k8s', 'infra/networking/frr-k8s', 'edge02'),
      removed('edge02-metallb', 'sandbox/metallb', 'edge02'),
    ]);
  });

  it("reads a PackageVariant of an earlier version (no pkgdeps.dev/target) as its downstream repository's", () => {
    const old = legacy('edge01-metallb', 'metallb', 'edge01-deployments');
    // another target's step leaves it alone
    const other = run([kptfile, catalog(), pool, old], edge02);
    expect(removals(other.results)).toEqual([]);
    expect(shown(other.items)).toEqual([
      ['edge01-metallb', '', 'edge01-deployments'],
      ['edge02-networking-frr-k8s', 'edge02', 'edge02-deployments'],
      ['edge02-metallb', 'edge02', 'edge02-deployments'],
    ]);
    // its own target's step updates it in place, marking it, or removes it when no longer needed
    const own = run([kptfile, catalog(), pool, old]);
    expect(shown(own.items)).toEqual([
      ['edge01-networking-frr-k8s', 'edge01', 'edge01-deployments'],
      ['edge01-metallb', 'edge01', 'edge01-deployments'],
    ]);
    expect(removals(run([kptfile, catalog(), old]).results)).toEqual([
      removed('edge01-metallb', 'sandbox/metallb', 'edge01'),
    ]);
  });

  it('counts a hand-written PackageVariant as a request only for the target of its downstream repository', () => {
    const handWritten = (repo: string): TestFile => ({
      path: 'lb.yaml',
      yaml:
        'apiVersion: config.porch.kpt.dev/v1alpha1\nkind: PackageVariant\nmetadata:\n  name: lb\n' +
        `spec:\n  upstream: {repo: sandbox, package: metallb}\n  downstream: {repo: ${repo}, package: lb}\n`,
    });
    const elsewhere = run([kptfile, catalog(), pool, handWritten('edge02-deployments')]);
    expect(shown(elsewhere.items).map(([name]) => name)).toEqual(['lb', 'edge01-networking-frr-k8s', 'edge01-metallb']);
    const here = run([kptfile, catalog(), pool, handWritten('edge01-deployments')]);
    expect(shown(here.items).map(([name]) => name)).toEqual(['lb', 'edge01-networking-frr-k8s']);
  });
});

describe('emit-package-variants: a hand-written PackageVariant into another repository', () => {
  const into = (name: string, repo: string, pkg: string): TestFile => ({
    path: `${name}.yaml`,
    yaml:
      `apiVersion: config.porch.kpt.dev/v1alpha1\nkind: PackageVariant\nmetadata:\n  name: ${name}\n` +
      `spec:\n  upstream: {repo: ${repo}, package: ${pkg}}\n  downstream: {repo: edge02-deployments, package: ${name}}\n`,
  });
  const files = [kptfile, catalog(), into('prom', 'sandbox', 'prometheus'), into('legacy', 'other', 'legacy-app')];

  it('makes its upstream no dependency of this target: nothing generated for it, nothing to warn about', () => {
    const out = run(files);
    expect(out.exitCode).toBe(0);
    expect(shown(out.items).map(([name]) => name)).toEqual(['prom', 'legacy']);
    expect(out.results.filter((result) => result.severity !== 'info')).toEqual([]);
  });

  it('and validate-dependencies passes on the output, as on the seed 141948644 counterexample', () => {
    expect(emitThenValidate(resourceListText(files, edge01))).toEqual([]);
    expect(
      emitThenValidate(resourceListText([kptfile, catalog(), into('a', 'catalog', 'cert-manager')], edge01)),
    ).toEqual([]);
  });
});

describe('emit-package-variants: stable names', () => {
  const twins = `
- repository: r1
  package: a-b
  revisions:
    - {revision: "1", lifecycle: Published, provides: [{group: a.io, kind: A, versions: [v1]}]}
- repository: r2
  package: a.b
  revisions:
    - {revision: "1", lifecycle: Published, provides: [{group: b.io, kind: B, versions: [v1]}]}
`;
  const twinCatalog: TestFile = { path: 'catalog.yaml', yaml: catalogText({ packages: twins, platform }) };
  const a: TestFile = { path: 'a.yaml', yaml: 'apiVersion: a.io/v1\nkind: A\nmetadata:\n  name: a\n' };
  const b: TestFile = { path: 'b.yaml', yaml: 'apiVersion: b.io/v1\nkind: B\nmetadata:\n  name: b\n' };
  const named = (items: OutItem[]) => variants(items).map((v) => [v.metadata.name, v.spec?.downstream?.package]);

  it('keeps the name and downstream package of an existing PackageVariant; only the newcomer gets the hash', () => {
    const first = run([kptfile, twinCatalog, a]);
    expect(named(first.items)).toEqual([['edge01-a-b', 'edge01-a-b']]);
    const second = run([...asFiles(first.stdout), b]);
    expect(removals(second.results)).toEqual([]);
    const hashed = `edge01-a-b-${shortHash('edge01/r2/a.b')}`;
    expect(named(second.items)).toEqual([
      ['edge01-a-b', 'edge01-a-b'],
      [hashed, hashed],
    ]);
    // and the newcomer keeps its hash once the first one goes
    const third = run(asFiles(second.stdout).filter((file) => file.path !== 'a.yaml'));
    expect(named(third.items)).toEqual([[hashed, hashed]]);
  });

  it('still gives both the hash when both are new', () => {
    const { items } = run([kptfile, twinCatalog, a, b]);
    const both = [`edge01-a-b-${shortHash('edge01/r1/a-b')}`, `edge01-a-b-${shortHash('edge01/r2/a.b')}`];
    expect(named(items).map(([name]) => name)).toEqual(both);
  });
});

describe('emit-package-variants: downstream.package', () => {
  it('is a DNS-1123 label whatever the catalog package path holds', () => {
    const paths = ['tools/../My Package', 'two\nlines', `${'p'.repeat(300)}`, '..'];
    const odd = paths
      .map((path, i) => {
        const provides = `[{group: k${i}.io, kind: K, versions: [v1]}]`;
        const revision = `{revision: "1", lifecycle: Published, provides: ${provides}}`;
        return `- repository: r\n  package: ${JSON.stringify(path)}\n  revisions:\n    - ${revision}`;
      })
      .join('\n');
    const files: TestFile[] = [kptfile, { path: 'catalog.yaml', yaml: catalogText({ packages: odd, platform }) }];
    paths.forEach((_, i) => {
      files.push({ path: `k${i}.yaml`, yaml: `apiVersion: k${i}.io/v1\nkind: K\nmetadata:\n  name: k\n` });
    });
    const { exitCode, items } = run(files);
    expect(exitCode).toBe(0);
    const downstream = new Map(
      variants(items).map((v) => [String(v.spec?.upstream?.package), String(v.spec?.downstream?.package)]),
    );
    expect(downstream.size).toBe(4);
    for (const value of downstream.values()) {
      expect(value).toMatch(DNS_1123_LABEL);
      expect(value.length).toBeLessThanOrEqual(63);
    }
    expect([downstream.get('tools/../My Package'), downstream.get('two\nlines'), downstream.get('..')]).toEqual([
      'edge01-tools-my-package',
      'edge01-two-lines',
      'edge01',
    ]);
  });

  it('refuses a downstreamPrefix that would make it an invalid package path, naming the value', () => {
    const fields = 'target: edge01\ndownstreamRepository: edge01\ndownstreamPrefix: "../Edge 01/"\n';
    const { exitCode, items, results } = run([kptfile, catalog(), pool], config(fields));
    expect(exitCode).toBe(1);
    expect(variants(items)).toEqual([]);
    expect(results.map((r) => r.message).join('\n')).toMatch(/downstreamPrefix: .*"\.\.\/Edge 01\/"/);
  });
});
