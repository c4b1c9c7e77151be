import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { byCodePoint } from '../src/krm/compare.js';
import type { RunOptions } from '../src/krm/run.js';
import type { Command, Io } from './command.js';
import { runCommand } from './command.js';
import { helpText, suggestion, UsageError } from './options.js';
import type { CommandSpec } from './options.js';

/**
 * The pkgdeps command. Each command's code is loaded when it runs (the build splits them into
 * chunks): `pkgdeps fn <name>` loads nothing but the function's own bundle,
 * dist/functions/<name>.js, so that it starts as fast as that file.
 */

const FUNCTIONS_DIR = new URL('./functions/', import.meta.url);
/** The example package `pkgdeps demo` resolves without a directory (examples/ next to dist/). */
const BUNDLED_EXAMPLE = new URL('../examples/resolve-dependencies-edge-app', import.meta.url);
const PACKAGE_JSON = new URL('../package.json', import.meta.url);

/** The built functions next to this file (dist/functions/<name>.js). */
function functionNames(): string[] {
  try {
    return readdirSync(FUNCTIONS_DIR)
      .filter((file) => file.endsWith('.js'))
      .map((file) => file.slice(0, -3))
      .sort(byCodePoint);
  } catch {
    return [];
  }
}

const fnSpec = (): CommandSpec => ({
  name: 'fn',
  args: 'NAME [KEY=VALUE]...',
  positionals: { min: 1, max: Infinity },
  about:
    'Runs function NAME: reads a ResourceList on stdin, writes one on stdout (what kpt and Porch do).\n' +
    'KEY=VALUE arguments are its config, as with kpt fn eval ... -- KEY=VALUE; error results are also\n' +
    `summarised on stderr. Functions: ${functionNames().join(', ')}.`,
  options: [],
  more: 'example: kpt fn source my-package | pkgdeps fn resolve-dependencies target=edge01',
});

/** The exported entry of a function bundle (scripts/bundle.mjs). */
interface FunctionBundle {
  run(options?: RunOptions): Promise<void>;
}

const fn: Command = {
  get spec() {
    return fnSpec();
  },
  async run(args) {
    const [name = '', ...pairs] = args.positionals;
    const names = functionNames();
    if (!names.includes(name)) {
      const guess = suggestion(name, names);
      const hint = guess === undefined ? `one of ${names.join(', ')}` : `did you mean ${guess}?`;
      throw new UsageError('fn', `no function "${name}" (${hint})`);
    }
    const configData: Record<string, string> = {};
    for (const pair of pairs) {
      const equals = pair.indexOf('=');
      if (equals <= 0) throw new UsageError('fn', `config arguments are KEY=VALUE, got "${pair}"`);
      configData[pair.slice(0, equals)] = pair.slice(equals + 1);
    }
    // require, not import(): Node's ES module loader would first scan the CommonJS bundle for its exports.
    const bundle = createRequire(import.meta.url)(
      fileURLToPath(new URL(`${name}.js`, FUNCTIONS_DIR)),
    ) as FunctionBundle;
    await bundle.run({ ...(pairs.length === 0 ? {} : { configData }), summary: true });
    return Number(process.exitCode ?? 0);
  },
};

/** Every command: its words after `pkgdeps`, what it does in a line, how to load it. */
const COMMANDS: { name: string; summary: string; load: () => Command | Promise<Command> }[] = [
  { name: 'fn', summary: 'run a function on a ResourceList (stdin to stdout)', load: () => fn },
  {
    name: 'demo',
    summary: 'resolve an example package and show its dependencies',
    load: async () =>
      (await import('./demo.js')).demoCommand(fileURLToPath(BUNDLED_EXAMPLE), fileURLToPath(FUNCTIONS_DIR)),
  },
  {
    name: 'catalog build',
    summary: 'build the catalog ConfigMap from blueprint packages on disk or in git',
    load: async () => (await import('./catalog.js')).catalogBuild,
  },
  {
    name: 'catalog from-cluster',
    summary: 'build the catalog ConfigMap from a cluster running Porch',
    load: async () => (await import('./catalog-from-cluster.js')).catalogFromCluster,
  },
  {
    name: 'why',
    summary: 'explain why a package depends on each package',
    load: async () => (await import('./why.js')).why,
  },
  {
    name: 'graph',
    summary: "the catalog's dependency graph (DOT or Mermaid)",
    load: async () => (await import('./graph.js')).graph,
  },
];

function overview(prefix = ''): string {
  const shown = COMMANDS.filter((command) => command.name.startsWith(prefix));
  const width = Math.max(...shown.map((command) => command.name.length)) + 2;
  const rows = shown.map((command) => `  ${command.name.padEnd(width)}${command.summary}`);
  const what = prefix === '' ? '<command>' : `${prefix.trim()} <command>`;
  return (
    `usage: pkgdeps ${what} [options]\n\ncommands:\n${rows.join('\n')}\n\n` +
    `pkgdeps <command> --help shows a command's options; pkgdeps --version its version.\n`
  );
}

function version(): string {
  return (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;
}

/** The command `argv` names (its words are the longest match) and the arguments after them. */
function find(argv: string[]) {
  const matches = COMMANDS.filter((command) => {
    const words = command.name.split(' ');
    return words.every((word, i) => argv[i] === word);
  });
  const command = matches.sort((a, b) => b.name.length - a.name.length)[0];
  return command === undefined ? undefined : { command, rest: argv.slice(command.name.split(' ').length) };
}

async function main(argv: string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-V') {
    io.stdout(`pkgdeps ${version()}\n`);
    return 0;
  }
  if (first === undefined || first === 'help' || first === '--help' || first === '-h') {
    const asked = rest.length === 0 ? undefined : find(rest);
    if (asked !== undefined) {
      io.stdout(helpText((await asked.command.load()).spec));
      return 0;
    }
    if (rest.length > 0 && !COMMANDS.some((command) => command.name.startsWith(`${rest.join(' ')} `))) {
      io.stderr(`pkgdeps help: no command "${rest.join(' ')}"\n${overview()}`);
      return 2;
    }
    (first === undefined ? io.stderr : io.stdout)(overview(rest.length === 0 ? '' : `${rest.join(' ')} `));
    return first === undefined ? 2 : 0;
  }
  const found = find(argv);
  if (found !== undefined) return runCommand(await found.command.load(), found.rest, io);
  const group = COMMANDS.filter((command) => command.name.startsWith(`${first} `));
  if (group.length > 0) {
    const [sub] = rest;
    if (sub === '--help' || sub === '-h' || sub === 'help') {
      io.stdout(overview(`${first} `));
      return 0;
    }
    const words = group.map((command) => command.name.slice(first.length + 1));
    const guess = sub === undefined ? undefined : suggestion(sub, words);
    const message =
      `${sub === undefined ? 'expected a command' : `unknown command "${sub}"`}` +
      `${guess === undefined ? '' : ` (did you mean ${guess}?)`}`;
    io.stderr(`pkgdeps ${first}: ${message}\n${overview(`${first} `)}`);
    return 2;
  }
  const names = [...new Set(COMMANDS.map((command) => command.name.split(' ')[0] ?? ''))];
  const guess = suggestion(first, names);
  const hint = guess === undefined ? '' : ` (did you mean ${guess}?)`;
  io.stderr(`pkgdeps: unknown command "${first}"${hint}; pkgdeps --help lists the commands\n`);
  return 2;
}

/** Fires on the first SIGTERM or SIGINT; a second one ends the process as usual. */
function stopSignal(): AbortSignal {
  const controller = new AbortController();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => controller.abort(signal));
  return controller.signal;
}

const io: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  ...(process.stderr.isTTY ? { width: process.stderr.columns } : {}),
  stopSignal,
};
process.exitCode = await main(process.argv.slice(2), io);
