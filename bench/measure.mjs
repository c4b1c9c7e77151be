// One process run for `npm run bench`: wall time and peak RSS, stdin from a file, stdout to a file.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { once } from 'node:events';

const GNU_TIME = '/usr/bin/time';
const hasGnuTime = existsSync(GNU_TIME);

/** VmHWM (peak resident set) of a live process in KiB, or 0 once it is gone. */
function highWaterMark(pid) {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? 0 : Number(match[1]);
  } catch {
    return 0;
  }
}

/**
 * Runs `command args` with `inputFile` on stdin and stdout into `outputFile`.
 * Peak RSS comes from GNU time (`%M`, the child's maxrss) when installed, else from polling
 * /proc/<pid>/status every 2 ms (which can miss a peak in the last 2 ms).
 */
export async function measure(command, args, inputFile, outputFile, timeFile) {
  const input = openSync(inputFile, 'r');
  const output = openSync(outputFile, 'w');
  const argv = hasGnuTime ? [GNU_TIME, '-f', '%M', '-o', timeFile, command, ...args] : [command, ...args];
  const start = process.hrtime.bigint();
  const child = spawn(argv[0], argv.slice(1), { stdio: [input, output, 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  let peakKiB = 0;
  const poll = hasGnuTime ? undefined : setInterval(() => (peakKiB = Math.max(peakKiB, highWaterMark(child.pid))), 2);
  const [code] = await once(child, 'close');
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  clearInterval(poll);
  closeSync(input);
  closeSync(output);
  if (hasGnuTime) peakKiB = Number(readFileSync(timeFile, 'utf8').trim().split('\n').at(-1));
  return { seconds, rssMiB: peakKiB / 1024, exitCode: code, stderr };
}

export const rssSource = hasGnuTime ? 'GNU time %M' : '/proc/<pid>/status VmHWM, polled every 2 ms';

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
