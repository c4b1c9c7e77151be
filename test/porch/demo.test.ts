import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runDemo } from '../../src/cli/demo.js';

const example = fileURLToPath(new URL('../../examples/resolve-dependencies-edge-app', import.meta.url));

function demoOutput(dir: string): { code: number; text: string } {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    return { code: runDemo(dir), text: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}

describe('npm start (pkgdeps demo)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('shows the PackageVariants emit-package-variants would create for the bundled example', () => {
    const { code, text } = demoOutput(example);
    expect(code).toBe(0);
    const section = text.slice(text.indexOf('PackageVariants emit-package-variants would add'));
    expect(section).toContain('(target=edge01 downstreamRepository=edge01)');
    expect(section).toContain('  # package-variants/edge01-metallb.yaml\n  apiVersion: config.porch.kpt.dev/v1alpha1\n  kind: PackageVariant\n');
    expect(section).toContain('    workspaceName: v1\n');
    expect(section).not.toContain('internal.config.kubernetes.io');
    expect(section).toContain('catalog-distros-sandbox/cert-manager revision "2" is installed on edge01: no PackageVariant needed');
    expect(section).toContain('kpt fn eval');
    expect(section).not.toContain('edge01-cert-manager');
  });

  it("uses the package's own EmitPackageVariants config when it has one", () => {
    const { text } = demoOutput(join(example, '..', 'emit-package-variants-pipeline'));
    const section = text.slice(text.indexOf('PackageVariants emit-package-variants would add'));
    expect(section).toContain('(emit-package-variants.yaml)');
    expect(section).toContain('# package-variants/edge01-networking-frr-k8s.yaml');
    expect(section).toContain('    namespace: porch-deployments\n');
  });
});
