import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readPackagesText } from '../support/catalog-data.js';
import { locateKpt, repoRoot } from '../support/kpt.js';
import { crdText, resourceText } from '../catalog-build/helpers.js';
import { kptfileText } from '../support/resource-list.js';

/** The pkgdeps command as a user meets it: help, version, usage errors and failures, through dist/cli.js. */

const cli = join(repoRoot, 'dist', 'cli.js');
const scratch = mkdtempSync(join(tmpdir(), 'pkgdeps-commands-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const example = join(repoRoot, 'examples', 'resolve-dependencies-edge-app');
const exampleCatalog = join(example, 'catalog.yaml');

function pkgdeps(args: string[], input = '') {
  const result = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    input,
    cwd: scratch,
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function write(root: string, files: Record<string, string>): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const commands = [['fn'], ['demo'], ['catalog', 'build'], ['catalog', 'from-cluster'], ['why'], ['graph']];

describe('help and version', () => {
  it('--version prints the version of package.json', () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(pkgdeps(['--version'])).toEqual({ status: 0, stdout: `pkgdeps ${version}\n`, stderr: '' });
  });

  it.each(commands)('%s %s: --help and -h print its help, exit 0', (...words) => {
    for (const flag of ['--help', '-h']) {
      const run = pkgdeps([...words, flag]);
      expect(run.status).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(new RegExp(`^usage: pkgdeps ${words.join(' ')}[ \\n]`));
      expect(run.stdout).toContain('  -h, --help');
    }
    expect(pkgdeps(['help', ...words]).stdout).toBe(pkgdeps([...words, '--help']).stdout);
  });

  it('help lists every command; catalog --help lists its subcommands', () => {
    const help = pkgdeps(['--help']);
    for (const words of commands) expect(help.stdout).toContain(`\n  ${words.join(' ')} `);
    const catalog = pkgdeps(['catalog', '--help']);
    expect(catalog.status).toBe(0);
    expect(catalog.stdout).toContain('  catalog build ');
    expect(catalog.stdout).not.toContain('  why ');
  });

  it('spells a preference --prefer in every command that takes one', () => {
    for (const words of [['catalog', 'build'], ['catalog', 'from-cluster'], ['why']]) {
      const help = pkgdeps([...words, '--help']).stdout;
      expect(help).toContain('--prefer GROUP[/KIND]=REPO/PKG');
      expect(help).not.toContain('--preference');
    }
  });
});

describe('usage errors: one line and the usage line, exit 2; failures: one line, exit 1; never a stack trace', () => {
  const notADir = write(join(scratch, 'file-not-dir'), { 'x.yaml': 'a: 1\n' });
  it.each([
    [['demo', '--colour'], 2, /^pkgdeps demo: unknown option --colour\nusage: pkgdeps demo \[DIR\] \[options\]\n/],
    [['demo', 'a', 'b'], 2, /^pkgdeps demo: expected at most 1 argument \(\[DIR\]\), got "a" "b"\n/],
    [['demo', join(scratch, 'missing-dir')], 1, /^pkgdeps demo: .*missing-dir: no such file or directory\n$/],
    [
      ['why', example, '--catalg', exampleCatalog],
      2,
      /^pkgdeps why: unknown option --catalg \(did you mean --catalog\?\)\n/,
    ],
    [
      ['why', example, '--catalog', join(notADir, 'x.yaml', 'y')],
      1,
      /^pkgdeps why: .*: a part of the path is not a directory\n$/,
    ],
    [['why', example, '--catalog', notADir], 1, /^pkgdeps why: .*file-not-dir: is a directory\n$/],
    [['grpah'], 2, /^pkgdeps: unknown command "grpah" \(did you mean graph\?\); pkgdeps --help lists the commands\n$/],
    [['catalog', 'biuld'], 2, /^pkgdeps catalog: unknown command "biuld" \(did you mean build\?\)\n/],
    [
      ['catalog', 'build', example, '-o', join(scratch, 'no', 'such', 'dir', 'c.yaml')],
      1,
      /^pkgdeps catalog build: .*c\.yaml: no such file or directory\n$/m,
    ],
    [
      ['catalog', 'from-cluster', '--timeout', '9999999999'],
      2,
      /^pkgdeps catalog from-cluster: --timeout needs a positive number of at most 2147483, got "9999999999"\n/,
    ],
    [
      ['fn', 'resolve-dependncies'],
      2,
      /^pkgdeps fn: no function "resolve-dependncies" \(did you mean resolve-dependencies\?\)\n/,
    ],
    [['fn', 'resolve-dependencies', 'target'], 2, /^pkgdeps fn: config arguments are KEY=VALUE, got "target"\n/],
    [['graph', '--catalog'], 2, /^pkgdeps graph: --catalog needs a value \(FILE\)\n/],
  ])('%o: exit %i', (args, status, stderr) => {
    const run = pkgdeps(args);
    expect(run.stderr).toMatch(stderr);
    expect(run.status).toBe(status);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    if (status === 2) expect(run.stderr).toContain('--help');
  });

  it("a usage error shows only that command's usage, not every command", () => {
    const run = pkgdeps(['why', '--nope']);
    expect(run.stderr).not.toContain('catalog build');
    expect(run.stderr.split('\n').length).toBeLessThanOrEqual(4);
  });
});

describe('pkgdeps fn NAME KEY=VALUE...', () => {
  const input = spawnSync('kpt', ['fn', 'source', example], { encoding: 'utf8' });
  const kpt = locateKpt();

  it.runIf(kpt.found)('gives the items kpt fn eval -- KEY=VALUE gives', () => {
    const bundle = join(repoRoot, 'dist', 'functions', 'resolve-dependencies.js');
    const viaKpt = spawnSync('kpt', ['fn', 'eval', example, '-o', 'stdout', '--exec', bundle, '--', 'target=edge01'], {
      encoding: 'utf8',
      cwd: repoRoot,
    });
    expect(viaKpt.status).toBe(0);
    const viaCli = pkgdeps(['fn', 'resolve-dependencies', 'target=edge01'], input.stdout);
    expect(viaCli.status).toBe(0);
    const items = (text: string) => (parse(text) as { items: unknown[] }).items;
    expect(items(viaCli.stdout)).toEqual(items(viaKpt.stdout));
  });

  it('summarises error results on stderr, exit 1', () => {
    const run = pkgdeps(['fn', 'validate-dependencies', 'target=nowhere'], input.stdout);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^apiVersion: config\.kubernetes\.io\/v1\nkind: ResourceList\n/);
    expect(run.stderr).toContain(
      'validate-dependencies: error: package edge-app depends on catalog-distros-sandbox/metallb',
    );
    expect(run.stderr).toMatch(/\nvalidate-dependencies: 2 errors; every result is in the ResourceList on stdout\n$/);
  });

  it('a config value of the wrong form is an error result, as in kpt', () => {
    const run = pkgdeps(['fn', 'resolve-dependencies', 'onUnresolved=sometimes'], input.stdout);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'resolve-dependencies: error: function config ConfigMap/function-input: data.onUnresolved: must be one of',
    );
  });
});

describe('pkgdeps catalog build: what the command line asks for is checked', () => {
  const dir = write(join(scratch, 'blueprints'), {
    'repo/cert-manager/Kptfile': kptfileText('cert-manager'),
    'repo/cert-manager/crd.yaml': crdText('cert-manager.io', 'Certificate', 'certificates', [['v1', true]]),
    'repo/app/Kptfile': kptfileText('app'),
    'repo/app/cert.yaml': resourceText('cert-manager.io/v1', 'Certificate', 'tls'),
  });

  it('warns about a --prefer naming a package the catalog does not hold', () => {
    const run = pkgdeps(['catalog', 'build', dir, '--repo', 'r=repo', '--prefer', 'cert-manager.io=r/nothing']);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(
      'warning: preference for cert-manager.io names r/nothing, which is not in catalog package-catalog',
    );
  });

  it('fails when a --repo directory does not exist', () => {
    const run = pkgdeps(['catalog', 'build', dir, '--repo', 'r=repo', '--repo', 'x=typo']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^pkgdeps catalog build: --repo: directory "typo" of repository x is not a directory under /m,
    );
  });

  /** DIR with a BuildCatalog config (catalog name, one repository entry) and one package under repo/. */
  const configuredPackage = (catalog: string, repository: string, more: string[] = []): Record<string, string> => ({
    'build-catalog.yaml': [
      'apiVersion: fn.pkgdeps.dev/v1alpha1',
      'kind: BuildCatalog',
      'metadata:',
      '  name: build',
      '  annotations:',
      '    config.kubernetes.io/local-config: "true"',
      `catalog: ${catalog}`,
      'repositories:',
      `  - ${repository}`,
      ...more,
      '',
    ].join('\n'),
    'repo/cert-manager/Kptfile': kptfileText('cert-manager'),
    'repo/cert-manager/crd.yaml': crdText('cert-manager.io', 'Certificate', 'certificates', [['v1', true]]),
  });

  it('refuses the catalog name of a BuildCatalog config in DIR as the function does: not a ConfigMap name', () => {
    const configured = write(
      join(scratch, 'bad-name'),
      configuredPackage('Team_Catalog', '{name: team, directory: repo}'),
    );
    const run = pkgdeps(['catalog', 'build', configured]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('catalog: "Team_Catalog" is not a valid ConfigMap name');
  });

  it('refuses the preferences of a BuildCatalog config in DIR as the function does: an API one without group', () => {
    const configured = write(
      join(scratch, 'bad-preference'),
      configuredPackage('team-catalog', '{name: team, directory: repo}', [
        'preferences:',
        '  - {kind: Certificate, repository: team, package: cert-manager}',
      ]),
    );
    const run = pkgdeps(['catalog', 'build', configured]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("preferences[0]: must have required property 'group' or 'object'");
  });

  it('reads a BuildCatalog config in DIR as the function does; --repo overrides its repositories', () => {
    const configured = write(
      join(scratch, 'configured'),
      configuredPackage('team-catalog', '{name: team, directory: repo, revision: "3"}'),
    );
    const run = pkgdeps(['catalog', 'build', configured]);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('using the BuildCatalog config build-catalog.yaml');
    const catalog = parse(run.stdout) as { metadata: { name: string }; data: { packages: string } };
    expect(catalog.metadata.name).toBe('team-catalog');
    expect(readPackagesText(catalog.data.packages)).toMatchObject([
      { repository: 'team', package: 'cert-manager', revisions: [{ revision: '3' }] },
    ]);
    const overridden = parse(pkgdeps(['catalog', 'build', configured, '--repo', 'other=repo']).stdout) as {
      data: { packages: string };
    };
    expect(readPackagesText(overridden.data.packages)).toMatchObject([
      { repository: 'other', package: 'cert-manager', revisions: [{ revision: 'main' }] },
    ]);
  });

  it('ends with the problems grouped by cause and the --prefer flags that settle each ambiguous API, ready to paste', () => {
    const ambiguous = write(join(scratch, 'ambiguous'), {
      'repo/cert-manager/Kptfile': kptfileText('cert-manager'),
      'repo/cert-manager/crd.yaml': crdText('cert-manager.io', 'Certificate', 'certificates', [['v1', true]]),
      'repo/cert-bundle/Kptfile': kptfileText('cert-bundle'),
      'repo/cert-bundle/crd.yaml': crdText('cert-manager.io', 'Certificate', 'certificates', [['v1', true]]),
      'repo/app/Kptfile': kptfileText('app'),
      'repo/app/cert.yaml': resourceText('cert-manager.io/v1', 'Certificate', 'tls'),
      'repo/app/backup.yaml': resourceText('backup.example.com/v1', 'Schedule', 'nightly'),
    });
    const run = pkgdeps(['catalog', 'build', ambiguous, '--repo', 'r=repo']);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('pkgdeps catalog build: by cause: 1 ambiguous-api, 1 unresolved-api\n');
    const flags =
      '--prefer cert-manager.io/Certificate=r/cert-bundle   or   --prefer cert-manager.io/Certificate=r/cert-manager';
    expect(run.stderr).toContain(`ambiguous APIs, rerun with one flag of each line:\n  ${flags}\n`);
    const pasted = flags.split('   or   ')[0]?.split(' ') ?? [];
    const settled = pkgdeps(['catalog', 'build', ambiguous, '--repo', 'r=repo', ...pasted]);
    expect(settled.stderr).toContain('pkgdeps catalog build: by cause: 1 unresolved-api\n');
    expect(settled.stderr).not.toContain('--prefer');
    const catalog = parse(settled.stdout) as { data: { packages: string } };
    const app = readPackagesText(catalog.data.packages).find((entry) => entry.package === 'app');
    expect(app?.revisions[0]?.dependsOn).toEqual([{ repository: 'r', package: 'cert-bundle' }]);
  });

  it('--quiet prints only errors and the counts', () => {
    const run = pkgdeps([
      'catalog',
      'build',
      dir,
      '--repo',
      'r=repo',
      '--prefer',
      'cert-manager.io=r/nothing',
      '--quiet',
    ]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('pkgdeps catalog build: 1 warning\n');
  });
});
