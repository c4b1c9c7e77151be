import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { CatalogPackage } from '../../src/catalog/index.js';
import { readPackagesText } from '../support/catalog-data.js';
import { git, repoRoot } from '../support/kpt.js';
import { crdText, resourceText } from '../catalog-build/helpers.js';
import { kptfileText } from '../support/resource-list.js';

/** `pkgdeps catalog build` through the built CLI (dist/cli.js), on directories and git repositories made here. */

const cli = join(repoRoot, 'dist', 'cli.js');
const scratch = mkdtempSync(join(tmpdir(), 'pkgdeps-catalog-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

function pkgdeps(args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function packagesOf(yaml: string): CatalogPackage[] {
  const configMap = parse(yaml) as {
    metadata: { name: string; annotations: Record<string, string> };
    data: { packages: string };
  };
  expect(configMap.metadata.annotations['pkgdeps.dev/catalog']).toBe('v1');
  return readPackagesText(configMap.data.packages);
}

/** `repository/package@revision(workspaceName): provides versions -> dependsOn` per revision, for short assertions. */
function summary(packages: CatalogPackage[]): string[] {
  return packages.flatMap((pkg) =>
    pkg.revisions.map((rev) => {
      const provides = (rev.provides ?? []).map((api) => `${api.kind}:${api.versions.join('+')}`).join(',');
      const deps = (rev.dependsOn ?? []).map((ref) => `${ref.repository}/${ref.package}`).join(',');
      return `${pkg.repository}/${pkg.package}@${rev.revision}(${rev.workspaceName ?? ''}) ${provides} -> ${deps}`;
    }),
  );
}

const certCrd = (versions: string[]) =>
  crdText(
    'cert-manager.io',
    'Certificate',
    'certificates',
    versions.map((v) => [v, true]),
  );
const cert = (version: string) => resourceText(`cert-manager.io/${version}`, 'Certificate', 'tls');

beforeAll(() => {
  expect(existsSync(cli), 'run `npm run build` first').toBe(true);
});

describe('pkgdeps catalog build DIR', () => {
  const dir = join(scratch, 'plain');
  write(dir, {
    'blueprints/cert-manager/Kptfile': kptfileText('cert-manager'),
    'blueprints/cert-manager/crd.yaml': certCrd(['v1']),
    'blueprints/app/Kptfile': kptfileText('app'),
    'blueprints/app/cert.yaml': cert('v1'),
    'other/x/Kptfile': kptfileText('x'),
  });

  it('writes the catalog of the repository directories to stdout, progress and results on stderr', () => {
    const run = pkgdeps(['catalog', 'build', dir, '--repo', 'sandbox=blueprints', '--revision', '4']);
    expect(run.status).toBe(0);
    expect(summary(packagesOf(run.stdout))).toEqual([
      'sandbox/app@4()  -> sandbox/cert-manager',
      'sandbox/cert-manager@4() Certificate:v1 -> ',
    ]);
    expect(run.stderr).toContain('pkgdeps catalog build: building the catalog of 2 package revisions');
  });

  it('updates the -o file, keeping its other entries, and a second run changes nothing', () => {
    const out = join(scratch, 'plain-catalog.yaml');
    writeFileSync(
      out,
      `# the sandbox catalog
apiVersion: v1
kind: ConfigMap
metadata:
  name: sandbox-catalog
  annotations:
    pkgdeps.dev/catalog: "v1"
data:
  packages: |
    - {repository: sandbox, package: cert-manager, revisions: [{revision: "1", lifecycle: Published}]}
  platform: |
    - {group: example.com}
`,
    );
    expect(pkgdeps(['catalog', 'build', dir, '--repo', 'sandbox=blueprints', '-o', out]).status).toBe(0);
    const first = readFileSync(out, 'utf8');
    expect(first.startsWith('# the sandbox catalog\n')).toBe(true);
    expect(first).toContain('  platform: |\n    - {group: example.com}\n');
    expect(summary(packagesOf(first))).toEqual([
      'sandbox/cert-manager@main(main) Certificate:v1 -> ',
      'sandbox/cert-manager@1()  -> ',
      'sandbox/app@main(main)  -> sandbox/cert-manager',
    ]);
    expect(pkgdeps(['catalog', 'build', dir, '--repo', 'sandbox=blueprints', '-o', out]).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(first);
  });

  it('--prefer settles an ambiguous provider', () => {
    const rival = join(scratch, 'rival');
    write(rival, {
      'a/Kptfile': kptfileText('a'),
      'a/crd.yaml': certCrd(['v1']),
      'b/Kptfile': kptfileText('b'),
      'b/crd.yaml': certCrd(['v1']),
      'app/Kptfile': kptfileText('app'),
      'app/cert.yaml': cert('v1'),
    });
    const ambiguous = pkgdeps(['catalog', 'build', rival]);
    expect(ambiguous.status).toBe(0);
    expect(ambiguous.stderr).toContain(
      'warning: catalog/app revision "main": cert-manager.io/v1 Certificate is provided by 2 packages: catalog/a, catalog/b',
    );
    const settled = pkgdeps(['catalog', 'build', rival, '--prefer', 'cert-manager.io/Certificate=catalog/b']);
    expect(settled.stderr).not.toContain('is provided by');
    expect(summary(packagesOf(settled.stdout))[1]).toBe('catalog/app@main(main)  -> catalog/b');
  });

  it('refuses to overwrite a file that is not a catalog, and reports usage errors with exit 2', () => {
    const notCatalog = join(scratch, 'not-a-catalog.yaml');
    writeFileSync(notCatalog, resourceText('v1', 'ConfigMap', 'x'));
    const refused = pkgdeps(['catalog', 'build', dir, '-o', notCatalog]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('does not hold one catalog ConfigMap');
    expect(readFileSync(notCatalog, 'utf8')).toBe(resourceText('v1', 'ConfigMap', 'x'));
    expect(pkgdeps(['catalog', 'build']).status).toBe(2);
    expect(pkgdeps(['catalog', 'build', dir, '--repo', 'no-equals']).stderr).toContain(
      'is not of the form <name>=<directory>',
    );
    expect(pkgdeps(['catalog', 'build', dir, '--revision', 'latest']).status).toBe(2);
  });
});

describe('pkgdeps catalog build --git', () => {
  const repo = join(scratch, 'repo');
  const commit = (message: string) => {
    git(repo, ['add', '--all']);
    git(repo, ['commit', '--quiet', '--message', message]);
  };

  beforeAll(() => {
    mkdirSync(repo);
    git(repo, ['init', '--quiet', '--initial-branch', 'main']);
    write(repo, {
      'blueprints/cert-manager/Kptfile': kptfileText('cert-manager'),
      'blueprints/cert-manager/crd.yaml': certCrd(['v1alpha2']),
      'blueprints/app/Kptfile': kptfileText('app'),
      'blueprints/app/cert.yaml': cert('v1alpha2'),
      'blueprints/app/sub/Kptfile': kptfileText('sub'),
    });
    commit('first revisions');
    git(repo, ['tag', 'blueprints/cert-manager/v1']);
    git(repo, ['tag', 'blueprints/app/v1']);
    git(repo, ['tag', 'blueprints/app/sub/v1']); // a subpackage: not a package of its own
    git(repo, ['tag', 'blueprints/missing/v1']); // no Kptfile there
    git(repo, ['tag', 'v1.0']); // a release tag, not a package's
    git(repo, ['tag', 'blueprints/cert-manager/latest']); // not v<N>
    write(repo, { 'blueprints/cert-manager/crd.yaml': certCrd(['v1', 'v1alpha2']) });
    commit('cert-manager serves v1');
    git(repo, ['tag', '--annotate', '--message', 'v2', 'blueprints/cert-manager/v2']);
    write(repo, { 'blueprints/app/cert.yaml': cert('v1') });
    commit('app uses v1');
    write(repo, { 'blueprints/app/uncommitted.yaml': resourceText('example.com/v1', 'Uncommitted', 'u') });
  });

  it('reads every <package path>/v<N> tag as Published revision N and the branch head as main', () => {
    const run = pkgdeps(['catalog', 'build', repo, '--git', '--repo', 'sandbox=blueprints']);
    expect(run.status, run.stderr).toBe(0);
    const packages = packagesOf(run.stdout);
    expect(summary(packages)).toEqual([
      'sandbox/app@main(main)  -> sandbox/cert-manager',
      'sandbox/app@1(v1)  -> sandbox/cert-manager',
      'sandbox/cert-manager@main(main) Certificate:v1+v1alpha2 -> ',
      'sandbox/cert-manager@1(v1) Certificate:v1alpha2 -> ',
      'sandbox/cert-manager@2(v2) Certificate:v1+v1alpha2 -> ',
    ]);
    expect(packages.flatMap((pkg) => pkg.revisions).every((rev) => rev.lifecycle === 'Published')).toBe(true);
    const app = packages.find((pkg) => pkg.package === 'app');
    expect(app?.revisions.map((rev) => rev.requires)).toEqual([
      [{ group: 'cert-manager.io', version: 'v1', kind: 'Certificate' }],
      [{ group: 'cert-manager.io', version: 'v1alpha2', kind: 'Certificate' }],
    ]);
    expect(run.stderr).toContain(
      'warning: tag blueprints/app/sub/v1: blueprints/app/sub is a subpackage of the package in blueprints/app at the tag; it is left out of the catalog',
    );
    expect(run.stderr).toContain('warning: tag blueprints/missing/v1: no Kptfile in blueprints/missing at the tag');
    expect(run.stderr).not.toContain('Uncommitted');
  });

  it('works from a subdirectory of the git tree, with tags named from the top of the tree', () => {
    const run = pkgdeps(['catalog', 'build', join(repo, 'blueprints'), '--git', '--repo', 'sandbox=.']);
    expect(run.status, run.stderr).toBe(0);
    expect(summary(packagesOf(run.stdout)).map((line) => line.split(' ')[0])).toEqual([
      'sandbox/app@main(main)',
      'sandbox/app@1(v1)',
      'sandbox/cert-manager@main(main)',
      'sandbox/cert-manager@1(v1)',
      'sandbox/cert-manager@2(v2)',
    ]);
  });

  it('is deterministic: the same repository gives a byte-identical catalog', () => {
    const args = ['catalog', 'build', repo, '--git', '--repo', 'sandbox=blueprints'];
    expect(pkgdeps(args).stdout).toBe(pkgdeps(args).stdout);
  });

  /** A new git repository holding `files` in one commit. */
  const repository = (name: string, files: Record<string, string>) => {
    const dir = join(scratch, name);
    mkdirSync(dir);
    git(dir, ['init', '--quiet', '--initial-branch', 'main']);
    write(dir, files);
    git(dir, ['add', '--all']);
    git(dir, ['commit', '--quiet', '--message', name]);
    return dir;
  };

  it('reads each file as its own when a file name holds a newline', () => {
    const odd = repository('newline-names', {
      'a/Kptfile': kptfileText('a'),
      'a/two\nlines.yaml': crdText('a.example.io', 'Thing', 'things', [['v1', true]]),
      'b/Kptfile': kptfileText('b'),
      'b/crd.yaml': crdText('b.example.io', 'Widget', 'widgets', [['v1', true]]),
      'c/Kptfile': kptfileText('c'),
      'c/crd.yaml': crdText('c.example.io', 'Gizmo', 'gizmos', [['v1', true]]),
    });
    const run = pkgdeps(['catalog', 'build', odd, '--git']);
    expect(run.status, run.stderr).toBe(0);
    expect(summary(packagesOf(run.stdout))).toEqual([
      'catalog/a@main(main) Thing:v1 -> ',
      'catalog/b@main(main) Widget:v1 -> ',
      'catalog/c@main(main) Gizmo:v1 -> ',
    ]);
  });

  it('reads a package whose directory starts with -, and its tags', () => {
    const dashed = repository('dashed-names', {
      '-x/Kptfile': kptfileText('-x'),
      '-x/crd.yaml': crdText('x.example.io', 'Gadget', 'gadgets', [['v1', true]]),
    });
    // Porch names a tag after the package directory; git tag refuses a leading -, update-ref does not.
    git(dashed, ['update-ref', 'refs/tags/-x/v1', 'HEAD']);
    const run = pkgdeps(['catalog', 'build', dashed, '--git']);
    expect(run.status, run.stderr).toBe(0);
    expect(summary(packagesOf(run.stdout))).toEqual([
      'catalog/-x@main(main) Gadget:v1 -> ',
      'catalog/-x@1(v1) Gadget:v1 -> ',
    ]);
  });
});

describe('pkgdeps catalog build --git at scale', () => {
  /** A `git` on PATH that logs each run and the object names asked of `cat-file --batch`, then runs git. */
  const bin = join(scratch, 'logging-git');
  const realGit = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'git'),
    `#!/bin/sh\nprintf 'run %s\\n' "$*" >> "$GIT_LOG"\n` +
      `case "$*" in\n  *" cat-file --batch") tee -a "$GIT_LOG" | "${realGit}" "$@" ;;\n  *) exec "${realGit}" "$@" ;;\nesac\n`,
    { mode: 0o755 },
  );

  /** Packages a and b tagged v1..v`tags`; only a's CRD changes, at every other tag. */
  const history = (name: string, tags: number) => {
    const dir = join(scratch, name);
    mkdirSync(dir);
    git(dir, ['init', '--quiet', '--initial-branch', 'main']);
    for (let tag = 1; tag <= tags; tag += 1) {
      const versions = tag % 2 === 0 ? ['v1', 'v2'] : ['v1'];
      write(dir, {
        'a/Kptfile': kptfileText('a'),
        'a/crd.yaml': crdText(
          'a.example.io',
          'Thing',
          'things',
          versions.map((v) => [v, true]),
        ),
        'b/Kptfile': kptfileText('b'),
        'b/conf/crd.yaml': crdText('b.example.io', 'Widget', 'widgets', [['v1', true]]),
      });
      git(dir, ['add', '--all']);
      git(dir, ['commit', '--quiet', '--allow-empty', '--message', `revision ${tag}`]);
      git(dir, ['tag', `a/v${tag}`]);
      git(dir, ['tag', `b/v${tag}`]);
    }
    return dir;
  };

  const logged = (dir: string) => {
    const log = `${dir}.log`;
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, GIT_LOG: log };
    const run = spawnSync(process.execPath, [cli, 'catalog', 'build', dir, '--git'], { encoding: 'utf8', env });
    expect(run.status, run.stderr).toBe(0);
    const lines = readFileSync(log, 'utf8').split('\n');
    return {
      stdout: run.stdout,
      runs: lines.filter((line) => line.startsWith('run ')),
      asked: lines.filter((line) => /^[0-9a-f]{40,64}$/.test(line)),
    };
  };

  it('reads each object once, with as many git processes for 8 tags as for 2', () => {
    const two = logged(history('two-tags', 2));
    const eight = logged(history('eight-tags', 8));
    expect(summary(packagesOf(eight.stdout))).toHaveLength(2 + 16);
    expect(new Set(eight.asked).size).toBe(eight.asked.length);
    // a: 2 Kptfile-and-CRD versions, b: its Kptfile and CRD; and the trees holding them.
    expect(eight.asked.length).toBeLessThan(20);
    expect(eight.runs).toHaveLength(two.runs.length);
  });
});

describe('pkgdeps catalog build: files that do not parse (docs/SPEC.md rule malformed-files)', () => {
  const files = {
    'good/Kptfile': kptfileText('good'),
    'good/crd.yaml': crdText('good.example.io', 'Thing', 'things', [['v1', true]]),
    'good/broken.yaml': `${crdText('bad.example.io', 'Widget', 'widgets', [['v1', true]])}  extra: [\n`,
    'vanishing/Kptfile': 'apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata: [\n',
    'vanishing/crd.yaml': crdText('vanishing.example.io', 'Gadget', 'gadgets', [['v1', true]]),
  };
  const dir = join(scratch, 'malformed');
  write(dir, files);
  git(dir, ['init', '--quiet', '--initial-branch', 'main']);
  git(dir, ['add', '--all']);
  git(dir, ['commit', '--quiet', '--message', 'malformed files']);
  git(dir, ['tag', 'good/v1']);

  it.each([
    ['a directory', []],
    ['--git', ['--git']],
  ])('reading %s: a file that does not parse is a warning, not used; a broken Kptfile an error', (_, flags) => {
    const run = pkgdeps(['catalog', 'build', dir, ...flags]);
    expect(run.status).toBe(1);
    const git = flags.length > 0;
    const revisions = ['catalog/good@main(main) Thing:v1 -> ', ...(git ? ['catalog/good@1(v1) Thing:v1 -> '] : [])];
    expect(summary(packagesOf(run.stdout))).toEqual(revisions);
    const lines = run.stderr.split('\n').filter((line) => line.startsWith('  '));
    const warning = (where: string) =>
      expect.stringMatching(
        new RegExp(`^  warning: ${where}good/broken.yaml: document 0 is not valid YAML: .* at line 12, column 1; the`),
      );
    const warnings = [warning(''), ...(git ? [warning('tag good/v1: ')] : [])];
    expect(lines.filter((line) => line.includes('good/broken.yaml'))).toEqual(warnings);
    expect(lines.filter((line) => line.includes('vanishing/Kptfile'))).toEqual([
      expect.stringMatching(/^ {2}error: vanishing\/Kptfile: document 0 is not valid YAML: .*; the package it/),
    ]);
  });
});
