import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * The pkgdeps command. Each command's code is loaded when it runs (the build splits them into
 * chunks): `pkgdeps fn <name>`, what Porch runs through the image, loads nothing but the
 * function's own bundle, dist/functions/<name>.js, so that it starts as fast as that file.
 */

const FUNCTIONS_DIR = new URL('./functions/', import.meta.url);
/** The example package `pkgdeps demo` resolves without a directory (examples/ next to dist/). */
const BUNDLED_EXAMPLE = new URL('../examples/resolve-dependencies-edge-app', import.meta.url);

/** The built functions next to this file (dist/functions/<name>.js). */
function functionNames(): string[] {
  try {
    return readdirSync(FUNCTIONS_DIR).filter((file) => file.endsWith('.js')).map((file) => file.slice(0, -3)).sort();
  } catch {
    return [];
  }
}

const usage = (): string => `usage: pkgdeps <command>

commands:
  fn <name>      run a function: reads a ResourceList on stdin, writes one on stdout
                 (functions: ${functionNames().join(', ')})
  demo [DIR]     resolve an example package (default: the bundled example), show its dependencies
                 and the PackageVariants emit-package-variants would add
  catalog build DIR [--repo NAME=SUBDIR]... [--revision R] [--git] [-o FILE]
  catalog from-cluster [--kubeconfig F] [--context C] [--namespace N] [--target NAME] [-o FILE]
                 build the catalog ConfigMap from blueprint packages or a Porch cluster (pkgdeps catalog help: all options)
  why PKG_DIR --catalog FILE [--target T] [--preference GROUP[/Kind]=REPO/PKG]...
                 explain each dependency of a package (the resources that need it, the candidates,
                 the rules that chose it) and, for each API without a provider, which filter emptied the list
  graph --catalog FILE [--target T] [--format dot|mermaid]
                 the catalog's dependency graph (Graphviz DOT or Mermaid), installed packages marked
  help           show this text`;

/**
 * Runs the function's bundle, which reads stdin, writes stdout and sets the exit code itself;
 * undefined then. 2 for a name that is not a built function.
 */
function runFunctionFile(rest: string[]): number | undefined {
  const names = functionNames();
  const [name] = rest;
  if (name === undefined || !names.includes(name) || rest.length > 1) {
    process.stderr.write(`pkgdeps fn: expected one function name out of ${names.join(', ')}, got ${rest.length === 0 ? 'none' : `"${rest.join(' ')}"`}\n`);
    return 2;
  }
  // require, not import(): Node's ES module loader would first scan the CommonJS bundle for its exports.
  createRequire(import.meta.url)(fileURLToPath(new URL(`${name}.js`, FUNCTIONS_DIR)));
  return undefined;
}

async function main(argv: string[]): Promise<number | undefined> {
  const [command, ...rest] = argv;
  if (command === 'fn') return runFunctionFile(rest);
  if (command === 'demo') return (await import('./demo.js')).runDemo(rest[0] ?? fileURLToPath(BUNDLED_EXAMPLE));
  if (command === 'catalog') return (await import('./catalog.js')).runCatalog(rest);
  if (command === 'why' || command === 'graph') {
    const { print } = await import('../src/explain/io.js');
    return print(command === 'why' ? (await import('./why.js')).why(rest) : (await import('./graph.js')).graph(rest));
  }
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  process.stderr.write(`pkgdeps: unknown command ${command === undefined ? '(none)' : `"${command}"`}\n${usage()}\n`);
  return 2;
}

const code = await main(process.argv.slice(2));
if (code !== undefined) process.exitCode = code;
