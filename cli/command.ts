import { helpText, parseCommand, usageLine, UsageError } from './options.js';
import type { CommandSpec, ParsedArgs } from './options.js';

/**
 * What every pkgdeps command is: its options ({@link CommandSpec}) and a run that writes
 * through {@link Io} and returns the exit code (0 done, 1 failed). {@link runCommand} is the
 * one place that turns help, usage errors (exit 2) and failures (exit 1) into output, so no
 * command prints a stack trace.
 */
export interface Command {
  spec: CommandSpec;
  run(args: ParsedArgs, io: Io): number | Promise<number>;
}

/** Where a command writes; the entry point passes the process's streams, tests a capture. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Columns of the terminal stderr writes to; undefined when it is not a terminal (lines are written whole). */
  width?: number;
  /**
   * A signal that fires on SIGTERM or SIGINT, its reason the signal's name, for commands that run
   * until stopped; the entry point installs the handlers only when it is asked for, so other
   * commands end on a signal as any process does. Tests pass a signal of their own.
   */
  stopSignal?(): AbortSignal;
}

/** A failure the user can act on (exit 1): printed as `pkgdeps <command>: <message>`. */
export class CommandError extends Error {}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EEXIST: 'already exists',
};

/** One line for any thrown value: `path: reason` for file system errors, else the message's first line. */
export function describeError(error: unknown): string {
  const { code, path } = error as NodeJS.ErrnoException;
  const reason = code === undefined ? undefined : REASONS[code];
  if (reason !== undefined && path !== undefined) return `${path}: ${reason}`;
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? '';
}

/** The usage error text: what is wrong, the usage line, where the options are listed. */
export function usageErrorText(name: string, message: string, usage: string): string {
  return `pkgdeps ${name}: ${message}\n${usage}\n(pkgdeps ${name} --help lists the options)\n`;
}

/** Parses `args` for `command` and runs it; returns the exit code. */
export async function runCommand(command: Command, args: string[], io: Io): Promise<number> {
  const { spec } = command;
  try {
    const parsed = parseCommand(spec, args);
    if (parsed === undefined) {
      io.stdout(helpText(spec));
      return 0;
    }
    return await command.run(parsed, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(usageErrorText(spec.name, error.message, usageLine(spec)));
      return 2;
    }
    io.stderr(`pkgdeps ${spec.name}: ${describeError(error)}\n`);
    // A bug's stack trace only when asked for; users get the one line above.
    if (process.env.PKGDEPS_DEBUG === '1' && error instanceof Error) io.stderr(`${error.stack ?? ''}\n`);
    return 1;
  }
}
