import { InputError, formatResourceList, parseResourceList } from './resource-list.js';
import type { ResourceList } from './resource-list.js';
import { exitCodeFor, sortResults } from './result.js';
import type { Result } from './types.js';

/**
 * A function's whole logic: edits the items of the list in place and returns its results.
 * Pure: no stdin, stdout, files, network or environment; problems are results, not throws.
 */
export type Processor = (list: ResourceList) => Result[];

export interface Output {
  stdout: string;
  stderr: string;
  exitCode: number;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs a processor on ResourceList text (SPEC section 7). Input that is not a ResourceList
 * gives one stderr line, no stdout and exit 1. A processor that throws (a bug) gives the
 * input back unchanged with an error result, so kpt never writes a half-edited package.
 */
export function processText(text: string, processor: Processor, name: string): Output {
  let list: ResourceList;
  try {
    list = parseResourceList(text);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { stdout: '', stderr: `${name}: ${error.message}\n`, exitCode: 1 };
  }
  let results: Result[];
  try {
    results = sortResults(processor(list));
  } catch (error) {
    list = parseResourceList(text);
    results = [{ message: `${name} stopped on an internal error, nothing was changed: ${messageOf(error)}`, severity: 'error' }];
  }
  return { stdout: formatResourceList(list, results), stderr: '', exitCode: exitCodeFor(results) };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The entry point of a function executable: stdin to stdout, exit code set. */
export async function runFunction(processor: Processor, name: string): Promise<void> {
  if (process.stdin.isTTY === true) {
    process.stderr.write(`${name}: reads a ResourceList on stdin; run it with kpt: kpt fn eval PKG --exec <path to ${name}.js>\n`);
    process.exitCode = 1;
    return;
  }
  const output = processText(await readStdin(), processor, name);
  process.stdout.write(output.stdout);
  process.stderr.write(output.stderr);
  process.exitCode = output.exitCode;
}
