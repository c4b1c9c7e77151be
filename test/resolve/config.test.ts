import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { processText } from '../../src/krm/index.js';
import { resolveDependencies } from '../../functions/resolve-dependencies/processor.js';
import { parsePreferences } from '../../src/resolve/index.js';
import { catalogText, kptfileText, resourceListText } from '../support/resource-list.js';
import type { TestFile } from '../support/resource-list.js';

const packages = `
- repository: sandbox
  package: metallb
  revisions:
    - revision: "1"
      lifecycle: Published
      provides:
        - {group: metallb.io, kind: IPAddressPool, resource: ipaddresspools, versions: [v1beta1]}
`;
const kptfile: TestFile = { path: 'Kptfile', yaml: kptfileText('app') };
const pool: TestFile = {
  path: 'pool.yaml',
  yaml: 'apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: pool\n',
};
const catalog: TestFile = { path: 'catalog.yaml', yaml: catalogText({ packages }) };

function run(files: TestFile[], config?: string) {
  const output = processText(resourceListText(files, config), resolveDependencies, 'resolve-dependencies');
  const list = parse(output.stdout) as {
    results?: Array<{ message: string; severity: string; field?: { path: string; currentValue?: unknown } }>;
  };
  return { ...output, results: list.results ?? [], changed: output.stdout.includes('pkgdeps.dev/depends-on') };
}

const typed = (body: string) =>
  `apiVersion: fn.pkgdeps.dev/v1alpha1\nkind: ResolveDependencies\nmetadata:\n  name: cfg\n${body}`;
const configMap = (body: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: function-input\ndata:\n${body}`;

describe('resolve-dependencies: config errors change nothing and name the field', () => {
  const cases: Array<[string, string, string, string]> = [
    [
      'an unknown field',
      typed('traget: edge01\n'),
      'traget',
      'unknown field; accepted fields are catalog, target, preferences, annotateResources, onUnresolved, onUnresolvedObject, downstreamRepository',
    ],
    [
      'a wrong enum value',
      typed('onUnresolved: ignore\n'),
      'onUnresolved',
      'must be one of error, warning, found "ignore"',
    ],
    ['a wrong type', typed('annotateResources: "no"\n'), 'annotateResources', 'must be boolean, found "no"'],
    [
      'a preference without package',
      typed('preferences:\n- {group: metallb.io, repository: sandbox}\n'),
      'preferences[0]',
      "must have required property 'package'",
    ],
    [
      'a ConfigMap boolean that is not one',
      configMap('  annotateResources: "yes"\n'),
      'data.annotateResources',
      'must be "true" or "false", found "yes"',
    ],
    [
      'a ConfigMap preference in the wrong form',
      configMap('  preferences: metallb.io:sandbox/metallb\n'),
      'data.preferences',
      'preference "metallb.io:sandbox/metallb" is not of the form <group>[/<Kind>]=<repository>/<package> ' +
        'or <Kind>/<name>=<repository>/<package>',
    ],
    [
      'another function config kind',
      'apiVersion: fn.pkgdeps.dev/v1alpha1\nkind: EmitPackageVariant\nmetadata:\n  name: x\n',
      '',
      'kind fn.pkgdeps.dev/v1alpha1 EmitPackageVariant is not accepted; use fn.pkgdeps.dev/v1alpha1 ResolveDependencies or a v1 ConfigMap',
    ],
  ];
  for (const [name, config, field, message] of cases) {
    it(name, () => {
      const out = run([kptfile, catalog, pool], config);
      expect(out.exitCode).toBe(1);
      expect(out.changed).toBe(false);
      expect(out.results).toHaveLength(1);
      expect(out.results[0]?.severity).toBe('error');
      expect(out.results[0]?.field?.path).toBe(field === '' ? undefined : field);
      expect(out.results[0]?.message.endsWith(message)).toBe(true);
    });
  }
});

describe('resolve-dependencies: finding the catalog', () => {
  it('is an error when there is none', () => {
    const out = run([kptfile, pool]);
    expect(out.exitCode).toBe(1);
    expect(out.results[0]?.message).toMatch(/^no catalog found/);
  });

  it('is an error with two catalogs and no name, settled by catalog: <name>', () => {
    const second: TestFile = { path: 'other.yaml', yaml: catalogText({ packages }, 'other-catalog') };
    const ambiguous = run([kptfile, catalog, second, pool]);
    expect(ambiguous.results[0]?.message).toBe(
      'several ConfigMaps carry the annotation pkgdeps.dev/catalog: package-catalog, other-catalog; set catalog: <name> in the function config to pick one',
    );
    const named = run([kptfile, catalog, second, pool], configMap('  catalog: other-catalog\n'));
    expect(named.exitCode).toBe(0);
    expect(named.changed).toBe(true);
  });

  it('reads a catalog given as the function config, with config fields among its data keys', () => {
    const asConfig = catalogText({ packages }).replace(
      '\ndata:\n',
      '\ndata:\n  target: edge01\n  onUnresolved: warning\n',
    );
    const out = run(
      [kptfile, pool, { path: 'w.yaml', yaml: 'apiVersion: x.io/v1\nkind: X\nmetadata:\n  name: x\n' }],
      asConfig,
    );
    expect(out.exitCode).toBe(0);
    expect(out.changed).toBe(true);
    expect(out.results.map((r) => r.message)).toEqual([
      expect.stringMatching(/^X\/x \(w.yaml\): no package of the catalog provides x.io\/v1 X/),
      'catalog "package-catalog" lists no installed packages, so every dependency counts as missing on edge01',
      expect.stringMatching(/^package app depends on sandbox\/metallb/),
    ]);
  });
});

describe('resolve-dependencies: the target', () => {
  it('warns, naming the known targets, when the catalog lists nothing installed on it (a typo?)', () => {
    const withInstalled: TestFile = {
      path: 'catalog.yaml',
      yaml: catalogText({
        packages,
        installed: '- {target: edge01, repository: sandbox, package: metallb, revision: "1"}',
      }),
    };
    const typo = run([kptfile, withInstalled, pool], configMap('  target: edge10\n'));
    expect(typo.exitCode).toBe(0);
    expect(typo.results[0]).toEqual(
      expect.objectContaining({
        severity: 'warning',
        message:
          'catalog "package-catalog" lists nothing installed on target edge10, so every dependency counts as missing there; the targets it knows are edge01',
        field: { path: 'target', currentValue: 'edge10' },
      }),
    );
    const known = run([kptfile, withInstalled, pool], configMap('  target: edge01\n'));
    expect(known.results.map((r) => r.severity)).toEqual(['info']);
  });
});

describe('parsePreferences (ConfigMap form)', () => {
  it('reads group, optional kind, repository and package paths with slashes', () => {
    expect(
      parsePreferences('cert-manager.io=sandbox/cert-manager, metallb.io/IPAddressPool=extras/net/metallb'),
    ).toEqual([
      { group: 'cert-manager.io', repository: 'sandbox', package: 'cert-manager' },
      { group: 'metallb.io', kind: 'IPAddressPool', repository: 'extras', package: 'net/metallb' },
    ]);
    expect(parsePreferences('')).toEqual([]);
    expect(parsePreferences('a=b')).toBeInstanceOf(Error);
  });
});
