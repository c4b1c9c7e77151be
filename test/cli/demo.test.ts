import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../cli/demo.js';
import { locateKpt } from '../support/kpt.js';

const example = fileURLToPath(new URL('../../examples/resolve-dependencies-edge-app', import.meta.url));
const functionsDir = fileURLToPath(new URL('../../dist/functions', import.meta.url));

function demoOutput(dir: string): { code: number; text: string } {
  let text = '';
  const code = runDemo(dir, { stdout: (chunk) => void (text += chunk), stderr: () => undefined }, functionsDir);
  return { code, text };
}

describe('npm start (pkgdeps demo)', () => {
  it('shows the PackageVariants emit-package-variants would create for the bundled example', () => {
    const { code, text } = demoOutput(example);
    expect(code).toBe(0);
    const section = text.slice(text.indexOf('PackageVariants emit-package-variants would add'));
    expect(section).toContain('(target=edge01 downstreamRepository=edge01)');
    expect(section).toContain(
      '  # package-variants/edge01-metallb.yaml\n  apiVersion: config.porch.kpt.dev/v1alpha1\n  kind: PackageVariant\n',
    );
    expect(section).toContain('    workspaceName: v1\n');
    expect(section).not.toContain('internal.config.kubernetes.io');
    expect(section).toContain(
      'catalog-distros-sandbox/cert-manager revision "2" is installed on edge01: no PackageVariant needed',
    );
    expect(section).toContain('kpt fn eval');
    expect(section).not.toContain('edge01-cert-manager');
  });

  it('a file that does not parse is a warning result; a broken Kptfile stops it (rule malformed-files)', () => {
    const copy = mkdtempSync(join(tmpdir(), 'pkgdeps-demo-'));
    try {
      cpSync(example, copy, { recursive: true });
      writeFileSync(join(copy, 'broken.yaml'), 'kind: [\n');
      const warned = demoOutput(copy);
      expect(warned.code).toBe(0);
      expect(warned.text).toMatch(/warning broken\.yaml: document 0 is not valid YAML: .*; the file is left out/);
      writeFileSync(join(copy, 'Kptfile'), 'metadata: [\n');
      let stdout = '';
      let stderr = '';
      const code = runDemo(
        copy,
        { stdout: (chunk) => void (stdout += chunk), stderr: (chunk) => void (stderr += chunk) },
        functionsDir,
      );
      expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
      expect(stderr).toMatch(/^pkgdeps demo: error: Kptfile: document 0 is not valid YAML: .*; the package/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it("uses the package's own EmitPackageVariants config when it has one", () => {
    const { text } = demoOutput(join(example, '..', 'emit-package-variants-pipeline'));
    const section = text.slice(text.indexOf('PackageVariants emit-package-variants would add'));
    expect(section).toContain('(emit-package-variants.yaml)');
    expect(section).toContain('# package-variants/edge01-networking-frr-k8s.yaml');
    expect(section).toContain('    namespace: porch-deployments\n');
  });
});

const kpt = locateKpt();

describe('the built CLI (dist/cli.js, as npm start and the image run it)', () => {
  const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

  it('runs the demo on the bundled example from any directory', () => {
    const ran = spawnSync(process.execPath, [cli, 'demo'], { cwd: tmpdir(), encoding: 'utf8' });
    expect(ran.stderr).toBe('');
    expect(ran.status).toBe(0);
    expect(ran.stdout).toContain('examples/resolve-dependencies-edge-app');
    expect(ran.stdout).toContain('PackageVariants emit-package-variants would add');
  });

  it.runIf(kpt.found)('prints kpt commands that run as printed, from the directory it ran in', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'pkgdeps-demo-cwd-'));
    try {
      const ran = spawnSync(process.execPath, [cli, 'demo'], { cwd, encoding: 'utf8' });
      const commands = [...ran.stdout.matchAll(/^ {2}(kpt fn eval .*)$/gm)].map((match) => match[1] ?? '');
      expect(commands).toHaveLength(2);
      for (const command of commands) {
        const kptRun = spawnSync('bash', ['-c', command], { cwd, encoding: 'utf8', timeout: 60_000 });
        expect(kptRun.status, `${command}\n${kptRun.stderr}`).toBe(0);
        expect(kptRun.stdout).toContain('kind: ResourceList');
      }
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('runs a function through `fn <name>` with its own bundle, and refuses an unknown name with exit 2', () => {
    const input = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n';
    const ran = spawnSync(process.execPath, [cli, 'fn', 'validate-upgrade'], { input, encoding: 'utf8' });
    const direct = spawnSync(
      process.execPath,
      [fileURLToPath(new URL('../../dist/functions/validate-upgrade.js', import.meta.url))],
      { input, encoding: 'utf8' },
    );
    expect({ status: ran.status, stdout: ran.stdout }).toEqual({ status: direct.status, stdout: direct.stdout });
    // pkgdeps fn also summarises the error results on stderr; the bundle run by kpt does not.
    expect(direct.stderr).toBe('');
    expect(ran.stderr).toMatch(
      /^(validate-upgrade: error: function config: .*\n){4}validate-upgrade: 4 errors; every result is in the ResourceList on stdout\n$/,
    );
    expect(ran.stdout).toMatch(/^apiVersion: config\.kubernetes\.io\/v1\n/);
    const unknown = spawnSync(process.execPath, [cli, 'fn', 'no-such-function'], { input: '', encoding: 'utf8' });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('resolve-dependencies');
  });
});
