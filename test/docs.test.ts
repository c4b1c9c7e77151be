import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { locateKpt, repoRoot } from './support/kpt.js';

/**
 * The commands the READMEs (README.md, each function's, each example's) show on the bundled
 * examples run as written, in a copy of the repository's examples/ and dist/, and leave every
 * file of the examples as it was: a reader who follows the README does not damage the
 * checkout. Commands with placeholders (PKG, CHECKOUT, my-package, ...) are templates and are
 * not run. Every example has a README that runs it.
 */

const examples = readdirSync(join(repoRoot, 'examples'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const docs = [
  'README.md',
  ...readdirSync(join(repoRoot, 'functions')).map((name) => `functions/${name}/README.md`),
  ...examples.map((name) => `examples/${name}/README.md`),
].filter((file) => existsSync(join(repoRoot, file)));

/** Fenced blocks in a shell language other than `shell`, whose commands this test would not see. */
function unreadShellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```(sh|bash|zsh|console|shell-session)$/gm)].map((block) => block[0]);
}

/** Shell commands of ```shell blocks (continuations joined, comments dropped) and `$ ` lines of ```text blocks. */
function commandsOf(markdown: string): string[] {
  const commands: string[] = [];
  for (const block of markdown.matchAll(/^```(shell|text)\n([\s\S]*?)^```$/gm)) {
    const [, kind, body = ''] = block;
    const lines = body.replace(/\\\n\s*/g, ' ').split('\n');
    for (const line of lines) {
      if (kind === 'text' && !line.startsWith('$ ')) continue;
      const command = line
        .replace(/^\$ /, '')
        .replace(/\s+#\s.*$/, '')
        .trim();
      if (command !== '' && !command.startsWith('#')) commands.push(command);
    }
  }
  return commands;
}

/** A command that runs on what the repository holds: pkgdeps, or kpt on an example, without placeholders. */
function runnable(command: string): boolean {
  const ours = /^(pkgdeps|node dist\/cli\.js) /.test(command) || /^kpt fn (eval|render) examples\//.test(command);
  const placeholder = /\b(PKG|PKG_DIR|CHECKOUT|CATALOG_PKG|DIR|FILE|NAME|my-package)\b|\[|\.\.\./.test(command);
  return ours && !placeholder;
}

/** The example a command runs on, by its first `examples/<name>` path. */
function exampleOf(command: string): string | undefined {
  return /examples\/([\w-]+)/.exec(command)?.[1];
}

function expectedDir(example: string | undefined): string | undefined {
  const dir = example === undefined ? undefined : join(repoRoot, 'examples', example, '.expected');
  return dir !== undefined && existsSync(join(dir, 'config.yaml')) ? dir : undefined;
}

function expectedExit(dir: string): number {
  const { exitCode = 0 } = (parse(readFileSync(join(dir, 'config.yaml'), 'utf8')) ?? {}) as { exitCode?: number };
  return exitCode;
}

/** The exit codes a command may end with: 0, or what the example it names is expected to give. */
function allowedExits(command: string): number[] {
  const dir = expectedDir(exampleOf(command));
  return dir === undefined ? [0] : [...new Set([0, expectedExit(dir)])];
}

/** The messages of the results an example's `.expected/results.yaml` holds. */
function expectedMessages(dir: string): string[] {
  const file = join(dir, 'results.yaml');
  if (!existsSync(file)) return [];
  const { items = [] } = (parse(readFileSync(file, 'utf8')) ?? {}) as { items?: { results?: { message: string }[] }[] };
  return items.flatMap((item) => (item.results ?? []).map((result) => result.message));
}

function files(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else found.set(relative(dir, path), readFileSync(path, 'latin1'));
    }
  };
  walk(dir);
  return found;
}

const copy = mkdtempSync(join(tmpdir(), 'pkgdeps-docs-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));
for (const dir of ['examples', 'dist']) cpSync(join(repoRoot, dir), join(copy, dir), { recursive: true });
cpSync(join(repoRoot, 'package.json'), join(copy, 'package.json'));

const kpt = locateKpt();
const cases = docs.flatMap((file) =>
  commandsOf(readFileSync(join(repoRoot, file), 'utf8'))
    .filter(runnable)
    .map((command) => ({ file, command })),
);

describe('the READMEs, followed as written', () => {
  it('exist for every example', () => {
    expect(examples.filter((name) => !existsSync(join(repoRoot, 'examples', name, 'README.md')))).toEqual([]);
  });

  it('write shell commands in ```shell blocks, the ones this test reads', () => {
    const unread = docs.flatMap((file) =>
      unreadShellBlocks(readFileSync(join(repoRoot, file), 'utf8')).map((block) => `${file}: ${block}`),
    );
    expect(unread).toEqual([]);
  });

  it('each show a command this test runs', () => {
    expect(docs.filter((file) => !cases.some((found) => found.file === file))).toEqual([]);
  });

  it("of an example each run that example's own directory", () => {
    const own = (file: string) =>
      cases.some((found) => found.file === file && exampleOf(found.command) === file.split('/')[1]);
    expect(docs.filter((file) => file.startsWith('examples/') && !own(file))).toEqual([]);
  });

  it.runIf(kpt.found).each(cases)('$file: $command', ({ file, command }) => {
    const shell = command.replace(/^pkgdeps /, 'node dist/cli.js ');
    const run = spawnSync('bash', ['-c', shell], { cwd: copy, encoding: 'utf8', timeout: 60_000 });
    expect(allowedExits(command), run.stderr).toContain(run.status);
    expect(run.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    // A failure the example expects comes from a function's error result, not from kpt failing to run
    // it (a mistyped path or function file exits 1 too).
    if (command.startsWith('kpt ') && run.status !== 0) expect(run.stderr).toMatch(/^\s+\[error\] /m);
    // An example's README runs the example as its .expected/ says: the same exit code gives the same results.
    const example = exampleOf(command);
    const dir = expectedDir(example);
    const own = file === `examples/${example}/README.md` && command.startsWith('kpt ');
    if (own && dir !== undefined && run.status === expectedExit(dir)) {
      for (const message of expectedMessages(dir)) expect(run.stderr).toContain(message);
    }
  });

  it.runIf(kpt.found)("README's In a kpt pipeline: the files it shows, with a catalog and resources, render", () => {
    const pkg = join(copy, 'my-package');
    mkdirSync(pkg);
    try {
      const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
      const shown = [...readme.matchAll(/^```yaml\n# my-package\/([\w.-]+)\n([\s\S]*?)^```$/gm)];
      expect(shown.map((block) => block[1])).toEqual([
        'Kptfile',
        'resolve-dependencies.yaml',
        'emit-package-variants.yaml',
      ]);
      for (const [, name = '', body = ''] of shown) writeFileSync(join(pkg, name), body);
      const example = join(repoRoot, 'examples', 'resolve-dependencies-edge-app');
      cpSync(join(example, 'catalog.yaml'), join(pkg, 'package-catalog.yaml'));
      for (const name of ['certificate.yaml', 'ip-pool.yaml']) cpSync(join(example, name), join(pkg, name));
      const run = spawnSync('kpt', ['fn', 'render', 'my-package', '--allow-exec'], { cwd: copy, encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      expect(readFileSync(join(pkg, 'Kptfile'), 'utf8')).toContain(
        'pkgdeps.dev/depends-on: "catalog-distros-sandbox/cert-manager,catalog-distros-sandbox/metallb"',
      );
      expect(readdirSync(join(pkg, 'package-variants'))).toEqual(['edge01-metallb.yaml']);
    } finally {
      rmSync(pkg, { recursive: true, force: true });
    }
  });

  it.runIf(kpt.found)('leave every file of the examples as it was', () => {
    const before = files(join(repoRoot, 'examples'));
    const after = files(join(copy, 'examples'));
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
      (path) => before.get(path) !== after.get(path),
    );
    expect(changed).toEqual([]);
  });
});
