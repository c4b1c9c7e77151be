import { describe, expect, it } from 'vitest';
import { validateUpgrade } from '../../functions/validate-upgrade/processor.js';
import { functions } from '../../functions/index.js';
import { catalogText, kptfileText, resourceListText } from '../support/resource-list.js';
import type { TestFile } from '../support/resource-list.js';
import { catalog, fnConfig, installed, messages, packages, run } from './helpers.js';

const config = (fields: string) => fnConfig('ValidateUpgrade', fields);
const upgrade = (from: string, to: string, extra = '') =>
  config(`repository: sandbox\npackage: cert-manager\nfrom: ${from}\nto: ${to}\n${extra}`);
const validate = (functionConfig: string, files: TestFile[] = [catalog]) =>
  run(validateUpgrade, resourceListText(files, functionConfig));

describe('validate-upgrade', () => {
  it('refuses an upgrade whose new revision stops serving a version an installed dependent requires, and names the fix', () => {
    const out = validate(upgrade('2', '3'));
    expect(out.exitCode).toBe(1);
    expect(messages(out, 'error')).toEqual([
      'upgrading sandbox/cert-manager from "2" to "3" on edge01 would break extras/legacy-app revision "1" installed there: it requires cert-manager.io/v1alpha2/Certificate (revision "3" serves it only at v1); keep sandbox/cert-manager at "2" on edge01, or first upgrade extras/legacy-app there to revision "2", which needs nothing that revision "3" drops',
    ]);
    expect(out.results[0]).toMatchObject({
      resourceRef: { kind: 'ConfigMap', name: 'package-catalog' },
      field: { path: 'data.installed' },
    });
    expect(messages(out, 'info')).toEqual([
      'upgrading sandbox/cert-manager from "2" to "3" keeps every API and named object that the packages installed on edge03 require of it',
    ]);
  });

  it('refuses an upgrade whose new revision stops providing a kind, for every dependent that requires it', () => {
    const out = validate(upgrade('2', '4'));
    expect(out.exitCode).toBe(1);
    expect(messages(out, 'error')).toEqual([
      'upgrading sandbox/cert-manager from "2" to "4" on edge01 would break sandbox/metallb revision "1" installed there: it requires cert-manager.io/v1/Certificate (revision "4" no longer provides cert-manager.io Certificate); keep sandbox/cert-manager at "2" on edge01',
      'upgrading sandbox/cert-manager from "2" to "4" on edge01 would break extras/legacy-app revision "1" installed there: it requires cert-manager.io/v1alpha2/Certificate (revision "4" no longer provides cert-manager.io Certificate); keep sandbox/cert-manager at "2" on edge01',
    ]);
    expect(messages(out, 'warning')).toEqual([
      'sandbox/cert-manager from "2" to "4": revision "4" is Draft, not Published; publish it before upgrading to it',
    ]);
  });

  it('matches installed entries by the catalog\'s revision order: "v2" is revision "2" (docs/SPEC.md rule revision-order)', () => {
    const spelledV = catalogText({ packages, installed: installed.replace(/revision: "(\d)"/g, 'revision: "v$1"') });
    const asWritten = validate(upgrade('2', '3'));
    const out = validate(upgrade('2', '3'), [{ path: 'catalog.yaml', yaml: spelledV }]);
    expect(out.exitCode).toBe(1);
    expect(messages(out, 'error')).toEqual(
      messages(asWritten, 'error').map((message) =>
        message.replace('extras/legacy-app revision "1"', 'extras/legacy-app revision "v1"'),
      ),
    );
    expect(messages(out, 'info')).toEqual(messages(asWritten, 'info'));
  });

  it('checks only the given target when one is set', () => {
    const out = validate(upgrade('2', '3', 'target: edge03'));
    expect(out.exitCode).toBe(0);
    expect(messages(out, 'info')).toEqual([
      'upgrading sandbox/cert-manager from "2" to "3" keeps every API and named object that the packages installed on edge03 require of it',
    ]);
    expect(messages(validate(upgrade('2', '3', 'target: edge02')), 'info')).toEqual([
      'sandbox/cert-manager from "2" to "3": edge02 does not run revision "2", so no installed package is affected',
    ]);
  });

  it('allows an upgrade that keeps every required API, and one from a revision no target runs', () => {
    const safe = catalogText({
      packages,
      installed:
        '- {target: edge08, repository: sandbox, package: cert-manager, revision: "2"}\n- {target: edge08, repository: sandbox, package: metallb, revision: "1"}',
    });
    const out = validate(upgrade('2', '3'), [{ path: 'catalog.yaml', yaml: safe }]);
    expect(out.exitCode).toBe(0);
    expect(out.results.map((r) => r.severity)).toEqual(['info']);
    expect(messages(validate(upgrade('1', '2')), 'info')).toEqual([
      'sandbox/cert-manager from "1" to "2": no target runs revision "1", so no installed package is affected',
    ]);
  });

  it('ignores a required API that another package installed on the target provides, as dependsOn says', () => {
    const other = catalogText({
      packages: `${packages}
- repository: extras
  package: cert-manager-legacy
  revisions:
    - {revision: "1", lifecycle: Published, provides: [{group: cert-manager.io, kind: Certificate, versions: [v1alpha2]}]}
- repository: extras
  package: old-app
  revisions:
    - {revision: "1", lifecycle: Published, requires: [{group: cert-manager.io, version: v1alpha2, kind: Certificate}], dependsOn: [{repository: extras, package: cert-manager-legacy}]}
`,
      installed:
        '- {target: edge09, repository: sandbox, package: cert-manager, revision: "2"}\n- {target: edge09, repository: extras, package: cert-manager-legacy, revision: "1"}\n- {target: edge09, repository: extras, package: old-app, revision: "1"}',
    });
    expect(validate(upgrade('2', '3'), [{ path: 'catalog.yaml', yaml: other }]).exitCode).toBe(0);
  });

  describe('named objects (docs/SPEC.md rule object-resolution)', () => {
    // infra/namespaces "1" creates Namespace/web and StorageClass/local-path, "2" only the Namespace.
    const objectPackages = `
- repository: infra
  package: namespaces
  revisions:
    - {revision: "1", lifecycle: Published, objects: [{kind: Namespace, name: web}, {kind: StorageClass, name: local-path}]}
    - {revision: "2", lifecycle: Published, objects: [{kind: Namespace, name: web}]}
- repository: infra
  package: local-path
  revisions:
    - {revision: "1", lifecycle: Published, objects: [{kind: StorageClass, name: local-path}]}
- repository: apps
  package: web-app
  revisions:
    - revision: "1"
      lifecycle: Published
      requiresObjects: [{kind: Namespace, name: web}, {kind: StorageClass, name: local-path}]
      dependsOn: [{repository: infra, package: namespaces}]
    - revision: "2"
      lifecycle: Published
      requiresObjects: [{kind: Namespace, name: web}]
      dependsOn: [{repository: infra, package: namespaces}]
- repository: apps
  package: storage-app
  revisions:
    - revision: "1"
      lifecycle: Published
      requiresObjects: [{kind: StorageClass, name: local-path}]
      dependsOn: [{repository: infra, package: local-path}]
- repository: apps
  package: own-class
  revisions:
    - revision: "1"
      lifecycle: Published
      objects: [{kind: StorageClass, name: local-path}]
      requiresObjects: [{kind: StorageClass, name: local-path}]
`;
    const objectCatalog = (installedText: string): TestFile[] => [
      { path: 'catalog.yaml', yaml: catalogText({ packages: objectPackages, installed: installedText }) },
    ];
    const on = (target: string, ...refs: string[]) =>
      refs
        .map((ref) => {
          const [repository, pkg] = ref.split('/');
          return `- {target: ${target}, repository: ${repository}, package: ${pkg}, revision: "1"}`;
        })
        .join('\n');
    const upgradeNamespaces = config('repository: infra\npackage: namespaces\nfrom: 1\nto: 2');

    it('refuses an upgrade whose new revision stops creating an object an installed dependent references', () => {
      const out = validate(upgradeNamespaces, objectCatalog(on('edge01', 'infra/namespaces', 'apps/web-app')));
      expect(out.exitCode).toBe(1);
      expect(messages(out, 'error')).toEqual([
        'upgrading infra/namespaces from "1" to "2" on edge01 would break apps/web-app revision "1" installed there: it requires StorageClass/local-path (revision "2" no longer creates it); keep infra/namespaces at "1" on edge01, or first upgrade apps/web-app there to revision "2", which needs nothing that revision "2" drops',
      ]);
      expect(out.results.find((r) => r.severity === 'error')?.tags).toEqual({ 'pkgdeps.dev/code': 'upgrade-breaks' });
    });

    it('allows it when the dependent creates the object itself, or takes it from another installed package by dependsOn', () => {
      const out = validate(
        upgradeNamespaces,
        objectCatalog(on('edge02', 'infra/namespaces', 'infra/local-path', 'apps/storage-app', 'apps/own-class')),
      );
      expect(out.exitCode).toBe(0);
      expect(messages(out, 'info')).toEqual([
        'upgrading infra/namespaces from "1" to "2" keeps every API and named object that the packages installed on edge02 require of it',
      ]);
    });
  });

  it('checks a provider that serves its group through an APIService by group and version', () => {
    const apiService = catalogText({
      packages: `
- repository: r
  package: metrics
  revisions:
    - {revision: "1", lifecycle: Published, provides: [{group: metrics.example.io, versions: [v1beta1, v1], source: APIService}]}
    - {revision: "2", lifecycle: Published, provides: [{group: metrics.example.io, versions: [v1], source: APIService}]}
- repository: r
  package: dashboards
  revisions:
    - {revision: "1", lifecycle: Published, requires: [{group: metrics.example.io, version: v1beta1, kind: NodeMetrics}]}
`,
      installed:
        '- {target: t, repository: r, package: metrics, revision: "1"}\n- {target: t, repository: r, package: dashboards, revision: "1"}',
    });
    const out = validate(config('repository: r\npackage: metrics\nfrom: 1\nto: 2'), [
      { path: 'catalog.yaml', yaml: apiService },
    ]);
    expect(messages(out, 'error')).toEqual([
      'upgrading r/metrics from "1" to "2" on t would break r/dashboards revision "1" installed there: it requires metrics.example.io/v1beta1/NodeMetrics (revision "2" serves it only at v1); keep r/metrics at "1" on t',
    ]);
  });

  it('names the known revisions for unknown ones, both at once', () => {
    const out = validate(upgrade('9', 'v7'));
    expect(out.exitCode).toBe(1);
    expect(messages(out, 'error')).toEqual([
      'from: sandbox/cert-manager has no revision "9" in catalog "package-catalog"; its revisions are "4" (Draft), "3" (Published), "2" (Published), "1" (Published)',
      'to: sandbox/cert-manager has no revision "v7" in catalog "package-catalog"; its revisions are "4" (Draft), "3" (Published), "2" (Published), "1" (Published)',
    ]);
  });

  it('reads from and to as written, also unquoted: 2.0 is not "2", 3e0 not "3"', () => {
    expect(messages(validate(upgrade('2.0', '3e0')), 'error')).toEqual([
      'from: sandbox/cert-manager has no revision "2.0" in catalog "package-catalog"; its revisions are "4" (Draft), "3" (Published), "2" (Published), "1" (Published)',
      'to: sandbox/cert-manager has no revision "3e0" in catalog "package-catalog"; its revisions are "4" (Draft), "3" (Published), "2" (Published), "1" (Published)',
    ]);
  });

  it('says nothing changes when from and to are the same revision', () => {
    const out = validate(upgrade('"2"', '2'));
    expect(out.exitCode).toBe(0);
    expect(messages(out, 'info')).toEqual(['sandbox/cert-manager from "2" to "2": the same revision, nothing changes']);
  });

  it('requires repository, package, from and to; rejects unknown fields', () => {
    const out = validate(config('repository: sandbox\npackage: cert-manager\npreferences: []'));
    expect(messages(out, 'error')).toEqual([
      'function config ValidateUpgrade/config: from: is required but missing',
      'function config ValidateUpgrade/config: to: is required but missing',
      'function config ValidateUpgrade/config: preferences: unknown field; accepted fields are catalog, target, repository, package, from, to',
    ]);
  });

  it('reads the catalog from the function config when the catalog is the config (ConfigMap fields next to the data keys)', () => {
    const asConfig = catalogText({
      packages,
      installed:
        '- {target: edge01, repository: sandbox, package: cert-manager, revision: "2"}\n- {target: edge01, repository: extras, package: legacy-app, revision: "1"}',
    }).replace('\ndata:\n', '\ndata:\n  repository: sandbox\n  package: cert-manager\n  from: "2"\n  to: "3"\n');
    const out = run(validateUpgrade, resourceListText([{ path: 'Kptfile', yaml: kptfileText('p') }], asConfig));
    expect(out.exitCode).toBe(1);
    expect(messages(out, 'error')[0]).toContain('would break extras/legacy-app revision "1"');
  });

  it('changes no item and is registered as pkgdeps fn validate-upgrade', () => {
    const input = resourceListText([catalog], upgrade('2', '3'));
    const out = run(validateUpgrade, input);
    expect(out.stdout.slice(0, out.stdout.indexOf('\nresults:'))).toBe(input.trimEnd());
    expect(functions['validate-upgrade']).toBe(validateUpgrade);
  });
});
