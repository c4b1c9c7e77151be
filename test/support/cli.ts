import { runCommand } from '../../cli/command.js';
import type { Command } from '../../cli/command.js';

/** What a command wrote and returned, run in-process as the pkgdeps entry point runs it. */
export interface CliRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export async function runCli(command: Command, args: string[], width?: number): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (text: string) => void (stdout += text),
    stderr: (text: string) => void (stderr += text),
    ...(width === undefined ? {} : { width }),
  };
  const exitCode = await runCommand(command, args, io);
  return { stdout, stderr, exitCode };
}
