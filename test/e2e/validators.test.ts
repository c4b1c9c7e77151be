import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { copyPackage, kpt, locateKpt, readTree, repoRoot, scratchDir } from '../support/kpt.js';
import type { Run } from '../support/kpt.js';

/**
 * The validators in Kptfile pipelines, through the real `kpt fn render --allow-exec` (run from
 * the repository root, where the `exec: ./dist/functions/<name>.js` paths resolve). A failing
 * validator must stop the render with its results on stderr and leave every file of the package
 * as it was, mutators' changes included; a passing one lets the render write.
 */

const kptStatus = locateKpt();
const title = kptStatus.found
  ? 'validators in kpt fn render pipelines'
  : `validators through kpt: skipped, ${kptStatus.reason}`;
const examples = join(repoRoot, 'examples');
const validators = ['validate-dependencies', 'validate-removal', 'validate-upgrade'];

function explain(run: Run): string {
  return `kpt exited ${run.status}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
}

function kptfile(name: string, pipeline: string): string {
  return `apiVersion: kpt.dev/v1
kind: Kptfile
metadata:
  name: ${name}
  annotations:
    config.kubernetes.io/local-config: "true"
info:
  description: validator pipeline test
pipeline:
${pipeline.trimEnd()}
`;
}

const metallbVariant = `apiVersion: config.porch.kpt.dev/v1alpha1
kind: PackageVariant
metadata:
  name: edge03-metallb
  annotations:
    pkgdeps.dev/generated-by: "edge-app"
    pkgdeps.dev/target: "edge03"
spec:
  upstream: {repo: catalog-distros-sandbox, package: metallb, workspaceName: v1}
  downstream: {repo: edge03, package: edge03-metallb}
`;

describe.skipIf(!kptStatus.found)(title, () => {
  const scratches: (() => void)[] = [];
  afterEach(() => scratches.splice(0).forEach((remove) => remove()));

  /** A copy of an example package in a scratch directory. */
  function copyOf(example: string): string {
    for (const name of validators)
      expect(existsSync(join(repoRoot, 'dist', 'functions', `${name}.js`)), 'run `npm run build` first').toBe(true);
    const { dir, remove } = scratchDir();
    scratches.push(remove);
    const pkg = join(dir, example);
    copyPackage(join(examples, example), pkg);
    return pkg;
  }

  test('validate-dependencies stops the render after resolve-dependencies: results shown, nothing written', () => {
    const pkg = copyOf('validate-dependencies-missing');
    const before = readTree(pkg);
    const render = kpt(['fn', 'render', pkg, '--allow-exec']);
    expect(render.status, explain(render)).toBe(1);
    expect(render.stderr).toContain('[PASS] "./dist/functions/resolve-dependencies.js"');
    expect(render.stderr).toContain('[FAIL] "./dist/functions/validate-dependencies.js"');
    expect(render.stderr).toContain(
      '[error] kpt.dev/v1/Kptfile/edge-app: package edge-app depends on catalog-distros-sandbox/metallb, which is neither installed on edge03 nor requested by a PackageVariant in the input',
    );
    expect(readTree(pkg), 'the mutator ran, but a failing validator must keep its changes off the disk').toEqual(
      before,
    );
  });

  test('validate-dependencies lets the render write once a PackageVariant requests the missing package', () => {
    const pkg = copyOf('validate-dependencies-missing');
    writeFileSync(join(pkg, 'edge03-metallb.yaml'), metallbVariant);
    const render = kpt(['fn', 'render', pkg, '--allow-exec']);
    expect(render.status, explain(render)).toBe(0);
    expect(render.stderr).toContain('[PASS] "./dist/functions/validate-dependencies.js"');
    const after = readTree(pkg);
    expect(after.get('Kptfile')).toContain(
      'pkgdeps.dev/depends-on: "catalog-distros-sandbox/cert-manager,catalog-distros-sandbox/metallb"',
    );
    const again = kpt(['fn', 'render', pkg, '--allow-exec']);
    expect(again.status, explain(again)).toBe(0);
    expect(readTree(pkg), 'a second render changes nothing').toEqual(after);
  });

  test('validate-removal in a pipeline refuses a revision installed packages depend on, naming each with its target and API', () => {
    const pkg = copyOf('validate-removal-in-use');
    writeFileSync(
      join(pkg, 'Kptfile'),
      kptfile(
        'fleet-catalog',
        '  validators:\n    - exec: ./dist/functions/validate-removal.js\n      configPath: validate-removal.yaml',
      ),
    );
    const before = readTree(pkg);
    const render = kpt(['fn', 'render', pkg, '--allow-exec']);
    expect(render.status, explain(render)).toBe(1);
    expect(render.stderr).toContain('[FAIL] "./dist/functions/validate-removal.js"');
    const dependents: Array<[string, string]> = [
      ['catalog-distros-sandbox/metallb', 'cert-manager.io/v1/Certificate'],
      ['catalog-workloads/legacy-portal', 'cert-manager.io/v1alpha2/Certificate'],
      ['catalog-workloads/edge-app', 'cert-manager.io/v1/Certificate'],
    ];
    for (const [dependent, api] of dependents) {
      expect(render.stderr).toMatch(
        new RegExp(
          `\\[error\\] v1/ConfigMap/package-catalog data\\.installed: ${dependent} revision "1" installed on edge01 depends on catalog-distros-sandbox/cert-manager revision "2".*${api.replace(/\./g, '\\.')}`,
        ),
      );
    }
    expect(readTree(pkg)).toEqual(before);
  });

  test('validate-removal in a pipeline passes for a revision nothing installed depends on, and writes nothing', () => {
    const pkg = copyOf('validate-removal-in-use');
    writeFileSync(
      join(pkg, 'Kptfile'),
      kptfile(
        'fleet-catalog',
        '  validators:\n    - exec: ./dist/functions/validate-removal.js\n      configMap:\n        repository: catalog-distros-sandbox\n        package: cert-manager\n        revision: "3"',
      ),
    );
    const before = readTree(pkg);
    const render = kpt(['fn', 'render', pkg, '--allow-exec']);
    expect(render.status, explain(render)).toBe(0);
    expect(render.stderr).toContain(
      '[warning] v1/ConfigMap/package-catalog data.installed: catalog-distros-sandbox/cert-manager revision "3" is installed on edge02, where nothing installed depends on it',
    );
    expect(readTree(pkg)).toEqual(before);
  });

  test('validate-upgrade in a pipeline refuses an upgrade that drops a version a dependent requires, and passes a safe one', () => {
    const breaking = copyOf('validate-upgrade-breaking');
    const pipeline =
      '  validators:\n    - exec: ./dist/functions/validate-upgrade.js\n      configMap:\n        repository: catalog-distros-sandbox\n        package: cert-manager\n        from: "2"\n        to: "3"';
    writeFileSync(join(breaking, 'Kptfile'), kptfile('fleet-catalog', pipeline));
    const before = readTree(breaking);
    const refused = kpt(['fn', 'render', breaking, '--allow-exec']);
    expect(refused.status, explain(refused)).toBe(1);
    expect(refused.stderr).toContain('[FAIL] "./dist/functions/validate-upgrade.js"');
    expect(refused.stderr).toContain(
      'would break catalog-workloads/legacy-portal revision "1" installed there: it requires cert-manager.io/v1alpha2/Certificate (revision "3" serves it only at v1)',
    );
    expect(readTree(breaking)).toEqual(before);

    const safe = copyOf('validate-upgrade-safe');
    writeFileSync(join(safe, 'Kptfile'), kptfile('fleet-catalog', pipeline));
    const allowed = kpt(['fn', 'render', safe, '--allow-exec']);
    expect(allowed.status, explain(allowed)).toBe(0);
    expect(allowed.stderr).toContain('[PASS] "./dist/functions/validate-upgrade.js"');
  });

  test('kpt fn eval with key=value arguments reaches the validators as a ConfigMap', () => {
    const pkg = copyOf('validate-removal-in-use');
    const before = readTree(pkg);
    const args = ['--', 'repository=catalog-distros-sandbox', 'package=cert-manager', 'revision=2'];
    const evaluated = kpt(['fn', 'eval', pkg, '--exec', './dist/functions/validate-removal.js', ...args]);
    expect(evaluated.status, explain(evaluated)).toBe(1);
    expect(evaluated.stderr).toContain(
      'catalog-workloads/legacy-portal revision "1" installed on edge01 depends on catalog-distros-sandbox/cert-manager revision "2"',
    );
    expect(readTree(pkg)).toEqual(before);
    const unknown = kpt([
      'fn',
      'eval',
      pkg,
      '--exec',
      './dist/functions/validate-upgrade.js',
      '--',
      'repository=catalog-distros-sandbox',
      'package=cert-manager',
      'from=2',
      'to=9',
    ]);
    expect(unknown.status, explain(unknown)).toBe(1);
    expect(unknown.stderr).toContain(
      'to: catalog-distros-sandbox/cert-manager has no revision "9" in catalog "package-catalog"; its revisions are "3" (Published), "2" (Published)',
    );
  });
});
