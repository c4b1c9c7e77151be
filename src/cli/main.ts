import { runFunction } from '../krm/index.js';
import { functions } from './functions.js';
import { runDemo } from './demo.js';
import { runCatalog } from './catalog.js';
import { print } from '../explain/io.js';
import { why } from './why.js';
import { graph } from './graph.js';

const usage = `usage: pkgdeps <command>

commands:
  fn <name>      run a function: reads a ResourceList on stdin, writes one on stdout
                 (functions: ${Object.keys(functions).sort().join(', ')})
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

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'fn') {
    const name = rest[0];
    const processor = name === undefined ? undefined : functions[name];
    if (name === undefined || processor === undefined || rest.length > 1) {
      process.stderr.write(`pkgdeps fn: expected one function name out of ${Object.keys(functions).sort().join(', ')}, got ${rest.length === 0 ? 'none' : `"${rest.join(' ')}"`}\n`);
      return 2;
    }
    await runFunction(processor, name);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  }
  if (command === 'demo') return runDemo(rest[0]);
  if (command === 'catalog') return runCatalog(rest);
  if (command === 'why') return print(why(rest));
  if (command === 'graph') return print(graph(rest));
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  process.stderr.write(`pkgdeps: unknown command ${command === undefined ? '(none)' : `"${command}"`}\n${usage}\n`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
