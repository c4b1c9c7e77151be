import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { changes, commitAll, committedCopy, kpt, locateKpt, repoRoot, scratchDir } from '../support/kpt.js';
import type { Run } from '../support/kpt.js';

/**
 * `kpt fn render --allow-exec` (from the repository root, where the Kptfile's
 * `./dist/functions/<name>.js` exec paths resolve) of the emit-package-variants-pipeline
 * example: resolve-dependencies, then emit-package-variants. The first render creates the
 * PackageVariants, the second changes nothing, and after the resources that need MetalLB are
 * deleted a third render removes MetalLB's PackageVariant and that of its own dependency.
 */

const example = join(repoRoot, 'examples', 'emit-package-variants-pipeline');
const kptStatus = locateKpt();
const title = kptStatus.found
  ? 'kpt fn render of resolve-dependencies -> emit-package-variants'
  : `emit pipeline: skipped, ${kptStatus.reason}`;

interface Variant {
  metadata: { name: string; namespace: string; annotations: Record<string, string> };
  spec: { upstream: Record<string, unknown>; downstream: Record<string, unknown> };
}

function explain(run: Run): string {
  return `kpt exited ${run.status}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
}

describe.skipIf(!kptStatus.found)(title, () => {
  let scratch = { dir: '', remove: () => {} };
  let pkg = '';
  const file = (path: string) => join(pkg, path);
  const variant = (name: string) => parse(readFileSync(file(`package-variants/${name}.yaml`), 'utf8')) as Variant;
  const render = () => {
    const run = kpt(['fn', 'render', pkg, '--allow-exec']);
    expect(run.status, explain(run)).toBe(0);
    return run;
  };

  beforeAll(() => {
    expect(
      existsSync(join(repoRoot, 'dist', 'functions', 'emit-package-variants.js')),
      'run `npm run build` first',
    ).toBe(true);
    scratch = scratchDir();
    pkg = join(scratch.dir, 'edge-gateway');
    committedCopy(example, pkg);
  });
  afterAll(() => scratch.remove());

  test('the first render creates a PackageVariant per missing package', () => {
    const handWritten = readFileSync(file('monitoring.yaml'), 'utf8');
    render();
    expect(variant('edge01-metallb')).toEqual({
      apiVersion: 'config.porch.kpt.dev/v1alpha1',
      kind: 'PackageVariant',
      metadata: {
        name: 'edge01-metallb',
        namespace: 'porch-deployments',
        annotations: {
          'pkgdeps.dev/generated-by': 'edge-gateway',
          'pkgdeps.dev/target': 'edge01',
          'pkgdeps.dev/required-by': 'edge-gateway',
        },
      },
      spec: {
        upstream: { repo: 'catalog-distros-sandbox', package: 'metallb', workspaceName: 'v2' },
        downstream: { repo: 'edge01', package: 'edge01-metallb' },
      },
    });
    const frr = variant('edge01-networking-frr-k8s');
    expect(frr.metadata.annotations['pkgdeps.dev/required-by']).toBe('catalog-distros-sandbox/metallb');
    expect(frr.spec.upstream).toEqual({ repo: 'catalog-infra', package: 'networking/frr-k8s', workspaceName: 'v1' });
    // installed on edge01 (cert-manager) or requested by hand (prometheus): no PackageVariant
    expect(existsSync(file('package-variants/edge01-cert-manager.yaml'))).toBe(false);
    expect(existsSync(file('package-variants/edge01-prometheus.yaml'))).toBe(false);
    expect(readFileSync(file('monitoring.yaml'), 'utf8')).toBe(handWritten);
    expect(readFileSync(file('Kptfile'), 'utf8')).toContain(
      'pkgdeps.dev/depends-on: "catalog-distros-sandbox/cert-manager,catalog-distros-sandbox/metallb,catalog-distros-sandbox/prometheus"',
    );
  });

  test('the second render changes nothing', () => {
    commitAll(pkg, 'first render');
    render();
    expect(changes(pkg)).toBe('');
  });

  test('removing the resources that need MetalLB prunes its PackageVariant and its dependency', () => {
    rmSync(file('bgp.yaml'));
    rmSync(file('ip-pool.yaml'));
    commitAll(pkg, 'MetalLB resources removed');
    render();
    const diff = changes(pkg);
    expect(diff).toContain('deleted file mode 100644\nindex ');
    expect(diff).toContain('--- a/package-variants/edge01-metallb.yaml\n+++ /dev/null');
    expect(diff).toContain('--- a/package-variants/edge01-networking-frr-k8s.yaml\n+++ /dev/null');
    expect(diff).toContain(
      '+    pkgdeps.dev/depends-on: "catalog-distros-sandbox/cert-manager,catalog-distros-sandbox/prometheus"',
    );
    expect(diff).not.toContain('monitoring.yaml');
    // kpt deletes the files (an emptied directory may stay)
    expect(existsSync(file('package-variants/edge01-metallb.yaml'))).toBe(false);
    expect(existsSync(file('package-variants/edge01-networking-frr-k8s.yaml'))).toBe(false);
  });

  test('and a render after that changes nothing', () => {
    commitAll(pkg, 'pruned');
    render();
    expect(changes(pkg)).toBe('');
  });
});
