import { runFunction } from '../krm/index.js';
import { functions } from './functions.js';
import { runDemo } from './demo.js';

const usage = `usage: pkgdeps <command>

commands:
  fn <name>      run a function: reads a ResourceList on stdin, writes one on stdout
                 (functions: ${Object.keys(functions).sort().join(', ')})
  demo [DIR]     resolve an example package (default: the bundled example) and show its dependencies
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
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  process.stderr.write(`pkgdeps: unknown command ${command === undefined ? '(none)' : `"${command}"`}\n${usage}\n`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
