import { fstatSync, readFileSync, writeSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { InputError, formatResourceList, parseResourceList } from './resource-list.js';
import type { ParseOptions, ResourceList } from './resource-list.js';
import { errorSummary, exitCodeFor, makeResult, sortResults } from './result.js';
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
  /** The results written in stdout's ResourceList (none when the input was not one). */
  results: Result[];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Stdin bytes as text. Invalid UTF-8 is an {@link InputError} naming where it is: decoded
 * leniently, it would be written back as U+FFFD and change the user's files.
 */
function decodeInput(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (!text.includes('\ufffd')) return text;
  let offset = 0;
  let line = 1;
  let column = 1;
  for (const char of text) {
    if (char === '\ufffd' && !(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) {
      const byte = (bytes[offset] ?? 0).toString(16).padStart(2, '0');
      throw new InputError(`input is not valid UTF-8 at line ${line}, column ${column} (byte 0x${byte})`);
    }
    offset += Buffer.byteLength(char);
    if (char === '\n') [line, column] = [line + 1, 1];
    else column += 1;
  }
  return text;
}

/**
 * Runs a processor on ResourceList text or stdin bytes (docs/SPEC.md section 7). Input that is not a
 * ResourceList gives one stderr line, no stdout and exit 1. A processor that throws (a bug)
 * gives the input back unchanged with an error result, so kpt never writes a half-edited package.
 */
export function processText(
  input: string | Uint8Array,
  processor: Processor,
  name: string,
  options: ParseOptions = {},
): Output {
  let text: string;
  let list: ResourceList;
  try {
    text = typeof input === 'string' ? input : decodeInput(input);
    list = parseResourceList(text, options);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { stdout: '', stderr: `${name}: ${error.message}\n`, exitCode: 1, results: [] };
  }
  try {
    const results = sortResults(processor(list));
    // Printing is inside: an edit yaml cannot print (an alias whose anchor went) is a crash too.
    return { stdout: formatResourceList(list, results), stderr: '', exitCode: exitCodeFor(results), results };
  } catch (error) {
    const message =
      error instanceof InputError
        ? `${messageOf(error)}; nothing was changed`
        : `${name} stopped on an internal error, nothing was changed: ${messageOf(error)}`;
    const results: Result[] = [
      makeResult('error', error instanceof InputError ? 'invalid-input' : 'internal-error', message),
    ];
    const stdout = formatResourceList(parseResourceList(text, options), results);
    return { stdout, stderr: '', exitCode: exitCodeFor(results), results };
  }
}

/**
 * All of stdin. Read with one blocking call, as kpt and Porch pass a pipe or a file: setting up
 * `process.stdin` costs a twentieth of a run's start-up. Only stdin: functions read no file. A
 * descriptor that is non-blocking (EAGAIN) is read as a stream.
 */
async function readStdin(): Promise<Buffer> {
  try {
    return readFileSync(0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Stdin as text, or as its bytes when the text holds U+FFFD (processText then says where they are not
 * UTF-8). The bytes of any other input are not kept for the call: as large as the input, they are
 * garbage once decoded, and kept they would add the size of the input to the peak memory.
 */
async function readInput(): Promise<string | Buffer> {
  const bytes = await readStdin();
  const text = bytes.toString('utf8');
  return text.includes('\ufffd') ? bytes : text;
}

const WRITE_SLICE = 1 << 20;

/**
 * Writes all of `text` to stdout (1) or stderr (2) with blocking calls, which, like reading,
 * spare setting up `process.stdout`. What a non-blocking descriptor does not take at once
 * (EAGAIN) goes through the stream.
 */
function writeAll(fd: 1 | 2, text: string): void {
  // In slices, so that the encoded copy of a large output is never held whole; a slice never
  // ends between the two halves of a surrogate pair, which would each be encoded as U+FFFD.
  for (let start = 0; start < text.length;) {
    let end = Math.min(start + WRITE_SLICE, text.length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    const bytes = Buffer.from(text.slice(start, end));
    let offset = 0;
    try {
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      const stream = fd === 1 ? process.stdout : process.stderr;
      stream.write(bytes.subarray(offset));
      stream.write(text.slice(end));
      return;
    }
    start = end;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Whether stdin is a terminal (checked without `process.stdin` for anything but a character device). */
function stdinIsTerminal(): boolean {
  try {
    return fstatSync(0).isCharacterDevice() && process.stdin.isTTY === true;
  } catch {
    return false;
  }
}

/** How `pkgdeps fn` runs a function; a function executable run by kpt or Porch takes none of these. */
export interface RunOptions {
  /** The function config as `kpt fn eval -- KEY=VALUE` gives it: a ConfigMap with this `data`, replacing the input's */
  configData?: Record<string, string>;
  /** Also write the error results to stderr, one line each (a terminal shows no ResourceList results). */
  summary?: boolean;
}

/** The processor run with a ConfigMap of `data` as its function config, as kpt makes one of `-- KEY=VALUE`. */
function withConfig(processor: Processor, data: Record<string, string> | undefined): Processor {
  if (data === undefined) return processor;
  return (list) => {
    const metadata = { name: 'function-input', annotations: { 'config.kubernetes.io/local-config': 'true' } };
    list.functionConfig = list.doc.createNode({ apiVersion: 'v1', kind: 'ConfigMap', metadata, data });
    return processor(list);
  };
}

/**
 * The entry point of a function executable: stdin to stdout, exit code set.
 *
 * A call is a short process that allocates fast: V8 would double its young generation again
 * and again (up to 16 MiB per semi-space), which is most of the memory of a small call and a
 * sixth of a large one. Kept at its initial size (growth factor 1, a flag V8 reads each time
 * it would grow it), peak memory drops by 12-17% at no cost in time (README, Performance).
 */
export async function runFunction(processor: Processor, name: string, options: RunOptions = {}): Promise<void> {
  setFlagsFromString('--semi-space-growth-factor=1');
  if (stdinIsTerminal()) {
    process.stderr.write(
      `${name}: reads a ResourceList on stdin; run it with kpt: kpt fn eval PKG --exec <path to ${name}.js>\n`,
    );
    process.exitCode = 1;
    return;
  }
  // The yaml parser prints its tokens to stdout when these are set, which would corrupt the output.
  for (const debug of ['LOG_TOKENS', 'LOG_STREAM']) delete process.env[debug];
  const output = processText(await readInput(), withConfig(processor, options.configData), name);
  writeAll(1, output.stdout);
  writeAll(2, options.summary === true ? output.stderr + errorSummary(name, output.results) : output.stderr);
  process.exitCode = output.exitCode;
}
