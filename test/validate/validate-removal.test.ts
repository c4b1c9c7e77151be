import { describe, expect, it } from 'vitest';
import { validateRemoval } from '../../functions/validate-removal/processor.js';
import { functions } from '../../functions/index.js';
import { catalogText, kptfileText, resourceListText } from '../support/resource-list.js';
import type { TestFile } from '../support/resource-list.js';
import { catalog, fnConfig, gateway, installed, messages, packages, pinnedCatalog, run } from './helpers.js';

const kptfile: TestFile = { path: 'Kptfile', yaml: kptfileText('app') };
const certificate: TestFile = {
  path: 'cert.yaml',
  yaml: 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\n',
};
const pool: TestFile = {
  path: 'pool.yaml',
  yaml: 'apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: pool\n',
};

const config = (fields: string) => fnConfig('ValidateRemoval', fields);
const removal = (revision: string, extra = '') =>
  config(`repository: sandbox\npackage: cert-manager\nrevision: ${revision}\n${extra}`);
const validate = (files: TestFile[], functionConfig: string) =>
  run(validateRemoval, resourceListText(files, functionConfig));

describe('validate-removal', () => {
  it('refuses while installed packages depend on the revision: directly, through dependsOn, or by what they require', () => {
    const out = validate([catalog], removal('"2"'));
    expect(out.exitCode).toBe(1);
    expect(messages(out, 'error')).toEqual([
      'extras/legacy-app revision "1" installed on edge01 depends on sandbox/cert-manager revision "2" (it needs cert-manager.io/v1alpha2/Certificate); removing that revision would break it: move sandbox/cert-manager on edge01 to another revision, or remove extras/legacy-app from edge01, first',
      'sandbox/edge-app revision "1" installed on edge01 depends on sandbox/cert-manager revision "2" through sandbox/metallb (sandbox/metallb needs cert-manager.io/v1/Certificate); removing that revision would break it: move sandbox/cert-manager on edge01 to another revision, or remove sandbox/edge-app from edge01, first',
      'sandbox/metallb revision "1" installed on edge01 depends on sandbox/cert-manager revision "2" (it needs cert-manager.io/v1/Certificate); removing that revision would break it: move sandbox/cert-manager on edge01 to another revision, or remove sandbox/metallb from edge01, first',
    ]);
    expect(out.results[0]).toMatchObject({
      resourceRef: { kind: 'ConfigMap', name: 'package-catalog' },
      field: { path: 'data.installed' },
      file: { path: 'catalog.yaml' },
    });
    expect(messages(out, 'warning')).toEqual([
      'sandbox/cert-manager revision "2" is installed on edge03, where nothing installed depends on it; once it is removed, the catalog no longer lists what edge03 runs',
    ]);
  });

  it('matches installed entries by the catalog\'s revision order: "v2" is revision "2" (docs/SPEC.md rule revision-order)', () => {
    const spelledV = catalogText({
      packages,
      installed: installed.replace(/package: cert-manager, revision: "2"/g, 'package: cert-manager, revision: "v2"'),
    });
    const asWritten = validate([catalog], removal('"2"'));
    const out = validate([{ path: 'catalog.yaml', yaml: spelledV }], removal('"2"'));
    expect(out.exitCode).toBe(1);
    expect(messages(out, 'error')).toHaveLength(3);
    expect(messages(out, 'error')).toEqual(messages(asWritten, 'error'));
    expect(messages(out, 'warning')).toEqual(messages(asWritten, 'warning'));
    expect(messages(validate([{ path: 'catalog.yaml', yaml: spelledV }], removal('v2')), 'error')).toEqual(
      messages(asWritten, 'error'),
    );
  });

  it('names a dependent that only dependsOn names, without an API', () => {
    const plain = catalogText({
      packages: `${packages}
- repository: extras
  package: addon
  revisions:
    - {revision: "1", lifecycle: Published, dependsOn: [{repository: sandbox, package: cert-manager}]}
`,
      installed:
        '- {target: edge07, repository: sandbox, package: cert-manager, revision: "3"}\n- {target: edge07, repository: extras, package: addon, revision: "1"}',
    });
    const out = validate([{ path: 'catalog.yaml', yaml: plain }], removal('3'));
    expect(messages(out, 'error')).toEqual([
      'extras/addon revision "1" installed on edge07 depends on sandbox/cert-manager revision "3" (it names sandbox/cert-manager in its dependsOn); removing that revision would break it: move sandbox/cert-manager on edge07 to another revision, or remove extras/addon from edge07, first',
    ]);
  });

  describe('named objects (docs/SPEC.md rule object-resolution)', () => {
    // sandbox/namespaces creates the Namespaces and the StorageClass that others reference; edge10 runs it.
    const objectPackages = `
- repository: sandbox
  package: namespaces
  revisions:
    - revision: "1"
      lifecycle: Published
      objects:
        - {kind: Namespace, name: monitoring}
        - {kind: Namespace, name: nephio-system}
        - {kind: Namespace, name: tools}
        - {kind: StorageClass, name: local-path}
- repository: sandbox
  package: namespaces-legacy
  revisions:
    - revision: "1"
      lifecycle: Published
      objects:
        - {kind: Namespace, name: nephio-system}
- repository: apps
  package: operator
  revisions:
    - revision: "1"
      lifecycle: Published
      provides:
        - {group: ops.example.io, kind: Operation, resource: operations, versions: [v1]}
      requiresObjects:
        - {kind: Namespace, name: nephio-system}
        - {kind: StorageClass, name: local-path}
      dependsOn:
        - {repository: sandbox, package: namespaces}
- repository: apps
  package: reporter
  revisions:
    - revision: "1"
      lifecycle: Published
      requiresObjects:
        - {kind: Namespace, name: nephio-system}
- repository: apps
  package: console
  revisions:
    - revision: "1"
      lifecycle: Published
      requires:
        - {group: ops.example.io, version: v1, kind: Operation}
      dependsOn:
        - {repository: apps, package: operator}
- repository: apps
  package: legacy-operator
  revisions:
    - revision: "1"
      lifecycle: Published
      requiresObjects:
        - {kind: Namespace, name: nephio-system}
      dependsOn:
        - {repository: sandbox, package: namespaces-legacy}
- repository: apps
  package: own-and-platform
  revisions:
    - revision: "1"
      lifecycle: Published
      objects:
        - {kind: Namespace, name: tools}
      requiresObjects:
        - {kind: Namespace, name: monitoring}
        - {kind: Namespace, name: tools}
`;
    const objectCatalog = (installedText: string): TestFile => ({
      path: 'catalog.yaml',
      yaml: catalogText({
        packages: objectPackages,
        installed: installedText,
        platform: '- {kind: Namespace, name: monitoring}',
      }),
    });
    const on = (target: string, ...refs: string[]) =>
      refs
        .map((ref) => {
          const [repository, pkg] = ref.split('/');
          return `- {target: ${target}, repository: ${repository}, package: ${pkg}, revision: "1"}`;
        })
        .join('\n');
    const removeNamespaces = (extra = '') =>
      config(`repository: sandbox\npackage: namespaces\nrevision: "1"\n${extra}`);

    it('refuses while installed packages reference objects the revision creates, directly or through others', () => {
      const out = validate(
        [objectCatalog(on('edge10', 'sandbox/namespaces', 'apps/operator', 'apps/console'))],
        removeNamespaces(),
      );
      expect(out.exitCode).toBe(1);
      expect(messages(out, 'error')).toEqual([
        'apps/console revision "1" installed on edge10 depends on sandbox/namespaces revision "1" through apps/operator (apps/operator needs Namespace/nephio-system, StorageClass/local-path); removing that revision would break it: move sandbox/namespaces on edge10 to another revision, or remove apps/console from edge10, first',
        'apps/operator revision "1" installed on edge10 depends on sandbox/namespaces revision "1" (it needs Namespace/nephio-system, StorageClass/local-path); removing that revision would break it: move sandbox/namespaces on edge10 to another revision, or remove apps/operator from edge10, first',
      ]);
      expect(out.results.filter((r) => r.severity === 'error').map((r) => r.tags?.['pkgdeps.dev/code'])).toEqual([
        'removal-breaks',
        'removal-breaks',
      ]);
    });

    it('counts neither objects a dependent creates itself nor platform objects, whatever its requiresObjects says', () => {
      const out = validate(
        [objectCatalog(on('edge11', 'sandbox/namespaces', 'apps/own-and-platform'))],
        removeNamespaces(),
      );
      expect(out.exitCode).toBe(0);
      expect(messages(out, 'warning')).toEqual([
        'ConfigMap package-catalog: data.platform: [0] Namespace/monitoring: also created by sandbox/namespaces; a platform object never makes a dependency, so no catalog package is chosen for it; remove the entry',
        'sandbox/namespaces revision "1" is installed on edge11, where nothing installed depends on it; once it is removed, the catalog no longer lists what edge11 runs',
      ]);
    });

    it('attributes an object another installed package creates as for APIs: to the one dependsOn names, else to each', () => {
      const both = on(
        'edge12',
        'sandbox/namespaces',
        'sandbox/namespaces-legacy',
        'apps/legacy-operator',
        'apps/reporter',
      );
      const out = validate([objectCatalog(both)], removeNamespaces());
      expect(messages(out, 'error')).toEqual([
        'apps/reporter revision "1" installed on edge12 depends on sandbox/namespaces revision "1" (it needs Namespace/nephio-system); removing that revision would break it: move sandbox/namespaces on edge12 to another revision, or remove apps/reporter from edge12, first',
      ]);
      const legacy = validate(
        [objectCatalog(both)],
        config('repository: sandbox\npackage: namespaces-legacy\nrevision: "1"'),
      );
      expect(messages(legacy, 'error')).toEqual([
        'apps/legacy-operator revision "1" installed on edge12 depends on sandbox/namespaces-legacy revision "1" (it needs Namespace/nephio-system); removing that revision would break it: move sandbox/namespaces-legacy on edge12 to another revision, or remove apps/legacy-operator from edge12, first',
        'apps/reporter revision "1" installed on edge12 depends on sandbox/namespaces-legacy revision "1" (it needs Namespace/nephio-system); removing that revision would break it: move sandbox/namespaces-legacy on edge12 to another revision, or remove apps/reporter from edge12, first',
      ]);
    });

    it('with a target, counts input packages that reference its objects or reach them through dependsOn', () => {
      const installedThere = objectCatalog(on('edge10', 'sandbox/namespaces'));
      const claim: TestFile = {
        path: 'claim.yaml',
        yaml: 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n  namespace: nephio-system\nspec:\n  storageClassName: local-path\n',
      };
      const direct = validate([kptfile, installedThere, claim], removeNamespaces('target: edge10'));
      expect(messages(direct, 'error')).toEqual([
        'package app depends on sandbox/namespaces revision "1" (installed on edge10): it needs Namespace/nephio-system, StorageClass/local-path (PersistentVolumeClaim/data (claim.yaml)); removing that revision would break it',
      ]);
      const operation: TestFile = {
        path: 'operation.yaml',
        yaml: 'apiVersion: ops.example.io/v1\nkind: Operation\nmetadata:\n  name: op\n',
      };
      const through = validate([kptfile, installedThere, operation], removeNamespaces('target: edge10'));
      expect(messages(through, 'error')).toEqual([
        'package app depends on sandbox/namespaces revision "1" (installed on edge10) through apps/operator (apps/operator needs Namespace/nephio-system, StorageClass/local-path); removing that revision would break it',
      ]);
    });
  });

  it('allows removing a revision no target runs', () => {
    const out = validate([catalog], removal('1'));
    expect(out.exitCode).toBe(0);
    expect(out.results).toEqual([
      expect.objectContaining({
        severity: 'info',
        message: 'sandbox/cert-manager revision "1" is installed on no target, so no installed package depends on it',
      }),
    ]);
  });

  it('allows removing a revision that runs only where nothing depends on it, with a warning per target', () => {
    const out = validate([catalog], removal('3'));
    expect(out.exitCode).toBe(0);
    expect(messages(out, 'warning')).toEqual([
      'sandbox/cert-manager revision "3" is installed on edge02, where nothing installed depends on it; once it is removed, the catalog no longer lists what edge02 runs',
    ]);
  });

  it('with a target, counts the packages of the input whose dependency takes the revision there', () => {
    const installedThere = validate([kptfile, catalog, certificate], removal('"2"', 'target: edge03'));
    // The installed dependents on edge01 come first; then the input's package.
    expect(messages(installedThere, 'error').filter((m) => m.startsWith('package app'))).toEqual([
      'package app depends on sandbox/cert-manager revision "2" (installed on edge03): it needs cert-manager.io/v1/Certificate (Certificate/web (cert.yaml)); removing that revision would break it',
    ]);
    expect(installedThere.results.find((r) => r.message.startsWith('package app'))).toMatchObject({
      resourceRef: { kind: 'Kptfile', name: 'app' },
    });

    const latest = validate([kptfile, catalog, certificate], removal('"3"', 'target: edge04'));
    expect(latest.exitCode).toBe(1);
    expect(messages(latest, 'error')).toEqual([
      'package app depends on sandbox/cert-manager revision "3" (the revision it gets on edge04, the latest Published one that serves it): it needs cert-manager.io/v1/Certificate (Certificate/web (cert.yaml)); removing that revision would break it',
    ]);

    const elsewhere = validate([kptfile, catalog, certificate], removal('"3"', 'target: edge03'));
    expect(messages(elsewhere, 'error')).toEqual([]);
  });

  it('with a target, counts input packages that reach the revision through dependsOn', () => {
    const out = validate([kptfile, catalog, pool], removal('3', 'target: edge04'));
    expect(messages(out, 'error')).toEqual([
      'package app depends on sandbox/cert-manager revision "3" (the revision it gets on edge04, the latest Published one that serves it) through sandbox/metallb (sandbox/metallb needs cert-manager.io/v1/Certificate); removing that revision would break it',
    ]);
  });

  it("follows dependsOn with each dependent's requires: the revision the closure takes, not the latest (docs/SPEC.md rule dependency-closure)", () => {
    const pinned = validate([kptfile, pinnedCatalog, gateway], removal('1', 'target: edge01'));
    expect(pinned.exitCode).toBe(1);
    expect(messages(pinned, 'error')).toEqual([
      'package app depends on sandbox/cert-manager revision "1" (the revision it gets on edge01, the latest Published one that serves it) through sandbox/gateway (sandbox/gateway needs cert-manager.io/v1/Certificate); removing that revision would break it',
    ]);
    const latest = validate([kptfile, pinnedCatalog, gateway], removal('2', 'target: edge01'));
    expect(messages(latest, 'error')).toEqual([]);
    const trust = validate(
      [kptfile, pinnedCatalog, gateway],
      config('repository: sandbox\npackage: trust-manager\nrevision: "1"\ntarget: edge01'),
    );
    expect(messages(trust, 'error')).toEqual([]);
  });

  it('without a target, says the input packages were not checked', () => {
    const out = validate([kptfile, catalog, certificate], removal('1'));
    expect(out.exitCode).toBe(0);
    expect(messages(out, 'info')).toContain(
      'no target is set, so the packages of the input were not checked as dependents; set target to check them',
    );
  });

  it('turns resolution problems of the input into warnings: they may hide a dependent', () => {
    const widget: TestFile = {
      path: 'widget.yaml',
      yaml: 'apiVersion: widgets.example.io/v1\nkind: Widget\nmetadata:\n  name: w\n',
    };
    const out = validate([kptfile, catalog, widget], removal('1', 'target: edge04'));
    expect(out.exitCode).toBe(0);
    expect(messages(out, 'warning')).toEqual([
      'catalog "package-catalog" lists nothing installed on target edge04, so every dependency counts as missing there; the targets it knows are edge01, edge02, edge03',
      expect.stringMatching(
        /^a dependent in the input may be missed: Widget\/w \(widget\.yaml\): no package of the catalog provides widgets\.example\.io\/v1 Widget/,
      ),
    ]);
  });

  it('names the known packages and revisions when the config names unknown ones', () => {
    expect(
      messages(validate([catalog], config('repository: sandbox\npackage: certmanager\nrevision: "2"')), 'error'),
    ).toEqual([
      'package sandbox/certmanager is not in catalog "package-catalog" (known packages of repository sandbox: cert-manager, edge-app, metallb)',
    ]);
    const out = validate([catalog], removal('v9'));
    expect(out.exitCode).toBe(1);
    expect(messages(out, 'error')).toEqual([
      'revision: sandbox/cert-manager has no revision "v9" in catalog "package-catalog"; its revisions are "4" (Draft), "3" (Published), "2" (Published), "1" (Published)',
    ]);
  });

  it('reads the revision as written, also unquoted: 2 is "2", but 2.0 and 0x2 name no revision', () => {
    expect(validate([catalog], removal('2')).results).toEqual(validate([catalog], removal('"2"')).results);
    for (const text of ['2.0', '0x2', '2e0']) {
      expect(messages(validate([catalog], removal(text)), 'error')).toEqual([
        `revision: sandbox/cert-manager has no revision "${text}" in catalog "package-catalog"; its revisions are "4" (Draft), "3" (Published), "2" (Published), "1" (Published)`,
      ]);
      const configMap =
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fn-config\ndata:\n  repository: sandbox\n' +
        `  package: cert-manager\n  revision: ${text}\n`;
      expect(messages(validate([catalog], configMap), 'error')).toEqual([
        `revision: sandbox/cert-manager has no revision "${text}" in catalog "package-catalog"; its revisions are "4" (Draft), "3" (Published), "2" (Published), "1" (Published)`,
      ]);
    }
  });

  it('requires repository, package and revision, and takes them from a ConfigMap too', () => {
    const out = validate([catalog], config('repository: sandbox'));
    expect(messages(out, 'error')).toEqual([
      'function config ValidateRemoval/config: package: is required but missing',
      'function config ValidateRemoval/config: revision: is required but missing',
    ]);
    const configMap =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fn-config\ndata:\n  repository: sandbox\n  package: cert-manager\n  revision: "2"\n';
    expect(validate([catalog], configMap).exitCode).toBe(1);
  });

  it('changes no item and is registered as pkgdeps fn validate-removal', () => {
    const input = resourceListText([kptfile, catalog, certificate], removal('"2"', 'target: edge01'));
    const out = run(validateRemoval, input);
    expect(out.stdout.slice(0, out.stdout.indexOf('\nresults:'))).toBe(input.trimEnd());
    expect(functions['validate-removal']).toBe(validateRemoval);
  });
});
