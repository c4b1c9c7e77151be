import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { processText } from '../../src/krm/index.js';
import { emitPackageVariants } from '../../functions/emit-package-variants/processor.js';
import { resolveDependencies } from '../../functions/resolve-dependencies/processor.js';
import { catalogText, kptfileText, resourceListText } from '../support/resource-list.js';
import type { TestFile } from '../support/resource-list.js';
import { asFiles, catalog, cert, config, edge01, kptfile, monitor, packages, pool, run, variants } from './helpers.js';
import type { OutItem } from './helpers.js';

describe('emit-package-variants', () => {
  it('adds a PackageVariant per missing package, transitive ones first, as docs/SPEC.md section 5 shows', () => {
    const { exitCode, items, stdout } = run([kptfile, catalog(), pool]);
    expect(exitCode).toBe(0);
    expect(variants(items)).toEqual([
      {
        apiVersion: 'config.porch.kpt.dev/v1alpha1',
        kind: 'PackageVariant',
        metadata: {
          name: 'edge01-networking-frr-k8s',
          namespace: 'default',
          annotations: {
            'pkgdeps.dev/generated-by': 'app',
            'pkgdeps.dev/target': 'edge01',
            'pkgdeps.dev/required-by': 'sandbox/metallb',
            'internal.config.kubernetes.io/path': 'package-variants/edge01-networking-frr-k8s.yaml',
            'internal.config.kubernetes.io/index': '0',
          },
        },
        spec: {
          upstream: { repo: 'infra', package: 'networking/frr-k8s', workspaceName: 'v1.2.0' },
          downstream: { repo: 'edge01-deployments', package: 'edge01-networking-frr-k8s' },
        },
      },
      {
        apiVersion: 'config.porch.kpt.dev/v1alpha1',
        kind: 'PackageVariant',
        metadata: {
          name: 'edge01-metallb',
          namespace: 'default',
          annotations: {
            'pkgdeps.dev/generated-by': 'app',
            'pkgdeps.dev/target': 'edge01',
            'pkgdeps.dev/required-by': 'app',
            'internal.config.kubernetes.io/path': 'package-variants/edge01-metallb.yaml',
            'internal.config.kubernetes.io/index': '0',
          },
        },
        spec: {
          upstream: { repo: 'sandbox', package: 'metallb', workspaceName: 'v1' },
          downstream: { repo: 'edge01-deployments', package: 'edge01-metallb' },
        },
      },
    ]);
    // block style, annotations double-quoted like kpt writes them
    expect(stdout).toContain(
      '  spec:\n    upstream:\n      repo: sandbox\n      package: metallb\n      workspaceName: v1\n    downstream:\n      repo: edge01-deployments\n      package: edge01-metallb\n',
    );
    expect(stdout).toContain('    pkgdeps.dev/generated-by: "app"\n');
  });

  it('emits nothing for a package installed on the target and says so', () => {
    const { items, results } = run([
      kptfile,
      catalog('- {target: edge01, repository: sandbox, package: cert-manager, revision: "2"}'),
      cert,
    ]);
    expect(variants(items)).toEqual([]);
    expect(results.map((r) => r.message)).toEqual([
      'sandbox/cert-manager revision "2" is installed on edge01: no PackageVariant needed',
    ]);
  });

  it('finds the installed revision by the catalog\'s revision order: "v2" is revision "2"', () => {
    const { exitCode, items, results } = run([
      kptfile,
      catalog('- {target: edge01, repository: sandbox, package: cert-manager, revision: "v2"}'),
      cert,
    ]);
    expect(exitCode).toBe(0);
    expect(variants(items)).toEqual([]);
    expect(results.map((r) => r.message)).toEqual([
      'sandbox/cert-manager revision "2" is installed on edge01: no PackageVariant needed',
    ]);
  });

  it('fails, changing nothing, when the installed revision does not serve a needed version, naming the revision to upgrade to', () => {
    const issuer: TestFile = {
      path: 'issuer.yaml',
      yaml: 'apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: ca\n',
    };
    const input = [
      kptfile,
      catalog('- {target: edge01, repository: sandbox, package: cert-manager, revision: "2"}'),
      issuer,
      pool,
    ];
    const { exitCode, items, results } = run(input);
    expect(exitCode).toBe(1);
    expect(variants(items)).toEqual([]);
    const errors = results.filter((r) => r.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain('upgrade sandbox/cert-manager on edge01 to revision "3"');
  });

  it('emits nothing for a package a PackageVariant of the input already requests, and leaves that one alone', () => {
    const handWritten: TestFile = {
      path: 'monitoring.yaml',
      yaml: 'apiVersion: config.porch.kpt.dev/v1alpha1\nkind: PackageVariant\nmetadata:\n  name: mine # by hand\nspec:\n  upstream: {repo: sandbox, package: metallb}\n  downstream: {repo: edge01-deployments, package: lb}\n',
    };
    const input = resourceListText([kptfile, catalog(), pool, handWritten], edge01);
    const out = processText(input, emitPackageVariants, 'emit-package-variants');
    const items = (parse(out.stdout) as { items: OutItem[] }).items;
    expect(variants(items).map((v) => v.metadata.name)).toEqual(['mine', 'edge01-networking-frr-k8s']);
    expect(out.stdout).toContain('  name: mine # by hand\n');
    expect(out.stdout).toContain('  upstream: { repo: sandbox, package: metallb }\n');
  });

  it("pins by workspaceName: the catalog's, vN inferred with a warning, a semver revision's name", () => {
    const { exitCode, items, results } = run([kptfile, catalog(), pool, monitor]);
    expect(exitCode).toBe(0);
    const upstreams = Object.fromEntries(variants(items).map((v) => [v.metadata.name, v.spec?.upstream]));
    expect(upstreams).toEqual({
      'edge01-networking-frr-k8s': { repo: 'infra', package: 'networking/frr-k8s', workspaceName: 'v1.2.0' },
      'edge01-metallb': { repo: 'sandbox', package: 'metallb', workspaceName: 'v1' },
      'edge01-prometheus': { repo: 'sandbox', package: 'prometheus', workspaceName: 'v4' },
    });
    expect(results.filter((r) => r.severity === 'warning').map((r) => r.message)).toEqual([
      'sandbox/prometheus: revision "4" has no workspaceName in the catalog, so workspaceName v4 is inferred ' +
        "(Porch's name for a revision found from the git tag prometheus/v4); one approved in Porch keeps the " +
        "workspaceName of its Draft: write that in the catalog's entry",
    ]);
  });

  it("installs the newest revision of a package mixing numbered and semver revisions (Nephio's oai-ran-operator)", () => {
    const operator = (revision: string, workspaceName: string) =>
      `    - revision: "${revision}"\n      workspaceName: ${workspaceName}\n      lifecycle: Published\n      provides:\n` +
      '        - {group: ran.example.io, kind: RANDeployment, resource: randeployments, versions: [v1]}\n';
    const mixed = `- repository: oai\n  package: oai-ran-operator\n  revisions:\n${operator('v3.0.0', 'v3.0.0')}${operator('1', 'v1')}${operator('v2.0.0', 'v2.0.0')}`;
    const ran: TestFile = {
      path: 'ran.yaml',
      yaml: 'apiVersion: ran.example.io/v1\nkind: RANDeployment\nmetadata:\n  name: du\n',
    };
    const files = (installed?: string) => [
      kptfile,
      {
        path: 'catalog.yaml',
        yaml: catalogText({ packages: mixed, ...(installed === undefined ? {} : { installed }) }),
      },
      ran,
    ];
    const fresh = run(files());
    expect(fresh.exitCode).toBe(0);
    expect(variants(fresh.items).map((v) => v.spec?.upstream)).toEqual([
      { repo: 'oai', package: 'oai-ran-operator', workspaceName: 'v3.0.0' },
    ]);
    const installed = run(files('- {target: edge01, repository: oai, package: oai-ran-operator, revision: "v1"}'));
    expect(installed.exitCode).toBe(0);
    expect(variants(installed.items)).toEqual([]);
  });

  it.each(['revision', 'latest'])('refuses pin: %s, saying why, and changes nothing', (pin) => {
    const fields = `target: edge01\ndownstreamRepository: edge01\npin: ${pin}\n`;
    const { exitCode, items, results } = run([kptfile, catalog(), pool], config(fields));
    expect(exitCode).toBe(1);
    expect(variants(items)).toEqual([]);
    expect(results.filter((r) => r.severity === 'error').map((r) => r.message)).toEqual([
      `function config EmitPackageVariants/emit: pin: must be one of workspaceName, found "${pin}": ` +
        "pin: revision and pin: latest are gone: Porch's PackageVariant controller chooses the upstream by " +
        'spec.upstream.workspaceName only (it ignores upstream.revision, and without a workspaceName it takes ' +
        'the placeholder revision, which it refuses to clone), so every PackageVariant pins workspaceName; ' +
        'leave pin out',
    ]);
  });

  it('accepts pin: workspaceName, the one pin there is', () => {
    const fields = 'target: edge01\ndownstreamRepository: edge01\npin: workspaceName\n';
    const { exitCode } = run([kptfile, catalog(), pool], config(fields));
    expect(exitCode).toBe(0);
  });

  it('refuses to install the main placeholder, which Porch will not clone, and changes nothing', () => {
    const withMain = packages.replace('    - revision: "4"\n', '    - revision: main\n      workspaceName: main\n');
    const mainCatalog = { path: 'catalog.yaml', yaml: catalogText({ packages: withMain }) };
    const { exitCode, items, results } = run([kptfile, mainCatalog, pool, monitor]);
    expect(exitCode).toBe(1);
    expect(variants(items)).toEqual([]);
    expect(results.filter((r) => r.severity !== 'info').map((r) => [r.severity, r.message])).toEqual([
      [
        'error',
        'sandbox/prometheus: revision "main" is Porch\'s placeholder revision (the head of branch main, ' +
          'revision -1), and Porch refuses to clone it ("upstream revision may not be the placeholder package ' +
          'revision"), so no ' +
          'PackageVariant can install it; publish a revision (approve a PackageRevision, or push a git tag ' +
          'prometheus/v1) and list it in the catalog',
      ],
    ]);
  });

  // The other cases of pinChangeWarning are in pin.test.ts.
  describe('says what Porch does when a pin moves off a revision it does not number', () => {
    const provides = '[{group: frrk8s.metallb.io, kind: FRRConfiguration, versions: [v1beta1]}]';
    const tagged = `
- repository: infra
  package: frr
  revisions:
    - {revision: v1.2.0, lifecycle: Published, provides: ${provides}}
    - {revision: v1.3.0, lifecycle: Published, provides: ${provides}}
`;
    const frrYaml = 'apiVersion: frrk8s.metallb.io/v1beta1\nkind: FRRConfiguration\nmetadata:\n  name: f\n';
    const frr: TestFile = { path: 'frr.yaml', yaml: frrYaml };
    const existing = (workspaceName: string): TestFile => ({
      path: 'package-variants/edge01-frr.yaml',
      yaml: `apiVersion: config.porch.kpt.dev/v1alpha1
kind: PackageVariant
metadata:
  name: edge01-frr
  namespace: default
  annotations:
    pkgdeps.dev/generated-by: "app"
    pkgdeps.dev/target: "edge01"
    pkgdeps.dev/required-by: "app"
spec:
  upstream: {repo: infra, package: frr, workspaceName: ${workspaceName}}
  downstream: {repo: edge01-deployments, package: edge01-frr}
`,
    });
    const emitWith = (packagesText: string, workspaceName: string) => {
      const catalogFile = { path: 'catalog.yaml', yaml: catalogText({ packages: packagesText }) };
      return run([kptfile, catalogFile, frr, existing(workspaceName)]);
    };
    const warnings = (results: Array<{ severity: string; message: string }>) =>
      results.filter((r) => r.severity === 'warning').map((r) => r.message);

    it('semver to semver: Porch takes the downstream as up to date and leaves it on the old revision', () => {
      const { exitCode, items, results } = emitWith(tagged, 'v1.2.0');
      expect(exitCode).toBe(0);
      expect(variants(items)[0]?.spec?.upstream).toEqual({ repo: 'infra', package: 'frr', workspaceName: 'v1.3.0' });
      expect(warnings(results)).toEqual([
        'PackageVariant default/edge01-frr (package-variants/edge01-frr.yaml): the pin moves from workspaceName ' +
          'v1.2.0 to v1.3.0, and Porch numbers neither (both are revision -1): its PackageVariant controller ' +
          'compares revision numbers only, so it takes the downstream as up to date and it stays on v1.2.0; ' +
          "publish numbered revisions of the upstream, or create the downstream's upgrade Draft yourself",
      ]);
      const again = run(asFiles(emitWith(tagged, 'v1.2.0').stdout), edge01);
      expect(warnings(again.results), 'the pin no longer moves').toEqual([]);
    });

    it('an unchanged pin: nothing to say', () => {
      expect(warnings(emitWith(tagged, 'v1.3.0').results)).toEqual([]);
    });
  });

  it('takes the ConfigMap form, with every field a string', () => {
    const configMap =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: emit\ndata:\n  target: edge02\n' +
      '  downstreamRepository: site-b\n  downstreamPrefix: ""\n  namespace: porch\n  outputDir: deploy/pvs/\n' +
      '  preferences: "metallb.io=sandbox/metallb"\n';
    const { exitCode, items } = run([kptfile, catalog(), pool], configMap);
    expect(exitCode).toBe(0);
    const metallb = variants(items).find((v) => v.metadata.name === 'edge02-metallb');
    expect(metallb?.metadata.namespace).toBe('porch');
    expect(metallb?.metadata.annotations?.['internal.config.kubernetes.io/path']).toBe(
      'deploy/pvs/edge02-metallb.yaml',
    );
    expect(metallb?.spec?.downstream).toEqual({ repo: 'site-b', package: 'metallb' });
    expect(metallb?.spec?.upstream).toEqual({ repo: 'sandbox', package: 'metallb', workspaceName: 'v1' });
  });

  it('names after the downstream repository when no target is set', () => {
    const { items } = run([kptfile, catalog(), pool], config('downstreamRepository: lab\n'));
    expect(variants(items).map((v) => [v.metadata.name, v.spec?.downstream?.package])).toEqual([
      ['lab-networking-frr-k8s', 'lab-networking-frr-k8s'],
      ['lab-metallb', 'lab-metallb'],
    ]);
  });

  it.each([
    ['no downstreamRepository', 'target: edge01\n', 'downstreamRepository: is required but missing'],
    [
      'an unknown field',
      'downstreamRepository: x\nnamespcae: porch\n',
      'namespcae: unknown field; accepted fields are',
    ],
    [
      'a wrong pin',
      'downstreamRepository: x\npin: tag\n',
      'pin: must be one of workspaceName, found "tag": pin: revision and pin: latest are gone',
    ],
    ['a namespace DNS-1123 rejects', 'downstreamRepository: x\nnamespace: Porch_NS\n', 'namespace: must match pattern'],
    [
      'an outputDir outside the package',
      'downstreamRepository: x\noutputDir: ../elsewhere\n',
      'outputDir: must match pattern',
    ],
  ])('rejects a config with %s, changing nothing', (_, fields, message) => {
    const { exitCode, items, results } = run([kptfile, catalog(), pool], config(fields));
    expect(exitCode).toBe(1);
    expect(variants(items)).toEqual([]);
    expect(results.map((r) => r.message).join('\n')).toContain(message);
  });

  it('changes nothing on its own output', () => {
    const first = run([kptfile, catalog(), pool, monitor]);
    const second = processText(first.stdout, emitPackageVariants, 'emit-package-variants');
    expect(second.stdout).toBe(first.stdout);
  });

  it('updates its own PackageVariants in place, keeping comments and fields it does not own', () => {
    const old: TestFile = {
      path: 'package-variants/edge01-metallb.yaml',
      yaml: `# installs MetalLB on edge01
apiVersion: config.porch.kpt.dev/v1alpha1
kind: PackageVariant
metadata:
  name: edge01-metallb
  namespace: default
  labels:
    team: network # who reviews it
  annotations:
    pkgdeps.dev/generated-by: "app"
    pkgdeps.dev/target: "edge01"
    pkgdeps.dev/required-by: "someone-else"
spec:
  upstream:
    repo: sandbox
    package: metallb
    revision: 1 # old pin
  downstream:
    repo: old-repo
    package: edge01-metallb
  injectors:
    - name: edge01-settings
`,
    };
    const out = processText(
      resourceListText([kptfile, catalog(), pool, old], edge01),
      emitPackageVariants,
      'emit-package-variants',
    );
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain('- # installs MetalLB on edge01\n  apiVersion: config.porch.kpt.dev/v1alpha1\n');
    expect(out.stdout).toContain('    team: network # who reviews it\n');
    expect(out.stdout).toContain('    pkgdeps.dev/required-by: "app"\n');
    expect(out.stdout).toContain('      workspaceName: v1\n');
    expect(out.stdout).not.toContain('revision: 1');
    expect(out.stdout).toContain('      repo: edge01-deployments\n');
    expect(out.stdout).toMatch(/\n {4}injectors:\n {4,6}- name: edge01-settings\n/);
    const items = (parse(out.stdout) as { items: OutItem[] }).items;
    expect(variants(items).map((v) => v.metadata.name)).toEqual(['edge01-networking-frr-k8s', 'edge01-metallb']);
  });

  it('removes its own PackageVariants that are no longer needed, and only those', () => {
    const generated = (name: string, by: string, pkg: string): TestFile => ({
      path: `package-variants/${name}.yaml`,
      yaml: `apiVersion: config.porch.kpt.dev/v1alpha1\nkind: PackageVariant\nmetadata:\n  name: ${name}\n  annotations:\n    pkgdeps.dev/generated-by: "${by}"\nspec:\n  upstream: {repo: sandbox, package: ${pkg}}\n  downstream: {repo: edge01-deployments, package: ${name}}\n`,
    });
    const first = run([kptfile, catalog(), pool, monitor]);
    const files = asFiles(first.stdout).filter((file) => file.path !== 'pool.yaml');
    files.push(generated('edge01-other', 'other-package', 'other'));
    const second = run(files);
    expect(second.exitCode).toBe(0);
    // the one still needed takes the place of the first old one; the other package's stays
    expect(variants(second.items).map((v) => v.metadata.name)).toEqual(['edge01-prometheus', 'edge01-other']);
    expect(second.results.filter((r) => r.message.startsWith('removed')).map((r) => r.message)).toEqual([
      'removed PackageVariant default/edge01-networking-frr-k8s (package-variants/edge01-networking-frr-k8s.yaml): package app no longer needs infra/networking/frr-k8s on edge01',
      'removed PackageVariant default/edge01-metallb (package-variants/edge01-metallb.yaml): package app no longer needs sandbox/metallb on edge01',
    ]);
  });

  it('puts its PackageVariants in dependency order into the places its old ones held', () => {
    const first = run([kptfile, catalog(), pool]);
    const files = asFiles(first.stdout);
    // the old PackageVariants in the wrong order, between other files
    const reordered = [files[0], files[4], files[1], files[2], files[3]].filter((f): f is TestFile => f !== undefined);
    expect(reordered.map((f) => f.path)).toEqual([
      'Kptfile',
      'package-variants/edge01-metallb.yaml',
      'catalog.yaml',
      'pool.yaml',
      'package-variants/edge01-networking-frr-k8s.yaml',
    ]);
    const second = run(reordered);
    expect(second.items.map((item) => item.metadata.name)).toEqual([
      'app',
      'edge01-networking-frr-k8s',
      'package-catalog',
      'pool',
      'edge01-metallb',
    ]);
  });

  it('refuses to take a name a PackageVariant it did not generate already has', () => {
    const squatter: TestFile = {
      path: 'lb.yaml',
      yaml: 'apiVersion: config.porch.kpt.dev/v1alpha1\nkind: PackageVariant\nmetadata:\n  name: edge01-metallb\nspec:\n  upstream: {repo: elsewhere, package: lb}\n  downstream: {repo: edge01, package: lb}\n',
    };
    const { exitCode, results, items } = run([kptfile, catalog(), pool, squatter]);
    expect(exitCode).toBe(1);
    expect(variants(items).map((v) => v.metadata.name)).toEqual(['edge01-metallb']);
    expect(results.find((r) => r.severity === 'error')?.message).toMatch(
      /PackageVariant default\/edge01-metallb \(lb.yaml\) has the name of the PackageVariant pkgdeps needs for sandbox\/metallb/,
    );
  });

  it('refuses to write into a file another resource already holds', () => {
    const occupant: TestFile = {
      path: 'package-variants/edge01-metallb.yaml',
      yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\n',
    };
    const { exitCode, results } = run([kptfile, catalog(), pool, occupant]);
    expect(exitCode).toBe(1);
    expect(results.find((r) => r.severity === 'error')?.message).toContain(
      'file package-variants/edge01-metallb.yaml, where the PackageVariant default/edge01-metallb goes, already holds another resource',
    );
  });

  it('changes nothing when the dependsOn graph has a cycle, and prints it', () => {
    const cyclic = `
- repository: r
  package: a
  revisions:
    - revision: "1"
      lifecycle: Published
      provides: [{group: a.io, kind: A, versions: [v1]}]
      dependsOn: [{repository: r, package: b}]
- repository: r
  package: b
  revisions:
    - revision: "1"
      lifecycle: Published
      provides: [{group: b.io, kind: B, versions: [v1]}]
      dependsOn: [{repository: r, package: a}]
`;
    const a: TestFile = { path: 'a.yaml', yaml: 'apiVersion: a.io/v1\nkind: A\nmetadata:\n  name: a\n' };
    const { exitCode, items, results } = run([
      kptfile,
      { path: 'catalog.yaml', yaml: catalogText({ packages: cyclic }) },
      a,
    ]);
    expect(exitCode).toBe(1);
    expect(variants(items)).toEqual([]);
    expect(results.filter((r) => r.severity !== 'info').map((r) => r.message)).toEqual([
      expect.stringMatching(/^dependsOn cycle: r\/a revision "1" -> r\/b revision "1" -> r\/a; /),
    ]);
  });

  it('handles each outermost package on its own; a package needing what another one requests emits nothing for it', () => {
    const files: TestFile[] = [
      { path: 'one/Kptfile', yaml: kptfileText('one') },
      { path: 'one/pool.yaml', yaml: pool.yaml },
      { path: 'two/Kptfile', yaml: kptfileText('two') },
      { path: 'two/pool.yaml', yaml: pool.yaml },
      { path: 'two/monitor.yaml', yaml: monitor.yaml },
      catalog(),
    ];
    const { items, stdout } = run(files);
    const shown = variants(items).map((v) => [
      v.metadata.annotations?.['internal.config.kubernetes.io/path'],
      v.metadata.annotations?.['pkgdeps.dev/generated-by'],
    ]);
    expect(shown).toEqual([
      ['one/package-variants/edge01-networking-frr-k8s.yaml', 'one'],
      ['one/package-variants/edge01-metallb.yaml', 'one'],
      ['two/package-variants/edge01-prometheus.yaml', 'two'],
    ]);
    expect(processText(stdout, emitPackageVariants, 'emit-package-variants').stdout).toBe(stdout);
  });

  it('warns, emitting nothing, for items with dependencies but no Kptfile above them', () => {
    const { exitCode, items, results } = run([catalog(), pool]);
    expect(exitCode).toBe(0);
    expect(variants(items)).toEqual([]);
    expect(results.filter((r) => r.severity !== 'info').map((r) => [r.severity, r.message])).toEqual([
      ['warning', expect.stringContaining('no package to generate PackageVariants for')],
    ]);
  });

  it('leaves generated PackageVariants out of what resolve-dependencies resolves', () => {
    const first = run([kptfile, { path: 'catalog.yaml', yaml: catalogText({ packages }) }, pool], edge01);
    expect(first.exitCode).toBe(0);
    const resolveConfig =
      'apiVersion: fn.pkgdeps.dev/v1alpha1\nkind: ResolveDependencies\nmetadata:\n  name: resolve\ntarget: edge01\n';
    const resolved = processText(
      resourceListText(asFiles(first.stdout), resolveConfig),
      resolveDependencies,
      'resolve-dependencies',
    );
    expect(resolved.exitCode).toBe(0);
    expect(resolved.stdout).toContain('pkgdeps.dev/depends-on: "sandbox/metallb"');
    expect(resolved.stdout).not.toContain('config.porch.kpt.dev/v1alpha1/PackageVariant');
  });
});
