import { fstatSync, readFileSync, readSync, writeSync } from 'node:fs';
import { InputError, formatResourceListParts, parseResourceList } from './resource-list.js';
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

/** What a call writes: stdout as consecutive parts (see formatResourceListParts), stderr, the exit code and results. */
interface Printed extends Omit<Output, 'stdout'> {
  stdoutParts: string[];
}

/** {@link processText}, with stdout left in parts for {@link runFunction} to write one by one. */
function processParts(
  input: string | Uint8Array,
  processor: Processor,
  name: string,
  options: ParseOptions = {},
): Printed {
  let text: string;
  let list: ResourceList;
  try {
    text = typeof input === 'string' ? input : decodeInput(input);
    list = parseResourceList(text, options);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { stdoutParts: [], stderr: `${name}: ${error.message}\n`, exitCode: 1, results: [] };
  }
  try {
    const results = sortResults(processor(list));
    // Printing is inside: an edit yaml cannot print (an alias whose anchor went) is a crash too.
    const stdoutParts = formatResourceListParts(list, results);
    return { stdoutParts, stderr: '', exitCode: exitCodeFor(results), results };
  } catch (error) {
    const message =
      error instanceof InputError
        ? `${messageOf(error)}; nothing was changed`
        : `${name} stopped on an internal error, nothing was changed: ${messageOf(error)}`;
    const results: Result[] = [
      makeResult('error', error instanceof InputError ? 'invalid-input' : 'internal-error', message),
    ];
    const stdoutParts = formatResourceListParts(parseResourceList(text, options), results);
    return { stdoutParts, stderr: '', exitCode: exitCodeFor(results), results };
  }
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
  const { stdoutParts, ...printed } = processParts(input, processor, name, options);
  return { stdout: stdoutParts.join(''), ...printed };
}

/** How much of a pipe is read into one buffer: more than Porch passes in a message (6 MiB). */
const PIPE_CHUNK = 16 << 20;

/**
 * All of stdin. Read with blocking calls, as kpt and Porch pass a pipe or a file: setting up
 * `process.stdin` costs a twentieth of a run's start-up. Only stdin: functions read no file. A file
 * is read in one call of its size. A pipe is read into buffers of {@link PIPE_CHUNK} bytes, as many
 * as it fills: Node's own reading of a pipe takes 64 KiB at a time, into buffers the C allocator
 * keeps once they are freed (7-9 MiB more at the peak of an 8 MiB call, README Performance), where
 * a buffer this large is mapped from the system for itself, takes memory only where it is written
 * and is given back when freed. A descriptor that is non-blocking (EAGAIN) is read on as a stream.
 */
async function readStdin(): Promise<Buffer> {
  if (fstatSync(0).isFile()) return readFileSync(0);
  const chunks: Buffer[] = [];
  let chunk = Buffer.allocUnsafeSlow(PIPE_CHUNK);
  let used = 0;
  try {
    for (;;) {
      const read = readSync(0, chunk, used, PIPE_CHUNK - used, null);
      if (read === 0) break;
      used += read;
      if (used === PIPE_CHUNK) {
        chunks.push(chunk);
        [chunk, used] = [Buffer.allocUnsafeSlow(PIPE_CHUNK), 0];
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    chunks.push(chunk.subarray(0, used));
    for await (const more of process.stdin) chunks.push(more as Buffer);
    return Buffer.concat(chunks);
  }
  chunks.push(chunk.subarray(0, used));
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
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
/** The most UTF-16 code units encoded at once: each takes at most 3 bytes of UTF-8 (a surrogate pair 4 for 2). */
const SLICE_UNITS = Math.floor(WRITE_SLICE / 3);

/**
 * Writes `parts`, one after the other, to stdout (1) or stderr (2) with blocking calls, which, like
 * reading, spare setting up `process.stdout`. The parts are encoded into one buffer, reused: neither the
 * whole text nor its encoded copy is ever held at once. What a non-blocking descriptor does not take at
 * once (EAGAIN) goes through the stream, and so does all that follows.
 */
function writeAll(fd: 1 | 2, parts: readonly string[]): void {
  const buffer = Buffer.allocUnsafe(WRITE_SLICE);
  let used = 0;
  let stream: NodeJS.WriteStream | undefined;
  const flush = (): void => {
    const bytes = buffer.subarray(0, used);
    used = 0;
    let offset = 0;
    if (stream === undefined) {
      try {
        while (offset < bytes.length) offset += writeSync(fd, bytes, offset);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
        stream = fd === 1 ? process.stdout : process.stderr;
      }
    }
    // A copy: the buffer is filled again before the stream writes it.
    if (stream !== undefined && offset < bytes.length) stream.write(Buffer.from(bytes.subarray(offset)));
  };
  for (const part of parts) {
    // A slice never ends between the two halves of a surrogate pair, which would each be encoded as U+FFFD.
    for (let start = 0; start < part.length;) {
      let end = Math.min(start + SLICE_UNITS, part.length);
      if (end < part.length && isHighSurrogate(part.charCodeAt(end - 1))) end -= 1;
      if (used + 3 * (end - start) > WRITE_SLICE) flush();
      used += buffer.write(start === 0 && end === part.length ? part : part.slice(start, end), used);
      start = end;
    }
  }
  if (used > 0) flush();
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
 * The entry point of a function executable: stdin to stdout, exit code set. The executable,
 * scripts/function-entry.cjs, sets V8's flags before it compiles the bundle.
 */
export async function runFunction(processor: Processor, name: string, options: RunOptions = {}): Promise<void> {
  if (stdinIsTerminal()) {
    process.stderr.write(
      `${name}: reads a ResourceList on stdin; run it with kpt: kpt fn eval PKG --exec <path to ${name}.js>\n`,
    );
    process.exitCode = 1;
    return;
  }
  // The yaml parser prints its tokens to stdout when these are set, which would corrupt the output.
  for (const debug of ['LOG_TOKENS', 'LOG_STREAM']) delete process.env[debug];
  const output = processParts(await readInput(), withConfig(processor, options.configData), name);
  writeAll(1, output.stdoutParts);
  writeAll(2, [options.summary === true ? output.stderr + errorSummary(name, output.results) : output.stderr]);
  process.exitCode = output.exitCode;
}
