import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/kpt.js';

/**
 * `npm pack` and `npm install -g` of the tarball give a working `pkgdeps`, demo included, and
 * install no runtime package: dist/ is bundled, so `dependencies` stays empty.
 */

const scratch = mkdtempSync(join(tmpdir(), 'pkgdeps-install-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function npm(args: string[], cwd: string) {
  const result = spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, npm_config_loglevel: 'error' },
  });
  expect(result.status, `npm ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

describe('the npm package', () => {
  it('declares no runtime dependencies (the bundles hold all they use)', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.dependencies ?? {}).toEqual({});
  });

  it('installs globally from its tarball and runs --version, demo and a function', () => {
    // --ignore-scripts: the tests run after `npm run build`; prepack would build dist/ again.
    npm(['pack', '--ignore-scripts', '--pack-destination', scratch], repoRoot);
    const [tarball] = readdirSync(scratch).filter((file) => file.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const prefix = join(scratch, 'prefix');
    npm(
      ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', join(scratch, tarball ?? '')],
      scratch,
    );
    const bin = join(prefix, 'bin', 'pkgdeps');
    expect(existsSync(bin)).toBe(true);
    expect(readdirSync(join(prefix, 'lib', 'node_modules'))).toEqual(['pkgdeps']);
    const run = (args: string[], input?: string) => spawnSync(bin, args, { cwd: scratch, encoding: 'utf8', input });
    expect(run(['--version']).stdout).toMatch(/^pkgdeps \d+\.\d+\.\d+/);
    const demo = run(['demo']);
    expect(demo.stderr).toBe('');
    expect(demo.status).toBe(0);
    expect(demo.stdout).toContain('PackageVariants emit-package-variants would add');
    const fn = run(
      ['fn', 'resolve-dependencies'],
      'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n',
    );
    expect(fn.stdout).toMatch(/^apiVersion: config\.kubernetes\.io\/v1\nkind: ResourceList\n/);
  });
});
