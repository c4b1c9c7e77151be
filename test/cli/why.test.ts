import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { YAMLMap } from 'yaml';
import { why } from '../../cli/why.js';
import { runCli } from '../support/cli.js';
import { ApiIndex, readCatalog } from '../../src/catalog/index.js';
import { candidatesFor } from '../../src/resolve/index.js';
import type { VersionNeed } from '../../src/resolve/index.js';
import { catalogText, kptfileText } from '../support/resource-list.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const edgeApp = join(repoRoot, 'examples/resolve-dependencies-edge-app');
const ambiguous = join(repoRoot, 'examples/resolve-dependencies-ambiguous');

const scratch = mkdtempSync(join(tmpdir(), 'pkgdeps-why-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes files under a fresh directory of the scratch area; returns its path. */
function writeTree(name: string, files: Record<string, string>): string {
  const root = join(scratch, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function resource(apiVersion: string, kind: string, name: string): string {
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n`;
}

/** A catalog where each filter of docs/SPEC.md rule candidates is the one that empties some API's list. */
const funnelPackages = `
- repository: sandbox
  package: cert-manager
  revisions:
    - revision: "1"
      lifecycle: Published
      provides:
        - {group: cert-manager.io, kind: Certificate, resource: certificates, versions: [v1alpha2], scope: Namespaced}
    - revision: "2"
      lifecycle: Published
      provides:
        - {group: cert-manager.io, kind: Certificate, resource: certificates, versions: [v1, v1alpha2], scope: Namespaced}
        - {group: cert-manager.io, kind: Issuer, resource: issuers, versions: [v1], scope: Namespaced}
    - revision: "3"
      lifecycle: Draft
      provides:
        - {group: cert-manager.io, kind: Certificate, resource: certificates, versions: [v1, v2], scope: Namespaced}
        - {group: cert-manager.io, kind: Issuer, resource: issuers, versions: [v1], scope: Namespaced}
- repository: sandbox
  package: widgets
  revisions:
    - revision: "1"
      lifecycle: Proposed
      provides:
        - {group: widgets.example.io, kind: Widget, resource: widgets, versions: [v1], scope: Namespaced}
- repository: sandbox
  package: metrics
  revisions:
    - revision: "1"
      lifecycle: Published
      provides:
        - {group: metrics.example.io, versions: [v1beta1], source: APIService}
`;

const funnelCatalog = writeTree('funnel-catalog', { 'catalog.yaml': catalogText({ packages: funnelPackages }) });

describe('pkgdeps why on the edge-app example', () => {
  it('explains each dependency: resources, candidates, the rule that chose it and the revision', async () => {
    const out = await runCli(why, [edgeApp, '--catalog', join(edgeApp, 'catalog.yaml'), '--target', 'edge01']);
    expect(out.stderr).toBe('');
    expect(out.exitCode).toBe(0);
    const body = out.stdout.split('\n').slice(1).join('\n');
    expect(body).toBe(`
package edge-app (.): depends on catalog-distros-sandbox/cert-manager, catalog-distros-sandbox/metallb

  catalog-distros-sandbox/cert-manager
    revision "2": installed on edge01
    needed by:
      Certificate/web-tls (certificate.yaml) needs cert-manager.io/v1 Certificate
        candidates: catalog-distros-sandbox/cert-manager, catalog-extras/cert-manager-lite
        chosen because: the only candidate installed on edge01 (rule tie-breaks (a))
      Issuer/edge-issuer (issuer.yaml) needs cert-manager.io/v1 Issuer
        candidates: catalog-distros-sandbox/cert-manager
        chosen because: the only candidate (rule candidates)
      Role/cert-reader (rbac.yaml) needs cert-manager.io/* Certificate (RBAC rule, any version)
        candidates: catalog-distros-sandbox/cert-manager, catalog-extras/cert-manager-lite
        chosen because: the only candidate installed on edge01 (rule tie-breaks (a))

  catalog-distros-sandbox/metallb
    revision "1": the latest Published revision serving every needed version and creating every needed object
      "1" (Published): serves every needed version and creates every needed object, chosen
    needed by:
      IPAddressPool/edge-pool (ip-pool.yaml) needs metallb.io/v1beta1 IPAddressPool
        candidates: catalog-distros-sandbox/metallb
        chosen because: the only candidate (rule candidates)
      IPAddressPool/edge-pool (ip-pool.yaml) needs Namespace/metallb-system
        candidates: catalog-distros-sandbox/metallb
        chosen because: the only candidate (rule candidates)
`);
    expect(out.stdout.split('\n')[0]).toMatch(
      /^pkgdeps why .*resolve-dependencies-edge-app: catalog package-catalog \(.*catalog\.yaml\), target edge01$/,
    );
  });

  it("without a target, the package's other choice settles Certificate and the latest revision is taken", async () => {
    const out = await runCli(why, [edgeApp, '--catalog', join(edgeApp, 'catalog.yaml')]);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain(`  catalog-distros-sandbox/cert-manager
    revision "3": the latest Published revision serving every needed version
      "3" (Published): serves every needed version, chosen
    needed by:
      Certificate/web-tls (certificate.yaml) needs cert-manager.io/v1 Certificate
        candidates: catalog-distros-sandbox/cert-manager, catalog-extras/cert-manager-lite
        chosen because: already chosen, without this tie-break, for another need of the package (rule tie-breaks (c))
`);
  });
});

describe('pkgdeps why on the ambiguous example', () => {
  it('shows the funnel, the tie-breaks that did not settle it and the preference that would', async () => {
    const out = await runCli(why, [ambiguous, '--catalog', join(ambiguous, 'catalog.yaml')]);
    expect(out.exitCode).toBe(1);
    expect(out.stdout.split('\n').slice(1).join('\n')).toBe(`
package tls-app (.): no dependencies

  1 API without a provider:

  Certificate/api-tls (certificate.yaml) needs cert-manager.io/v1 Certificate
    ambiguous: 2 candidates, catalog-distros-sandbox/cert-manager, catalog-extras/cert-manager-lite
    funnel:
      all catalog revisions             2 revisions of 2 packages
      providing group cert-manager.io   2 revisions of 2 packages
      providing kind Certificate (CRD)  2 revisions of 2 packages
      Published                         2 revisions of 2 packages
      serving version v1                2 revisions of 2 packages
    tie-breaks (one settles it when it leaves exactly 1 package):
      installed on the target (no --target given)     0 packages
      named by a preference                           0 packages
      already chosen for another need of the package  0 packages
    settle it: --prefer cert-manager.io/Certificate=catalog-distros-sandbox/cert-manager (function config: preferences: "cert-manager.io/Certificate=catalog-distros-sandbox/cert-manager"), or install one candidate on the target
`);
  });

  it('is settled by the preference it suggests', async () => {
    const out = await runCli(why, [
      ambiguous,
      '--catalog',
      join(ambiguous, 'catalog.yaml'),
      '--prefer',
      'cert-manager.io/Certificate=catalog-extras/cert-manager-lite',
    ]);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain('package tls-app (.): depends on catalog-extras/cert-manager-lite\n');
    expect(out.stdout).toContain('chosen because: named by a preference (rule tie-breaks (b))\n');
    expect(out.stdout).not.toContain('without a provider');
  });

  it('counts candidates installed on the target when both are', async () => {
    const catalog = writeTree('both-installed', {
      'catalog.yaml': catalogText({
        packages: `
- {repository: catalog-distros-sandbox, package: cert-manager, revisions: [{revision: "3", lifecycle: Published, provides: [{group: cert-manager.io, kind: Certificate, versions: [v1]}]}]}
- {repository: catalog-extras, package: cert-manager-lite, revisions: [{revision: "1", lifecycle: Published, provides: [{group: cert-manager.io, kind: Certificate, versions: [v1]}]}]}`,
        installed: `
- {target: edge01, repository: catalog-distros-sandbox, package: cert-manager, revision: "3"}
- {target: edge01, repository: catalog-extras, package: cert-manager-lite, revision: "1"}`,
      }),
    });
    const out = await runCli(why, [ambiguous, '--catalog', join(catalog, 'catalog.yaml'), '--target', 'edge01']);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toMatch(/\n {6}installed on edge01 +2 packages\n/);
  });
});

describe('pkgdeps why and the dependsOn closure', () => {
  const catalog = writeTree('pinned-catalog', {
    'catalog.yaml': catalogText({
      packages: `
- repository: r
  package: gateway
  revisions:
    - {revision: "1", lifecycle: Published, provides: [{group: gateway.example.io, kind: Gateway, versions: [v1]}], requires: [{group: cert-manager.io, version: v1, kind: Certificate}], dependsOn: [{repository: r, package: cert-manager}]}
- repository: r
  package: cert-manager
  revisions:
    - {revision: "1", lifecycle: Published, provides: [{group: cert-manager.io, kind: Certificate, versions: [v1]}], dependsOn: [{repository: r, package: ghost}]}
    - {revision: "2", lifecycle: Published, provides: [{group: cert-manager.io, kind: Certificate, versions: [v2]}], dependsOn: [{repository: r, package: trust}]}
- repository: r
  package: trust
  revisions:
    - {revision: "1", lifecycle: Published}
`,
    }),
  });
  const pkg = writeTree('pinned-pkg', {
    Kptfile: kptfileText('gw-app'),
    'gateway.yaml': resource('gateway.example.io/v1', 'Gateway', 'gw'),
  });

  it("explains each package dependsOn brings in, with the revision the dependents' requires pin, and the closure's problems", async () => {
    const out = await runCli(why, [pkg, '--catalog', join(catalog, 'catalog.yaml')]);
    expect(out.exitCode).toBe(1);
    const body = out.stdout.split('\n').slice(1).join('\n');
    expect(body).toContain(`
  through dependsOn, 1 more package:

  r/cert-manager
    revision "1": the latest Published revision serving every needed version
      "2" (Published): does not serve cert-manager.io/v1 Certificate, skipped
      "1" (Published): serves every needed version, chosen
    required by: r/gateway revision "1"
    they require: cert-manager.io/v1 Certificate

  dependsOn problems:
    r/cert-manager revision "1" depends on r/ghost, which the catalog does not list; add that package to the catalog or correct the dependsOn entry
`);
    expect(body).not.toContain('r/trust');
  });
});

describe('pkgdeps why when nothing matches', () => {
  const pkg = writeTree('funnel-pkg', {
    Kptfile: kptfileText('funnel-app'),
    'a-unknown-group.yaml': resource('nothing.example.io/v1', 'Thing', 'a'),
    'b-unknown-kind.yaml': resource('cert-manager.io/v1', 'ClusterIssuer', 'b'),
    'c-draft-only.yaml': resource('widgets.example.io/v1', 'Widget', 'c'),
    'd-no-version.yaml': resource('cert-manager.io/v2', 'Certificate', 'd'),
    'e-apiservice-version.yaml': resource('metrics.example.io/v1', 'NodeMetrics', 'e'),
  });
  const running = runCli(why, [pkg, '--catalog', join(funnelCatalog, 'catalog.yaml')]);

  it('fails and names every API without a provider', async () => {
    const out = await running;
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toContain('package funnel-app (.): no dependencies\n');
    expect(out.stdout).toContain('  5 APIs without a provider:\n');
  });

  it('stops the funnel at the filter that emptied the list, with counts', async () => {
    const out = await running;
    const blocks = out.stdout.split('\n\n');
    const block = (start: string) => blocks.find((b) => b.startsWith(`  ${start}`)) ?? `(no block for ${start})`;
    expect(block('Thing/a')).toContain(`    funnel:
      all catalog revisions               5 revisions of 3 packages
      providing group nothing.example.io  0 revisions of 0 packages  <- nothing left`);
    expect(block('ClusterIssuer/b')).toContain(`    funnel:
      all catalog revisions                                                      5 revisions of 3 packages
      providing group cert-manager.io                                            3 revisions of 1 package
      providing kind ClusterIssuer (no CRD does), or an APIService of the group  0 revisions of 0 packages  <- nothing left`);
    expect(block('Widget/c')).toContain(`    funnel:
      all catalog revisions               5 revisions of 3 packages
      providing group widgets.example.io  1 revision of 1 package
      providing kind Widget (CRD)         1 revision of 1 package
      Published                           0 revisions of 0 packages  <- nothing left`);
    expect(block('Certificate/d')).toContain(`    funnel:
      all catalog revisions             5 revisions of 3 packages
      providing group cert-manager.io   3 revisions of 1 package
      providing kind Certificate (CRD)  3 revisions of 1 package
      Published                         2 revisions of 1 package
      serving version v2                0 revisions of 0 packages  <- nothing left`);
    expect(block('NodeMetrics/e'))
      .toContain(`      providing kind NodeMetrics (no CRD does), or an APIService of the group  1 revision of 1 package
      Published                                                                1 revision of 1 package
      serving version v1                                                       0 revisions of 0 packages  <- nothing left`);
  });

  it("shows the resolver's own message, with the served versions", async () => {
    const out = await running;
    expect(out.stdout).toContain(
      '    unresolved: cert-manager.io/v2 Certificate is provided, but not at version v2: sandbox/cert-manager serves v1, v1alpha2;',
    );
    expect(out.stdout).toContain(
      '    unresolved: widgets.example.io/v1 Widget is provided only by revisions that are not Published: sandbox/widgets revision "1" (Proposed)',
    );
  });
});

describe('candidatesFor steps (docs/SPEC.md rule candidates)', () => {
  const node = parseDocument(catalogText({ packages: funnelPackages })).contents as YAMLMap;
  const catalog = readCatalog(node).catalog;
  if (catalog === undefined) throw new Error('test catalog does not load');
  const index = new ApiIndex(catalog);
  const cases: Array<[VersionNeed, string[], string]> = [
    [
      { group: 'cert-manager.io', version: 'v1', kind: 'Certificate' },
      ['group', 'crd', 'published', 'version'],
      'packages',
    ],
    [
      { group: 'cert-manager.io', version: 'v2', kind: 'Certificate' },
      ['group', 'crd', 'published', 'version'],
      'version',
    ],
    [{ group: 'cert-manager.io', version: '*', kind: 'Issuer' }, ['group', 'crd', 'published', 'version'], 'packages'],
    [{ group: 'cert-manager.io', version: 'v1', kind: 'ClusterIssuer' }, ['group', 'apiservice'], 'unprovided'],
    [{ group: 'widgets.example.io', version: 'v1', kind: 'Widget' }, ['group', 'crd', 'published'], 'unpublished'],
    [
      { group: 'metrics.example.io', version: 'v1beta1', kind: 'NodeMetrics' },
      ['group', 'apiservice', 'published', 'version'],
      'packages',
    ],
    [{ group: 'metrics.example.io', version: 'v1beta1' }, ['group', 'apiservice', 'published', 'version'], 'packages'],
    [{ group: 'nothing.example.io', version: 'v1', kind: 'Thing' }, ['group'], 'unprovided'],
  ];

  it.each(cases)('%o: filters %o, answer %s', (need, tests, outcome) => {
    const answer = candidatesFor(index, need.group, need.version, need.kind);
    const { steps } = answer;
    expect(steps.map((step) => step.test)).toEqual(tests);
    expect(steps.every((step) => step.rule === 'candidates')).toBe(true);
    expect('packages' in answer ? 'packages' : answer.problem).toBe(outcome);
    for (let i = 1; i < steps.length; i++) {
      const before = new Set(steps[i - 1]?.left.map((entry) => entry.revision));
      expect(steps[i]?.left.every((entry) => before.has(entry.revision))).toBe(true);
    }
    steps.slice(0, -1).forEach((step) => expect(step.left.length).toBeGreaterThan(0));
    const last = steps.at(-1)?.left ?? [];
    if ('packages' in answer) expect(new Set(last.map((entry) => entry.pkg))).toEqual(new Set(answer.packages));
    else expect(last).toEqual([]);
  });
});

describe('pkgdeps why revision choice', () => {
  it('lists the revisions newest first down to the chosen one, saying why each newer one was skipped', async () => {
    const pkg = writeTree('revisions-pkg', {
      Kptfile: kptfileText('revisions-app'),
      'cert.yaml': resource('cert-manager.io/v1', 'Certificate', 'web'),
      'old-cert.yaml': resource('cert-manager.io/v1alpha2', 'Certificate', 'legacy'),
    });
    const out = await runCli(why, [pkg, '--catalog', join(funnelCatalog, 'catalog.yaml')]);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain(`  sandbox/cert-manager
    revision "2": the latest Published revision serving every needed version
      "3" (Draft): not Published, skipped
      "2" (Published): serves every needed version, chosen
    needed by:
      Certificate/web (cert.yaml) needs cert-manager.io/v1 Certificate
`);
    expect(out.stdout).not.toContain('"1" (Published)');
  });

  it('explains an installed revision that lacks a needed version, with the fix', async () => {
    const catalog = writeTree('installed-old', {
      'catalog.yaml': catalogText({
        packages: funnelPackages,
        installed: '- {target: edge01, repository: sandbox, package: cert-manager, revision: "1"}',
      }),
    });
    const pkg = writeTree('installed-old-pkg', {
      Kptfile: kptfileText('app'),
      'cert.yaml': resource('cert-manager.io/v1', 'Certificate', 'web'),
    });
    const out = await runCli(why, [pkg, '--catalog', join(catalog, 'catalog.yaml'), '--target', 'edge01']);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toContain(
      '    revision: none; sandbox/cert-manager revision "1" installed on edge01 does not serve cert-manager.io/v1 Certificate; upgrade sandbox/cert-manager on edge01 to revision "2", which serves them\n',
    );
  });

  it('names a hand-written PackageVariant as the reason for its upstream', async () => {
    const pkg = writeTree('pv-pkg', {
      Kptfile: kptfileText('pv-app'),
      'pv.yaml': `apiVersion: config.porch.kpt.dev/v1alpha1
kind: PackageVariant
metadata:
  name: metrics
spec:
  upstream: {repo: sandbox, package: metrics, revision: "1"}
  downstream: {repo: edge01, package: metrics}
`,
    });
    const catalog = writeTree('pv-catalog', {
      'catalog.yaml': catalogText({ packages: funnelPackages, platform: '- {group: config.porch.kpt.dev}' }),
    });
    const out = await runCli(why, [pkg, '--catalog', join(catalog, 'catalog.yaml')]);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain(`      PackageVariant/metrics (pv.yaml) requests it
        chosen because: a PackageVariant of the package names it in spec.upstream (rule package-variant-upstream)
`);
  });
});

describe('pkgdeps why groups what repeats', () => {
  it('explains an API many resources need once, and its header counts APIs, not resources', async () => {
    const pkg = writeTree('repeated-pkg', {
      Kptfile: kptfileText('repeated'),
      'certs.yaml': ['a', 'b', 'c'].map((name) => resource('cert-manager.io/v1', 'Certificate', name)).join('---\n'),
      'widgets.yaml': ['w1', 'w2'].map((name) => resource('widgets.example.io/v1', 'Widget', name)).join('---\n'),
      'issuer.yaml': resource('cert-manager.io/v1', 'Issuer', 'i'),
    });
    const out = await runCli(why, [pkg, '--catalog', join(funnelCatalog, 'catalog.yaml')]);
    expect(out.stdout).toContain(`    needed by:
      3 resources need cert-manager.io/v1 Certificate:
        Certificate/a (certs.yaml)
        Certificate/b (certs.yaml)
        Certificate/c (certs.yaml)
        candidates: sandbox/cert-manager
        chosen because: the only candidate (rule candidates)
      Issuer/i (issuer.yaml) needs cert-manager.io/v1 Issuer
`);
    expect(out.stdout).toContain('  1 API without a provider:\n');
    expect(out.stdout).toContain(`  widgets.example.io/v1 Widget, needed by 2 resources:
      Widget/w1 (widgets.yaml)
      Widget/w2 (widgets.yaml)
    unresolved: `);
    expect(out.stdout.match(/funnel:/g)).toHaveLength(1);
  });
});

describe('pkgdeps why usage and input errors', () => {
  const catalog = join(edgeApp, 'catalog.yaml');

  it.each([
    [[edgeApp], '--catalog FILE is required'],
    [['--catalog', catalog], 'expected 1 argument (PKG_DIR), got none'],
    [[edgeApp, edgeApp, '--catalog', catalog], 'expected 1 argument (PKG_DIR), got "'],
    [
      [edgeApp, '--catalog', catalog, '--prefer', 'cert-manager.io'],
      'is not of the form <group>[/<Kind>]=<repository>/<package>',
    ],
    [[edgeApp, '--catalog', catalog, '--colour'], 'unknown option --colour\n'],
  ])('%o: exit 2 with usage', async (args, message) => {
    const out = await runCli(why, args);
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain(message);
    expect(out.stderr).toContain('usage: pkgdeps why PKG_DIR [options]\n');
  });

  it('a missing directory or catalog file is one stderr line, exit 1', async () => {
    for (const args of [
      [join(scratch, 'nope'), '--catalog', catalog],
      [edgeApp, '--catalog', join(scratch, 'nope.yaml')],
    ]) {
      const out = await runCli(why, args);
      expect(out.exitCode).toBe(1);
      expect(out.stderr).toMatch(/^pkgdeps why: .*nope.*\n$/);
    }
  });

  it('catalog errors are printed as results, exit 1', async () => {
    const broken = writeTree('broken-catalog', {
      'catalog.yaml': catalogText({ packages: '- {repository: r, package: p}' }),
    });
    const out = await runCli(why, [edgeApp, '--catalog', join(broken, 'catalog.yaml')]);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain(
      "error: ConfigMap package-catalog: data.packages: [0]: must have required property 'revisions'",
    );
  });

  it('a file that does not parse is a warning; a broken Kptfile stops it, exit 1 (rule malformed-files)', async () => {
    const files = { Kptfile: kptfileText('odd'), 'bad.yaml': 'kind: [\n', 'cm.yaml': resource('v1', 'ConfigMap', 'c') };
    const warned = await runCli(why, [writeTree('bad-file', files), '--catalog', catalog]);
    expect(warned.exitCode).toBe(0);
    expect(warned.stderr).toMatch(/^warning: bad\.yaml: document 0 is not valid YAML: .*; the file is left out$/m);
    const stopped = await runCli(why, [
      writeTree('bad-kptfile', { ...files, Kptfile: 'metadata: [\n' }),
      '--catalog',
      catalog,
    ]);
    expect(stopped.exitCode).toBe(1);
    expect(stopped.stdout).toBe('');
    expect(stopped.stderr).toMatch(/^error: Kptfile: document 0 is not valid YAML: .*; the package it belongs to/m);
  });

  it('a preference naming an unknown package is a warning on stderr', async () => {
    const out = await runCli(why, [
      edgeApp,
      '--catalog',
      catalog,
      '--target',
      'edge01',
      '--prefer',
      'cert-manager.io=nowhere/nothing',
    ]);
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toContain(
      'warning: preference for cert-manager.io names nowhere/nothing, which is not in catalog "package-catalog"',
    );
  });
});

describe('the built pkgdeps command', () => {
  const cli = join(repoRoot, 'dist/cli.js');

  it('dispatches why and prints what why() returns', async () => {
    expect(existsSync(cli), 'run `npm run build` first').toBe(true);
    const args = ['why', ambiguous, '--catalog', join(ambiguous, 'catalog.yaml')];
    const run = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: repoRoot });
    const expected = await runCli(why, args.slice(1));
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(expected.stdout);
  });

  it('lists why and graph in its usage', async () => {
    const run = spawnSync(process.execPath, [cli, 'help'], { encoding: 'utf8' });
    expect(run.stdout).toMatch(/\n {2}why {2,}explain/);
    expect(run.stdout).toMatch(/\n {2}graph {2,}the catalog/);
  });
});
