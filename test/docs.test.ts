import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { locateKpt, repoRoot } from './support/kpt.js';

/**
 * The commands the READMEs show on the bundled examples run as written, in a copy of the
 * repository's examples/ and dist/, and leave every file of the examples as it was: a reader
 * who follows the README does not damage the checkout. Commands with placeholders
 * (PKG, CHECKOUT, my-package, ...) are templates and are not run.
 */

const docs = [
  'README.md',
  ...readdirSync(join(repoRoot, 'functions')).map((name) => `functions/${name}/README.md`),
].filter((file) => existsSync(join(repoRoot, file)));

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

/** The exit codes a command may end with: 0, or what the example it names is expected to give. */
function allowedExits(command: string): number[] {
  const named = /examples\/([\w-]+)/.exec(command)?.[1];
  const config = named === undefined ? undefined : join(repoRoot, 'examples', named, '.expected', 'config.yaml');
  if (config === undefined || !existsSync(config)) return [0];
  const { exitCode = 0 } = (parse(readFileSync(config, 'utf8')) ?? {}) as { exitCode?: number };
  return [...new Set([0, exitCode])];
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
  it('each show a command this test runs', () => {
    expect(docs.filter((file) => !cases.some((found) => found.file === file))).toEqual([]);
  });

  it.runIf(kpt.found).each(cases)('$file: $command', ({ command }) => {
    const shell = command.replace(/^pkgdeps /, 'node dist/cli.js ');
    const run = spawnSync('bash', ['-c', shell], { cwd: copy, encoding: 'utf8', timeout: 60_000 });
    expect(allowedExits(command), run.stderr).toContain(run.status);
    expect(run.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
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
