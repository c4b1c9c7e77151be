import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { validateDependencies } from '../../functions/validate-dependencies/processor.js';
import { resolveDependencies } from '../../functions/resolve-dependencies/processor.js';
import { processText } from '../../src/krm/index.js';
import { functions } from '../../functions/index.js';
import { catalogText, kptfileText, resourceListText } from '../support/resource-list.js';
import type { TestFile } from '../support/resource-list.js';
import { fixturePackageList } from '../support/fixture-package.js';
import { emitPackageVariants } from '../../functions/emit-package-variants/processor.js';
import { catalog, fnConfig, gateway, installed, itemsText, messages, packages, pinnedCatalog, run } from './helpers.js';

const kptfile: TestFile = { path: 'Kptfile', yaml: kptfileText('app') };
const certificate: TestFile = {
  path: 'cert.yaml',
  yaml: "# the web certificate\napiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\nspec:\n  secretName: 'web-tls' # quoted\n",
};
const pool: TestFile = {
  path: 'pool.yaml',
  yaml: 'apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: pool\n',
};

function packageVariant(name: string, repo: string, pkg: string, generated = true, into = 'edge04'): TestFile {
  const annotations = generated ? '  annotations:\n    pkgdeps.dev/generated-by: "app"\n' : '';
  return {
    path: `package-variants/${name}.yaml`,
    yaml:
      `apiVersion: config.porch.kpt.dev/v1alpha1\nkind: PackageVariant\nmetadata:\n  name: ${name}\n${annotations}` +
      `spec:\n  upstream: {repo: ${repo}, package: ${pkg}}\n  downstream: {repo: ${into}, package: ${name}}\n`,
  };
}

const config = (fields: string) => fnConfig('ValidateDependencies', fields);
// The PackageVariant API itself is Porch's, on the management cluster: platform here.
const withPorchCatalog: TestFile = {
  path: 'catalog.yaml',
  yaml: catalogText({ packages, installed, platform: '- {group: config.porch.kpt.dev}' }),
};
const validate = (files: TestFile[], functionConfig?: string) =>
  run(validateDependencies, resourceListText(files, functionConfig));

describe('validate-dependencies', () => {
  it('passes when every dependency is installed on the target, and changes no item', () => {
    const input = resourceListText([kptfile, catalog, certificate, pool], config('target: edge01'));
    const out = run(validateDependencies, input);
    expect(out.exitCode).toBe(0);
    expect(messages(out, 'error')).toEqual([]);
    expect(messages(out, 'info')).toEqual([
      'package app depends on sandbox/cert-manager revision "2" (installed on edge01), needed by Certificate/web (cert.yaml)',
      'package app depends on sandbox/metallb revision "1" (installed on edge01), needed by IPAddressPool/pool (pool.yaml)',
    ]);
    expect(out.stdout.startsWith(input.slice(0, input.indexOf('functionConfig:')))).toBe(true);
  });

  it('fails for each dependency neither installed nor requested, naming the package, the target and what needs it', () => {
    const out = validate([kptfile, catalog, certificate, pool], config('target: edge04'));
    expect(out.exitCode).toBe(1);
    expect(messages(out, 'error')).toEqual([
      'package app depends on sandbox/cert-manager, which is neither installed on edge04 nor requested by a PackageVariant in the input (needed by Certificate/web (cert.yaml)); run emit-package-variants to request it, or install it on edge04',
      'package app depends on sandbox/metallb, which is neither installed on edge04 nor requested by a PackageVariant in the input (needed by IPAddressPool/pool (pool.yaml)); run emit-package-variants to request it, or install it on edge04',
    ]);
    expect(out.results.find((r) => r.severity === 'error')).toMatchObject({
      resourceRef: { kind: 'Kptfile', name: 'app' },
      file: { path: 'Kptfile' },
    });
  });

  it('accepts a dependency a PackageVariant of the input requests, and checks its dependsOn closure', () => {
    const out = validate(
      [kptfile, catalog, pool, packageVariant('edge04-metallb', 'sandbox', 'metallb')],
      config('target: edge04'),
    );
    expect(out.exitCode).toBe(1);
    expect(messages(out, 'error')).toEqual([
      'package app depends on sandbox/cert-manager, which is neither installed on edge04 nor requested by a PackageVariant in the input (through sandbox/metallb); run emit-package-variants to request it, or install it on edge04',
    ]);
    expect(messages(out, 'info')).toContain(
      'package app depends on sandbox/metallb (needed by IPAddressPool/pool (pool.yaml)), requested by PackageVariant/edge04-metallb (package-variants/edge04-metallb.yaml)',
    );
  });

  it('passes when the whole closure is requested (what emit-package-variants writes)', () => {
    const variants = [
      packageVariant('edge04-metallb', 'sandbox', 'metallb'),
      packageVariant('edge04-cert-manager', 'sandbox', 'cert-manager'),
    ];
    const out = validate([kptfile, catalog, pool, ...variants], config('target: edge04'));
    expect(out.exitCode).toBe(0);
    expect(messages(out, 'info')).toContain(
      'package app depends on sandbox/cert-manager (through sandbox/metallb), requested by PackageVariant/edge04-cert-manager (package-variants/edge04-cert-manager.yaml)',
    );
  });

  it("passes on emit-package-variants' output when a dependent's requires pins an older revision (docs/SPEC.md rule dependency-closure)", () => {
    const emitConfig = fnConfig('EmitPackageVariants', 'target: edge01\ndownstreamRepository: edge01');
    const emitted = processText(
      resourceListText([kptfile, pinnedCatalog, gateway], emitConfig),
      emitPackageVariants,
      'emit-package-variants',
    );
    expect(emitted.exitCode).toBe(0);
    const input = `${emitted.stdout.slice(0, emitted.stdout.indexOf('\nfunctionConfig:'))}\nfunctionConfig:\n${config(
      'target: edge01',
    )
      .trimEnd()
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n')}\n`;
    const out = run(validateDependencies, input);
    expect(messages(out, 'error')).toEqual([]);
    expect(out.exitCode).toBe(0);
    expect(messages(out, 'info')).toContain(
      'package app depends on sandbox/cert-manager (through sandbox/gateway), requested by PackageVariant/edge01-cert-manager (package-variants/edge01-cert-manager.yaml)',
    );
    expect(out.stdout).not.toContain('trust-manager, which');
  });

  it('does not follow dependsOn through installed packages, and says what it found installed', () => {
    const variant = packageVariant('edge02-metallb', 'sandbox', 'metallb', true, 'edge02');
    const out = validate([kptfile, catalog, pool, variant], config('target: edge02'));
    expect(out.exitCode).toBe(0);
    expect(messages(out, 'info')).toContain(
      'package app depends on sandbox/cert-manager (through sandbox/metallb), installed on edge02 at revision "3"',
    );
  });

  it('counts a PackageVariant as a request only for the target whose downstream repository it installs into', () => {
    const elsewhere = packageVariant('lb', 'sandbox', 'metallb', false, 'edge02');
    const closure = packageVariant('edge04-cert-manager', 'sandbox', 'cert-manager');
    const out = validate([kptfile, withPorchCatalog, pool, elsewhere, closure], config('target: edge04'));
    expect(out.exitCode).toBe(1);
    expect(messages(out, 'error')).toEqual([
      'package app depends on sandbox/metallb, which is neither installed on edge04 nor requested by a ' +
        'PackageVariant in the input (needed by IPAddressPool/pool (pool.yaml)); ' +
        'PackageVariant/lb (package-variants/lb.yaml) installs it into downstream repository edge02, not edge04 ' +
        '(the downstream repository of target edge04: downstreamRepository, by default the target); ' +
        'run emit-package-variants to request it, or install it on edge04',
    ]);
    // downstreamRepository names the target's repository when it is not the target's name
    const fields = 'target: edge04\ndownstreamRepository: edge02';
    const named = validate([kptfile, withPorchCatalog, pool, elsewhere, closure], config(fields));
    expect(messages(named, 'error')).toEqual([
      expect.stringContaining(
        'package app depends on sandbox/cert-manager, which is neither installed on edge04 nor requested by a ' +
          'PackageVariant in the input (through sandbox/metallb); PackageVariant/edge04-cert-manager',
      ),
    ]);
  });

  it('takes no dependency from a hand-written PackageVariant into another repository (rule package-variant-upstream)', () => {
    const elsewhere = packageVariant('legacy', 'extras', 'legacy-app', false, 'edge02');
    const out = validate([kptfile, withPorchCatalog, elsewhere], config('target: edge04'));
    expect(out.exitCode).toBe(0);
    expect(messages(out, 'error')).toEqual([]);
    expect(messages(out, 'info')).toEqual([
      'PackageVariant/legacy (package-variants/legacy.yaml): installs extras/legacy-app into downstream repository ' +
        'edge02, not edge04 (the downstream repository of target edge04: downstreamRepository, by default the ' +
        'target), so on another target: no dependency here',
    ]);
  });

  it('counts a hand-written PackageVariant as both the dependency and its request', () => {
    // The PackageVariant API itself is Porch's, on the management cluster: platform here.
    const withPorch: TestFile = {
      path: 'catalog.yaml',
      yaml: catalogText({ packages, installed, platform: '- {group: config.porch.kpt.dev}' }),
    };
    const out = validate(
      [kptfile, withPorch, packageVariant('legacy', 'extras', 'legacy-app', false)],
      config('target: edge04'),
    );
    expect(out.exitCode).toBe(0);
    expect(messages(out, 'info')).toContain(
      'package app depends on extras/legacy-app (needed by PackageVariant/legacy (package-variants/legacy.yaml)), requested by PackageVariant/legacy (package-variants/legacy.yaml)',
    );
  });

  it('without a target, warns for each dependency no PackageVariant requests: whether it is installed was not checked', () => {
    const out = validate(
      [kptfile, catalog, certificate, packageVariant('x-cert-manager', 'sandbox', 'cert-manager')],
      undefined,
    );
    expect(out.exitCode).toBe(0);
    expect(messages(out, 'warning')).toEqual([]);
    const unrequested = validate([kptfile, catalog, pool], undefined);
    expect(unrequested.exitCode).toBe(0);
    expect(messages(unrequested, 'warning')).toEqual([
      'package app depends on sandbox/metallb, which no PackageVariant in the input requests (needed by IPAddressPool/pool (pool.yaml)); no target is set, so whether it is installed was not checked: set target to check it, or run emit-package-variants to request it',
      'package app depends on sandbox/cert-manager, which no PackageVariant in the input requests (through sandbox/metallb); no target is set, so whether it is installed was not checked: set target to check it, or run emit-package-variants to request it',
    ]);
  });

  it('fails for unresolved and ambiguous APIs, whatever is installed', () => {
    const ambiguousCatalog: TestFile = {
      path: 'catalog.yaml',
      yaml: catalogText({
        packages: `${packages}
- repository: extras
  package: cert-manager-lite
  revisions:
    - {revision: "1", lifecycle: Published, provides: [{group: cert-manager.io, kind: Certificate, versions: [v1]}]}
`,
      }),
    };
    const widget: TestFile = {
      path: 'widget.yaml',
      yaml: 'apiVersion: widgets.example.io/v1\nkind: Widget\nmetadata:\n  name: w\n',
    };
    const out = validate([kptfile, ambiguousCatalog, certificate, widget], config('target: edge04'));
    expect(out.exitCode).toBe(1);
    const errors = messages(out, 'error');
    expect(errors).toHaveLength(2);
    expect(
      errors.some((e) =>
        e.startsWith('Certificate/web (cert.yaml): cert-manager.io/v1 Certificate is provided by 2 packages'),
      ),
    ).toBe(true);
    expect(
      errors.some((e) =>
        e.startsWith('Widget/w (widget.yaml): no package of the catalog provides widgets.example.io/v1 Widget'),
      ),
    ).toBe(true);
  });

  it('treats an unresolved API as an error: onUnresolved and annotateResources are not among its fields', () => {
    const accepted = 'catalog, target, preferences, downstreamRepository, onUnresolvedObject';
    const out = validate([kptfile, catalog, certificate], config('onUnresolved: warning\nannotateResources: false'));
    expect(out.exitCode).toBe(1);
    expect(messages(out, 'error')).toEqual([
      `function config ValidateDependencies/config: onUnresolved: unknown field; accepted fields are ${accepted}`,
      `function config ValidateDependencies/config: annotateResources: unknown field; accepted fields are ${accepted}`,
    ]);
  });

  it('takes its fields from a ConfigMap (kpt fn eval -- target=edge04) and from the preferences string form', () => {
    const configMap =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fn-config\ndata:\n  target: edge04\n  preferences: "metallb.io=sandbox/metallb"\n';
    const out = validate([kptfile, catalog, pool], configMap);
    expect(out.exitCode).toBe(1);
    expect(messages(out, 'error')[0]).toContain('neither installed on edge04');
  });

  it('keeps the input byte for byte: the output items are the input items', () => {
    const files = [kptfile, catalog, certificate, pool];
    const input = resourceListText(files);
    const out = run(validateDependencies, input);
    expect(out.stdout.slice(0, out.stdout.indexOf('\nresults:'))).toBe(input.trimEnd());
    const again = run(validateDependencies, out.stdout);
    expect(again.stdout).toBe(out.stdout);
  });

  it('checks the output of resolve-dependencies without finding anything to change', () => {
    const input = resourceListText(
      [kptfile, catalog, certificate, pool],
      config('target: edge01').replace('ValidateDependencies', 'ResolveDependencies'),
    );
    const resolved = processText(input, resolveDependencies, 'resolve-dependencies');
    const validated = run(
      validateDependencies,
      resolved.stdout.replace('kind: ResolveDependencies', 'kind: ValidateDependencies'),
    );
    expect(validated.exitCode).toBe(0);
    expect(validated.itemsText).toBe(itemsText(resolved.stdout));
    expect(validated.itemsText).toContain('pkgdeps.dev/provided-by: "sandbox/cert-manager"');
  });

  it('is registered as pkgdeps fn validate-dependencies', () => {
    expect(functions['validate-dependencies']).toBe(validateDependencies);
  });

  it('on a real Nephio package: the free5gc AMF blueprint needs workload-crds, which mgmt does not run', () => {
    const nephioCatalog = readFileSync(new URL('../fixtures/nephio/catalog.yaml', import.meta.url), 'utf8');
    const pkg = 'workloads/free5gc/pkg-example-amf-bp';
    const missing = processText(
      fixturePackageList(pkg, [nephioCatalog], config('target: mgmt')),
      validateDependencies,
      'validate-dependencies',
    );
    expect(missing.exitCode).toBe(1);
    expect(missing.stdout).toContain(
      'package pkg-amf depends on catalog-nephio-core/workload-crds, which is neither installed on mgmt nor requested by a PackageVariant in the input (needed by NFDeployment/amf-example (amfdeployment.yaml))',
    );
    const variant =
      'apiVersion: config.porch.kpt.dev/v1alpha1\nkind: PackageVariant\nmetadata:\n  name: mgmt-workload-crds\nspec:\n  upstream: {repo: catalog-nephio-core, package: workload-crds, workspaceName: main}\n  downstream: {repo: mgmt, package: workload-crds}\n';
    const requested = processText(
      fixturePackageList(pkg, [nephioCatalog, variant], config('target: mgmt')),
      validateDependencies,
      'validate-dependencies',
    );
    expect(requested.exitCode).toBe(0);
  });
});
