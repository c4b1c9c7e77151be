import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/kpt.js';

/**
 * The peak memory of a built function on the benchmark's largest workload (bench/generate.mjs: 10,000
 * resources and the hand-written 1,000-package catalog, 8.4 MiB), each run as its own process as Porch runs it.
 * `npm run bench` holds it to 3x the input + 80 MiB (105 MiB); this bound is looser, so that a busy or
 * different machine does not fail it, and still well under what a call took before its input was kept once,
 * its catalog read line by line and its heap kept growing by at most twice what is alive (145-155 MiB).
 * The peak resident set (VmHWM) is read by the process itself as it exits, from Linux's /proc. Stdin is the
 * workload's file, as `npm run bench` gives it, or a pipe, as kpt and Porch give it.
 */

const BOUND_MIB = 120;
const scratch = mkdtempSync(join(tmpdir(), 'pkgdeps-peak-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const linux = existsSync('/proc/self/status');

/** Where the workload of `kind` is, made on first use. */
function workload(kind: string): string {
  const input = join(scratch, `${kind}.yaml`);
  if (existsSync(input)) return input;
  const generate = `import { resourceList } from ${JSON.stringify(join(repoRoot, 'bench', 'generate.mjs'))};
import { writeFileSync } from 'node:fs';
writeFileSync(${JSON.stringify(input)}, resourceList({ resources: 10000, packages: 1000, kind: ${JSON.stringify(kind)} }));`;
  const made = spawnSync(process.execPath, ['--input-type=module', '-e', generate], { encoding: 'utf8' });
  expect(made.stderr).toBe('');
  return input;
}

/** The peak resident set of `fn` run on the workload of `kind`, on stdin as a file or (`pipe`) through a pipe. */
function peakMiB(fn: string, kind: string, pipe = false): { mib: number; status: number | null } {
  const input = workload(kind);
  const preload = join(scratch, 'peak.cjs');
  writeFileSync(
    preload,
    "process.on('exit', () => process.stderr.write(`VmHWM ${/^VmHWM:\\s+(\\d+) kB/m.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'))[1]}\\n`));\n",
  );
  const ran = spawnSync(
    'sh',
    [
      '-c',
      pipe ? `cat "$3" | "$0" -r "$1" "$2" > /dev/null` : `exec "$0" -r "$1" "$2" < "$3" > /dev/null`,
      process.execPath,
      preload,
      join(repoRoot, 'dist', 'functions', `${fn}.js`),
      input,
    ],
    { encoding: 'utf8' },
  );
  const kib = Number(/^VmHWM (\d+)$/m.exec(ran.stderr)?.[1]);
  return { mib: kib / 1024, status: ran.status };
}

describe.runIf(linux)('peak memory at 10,000 resources with the 1,000-package catalog', () => {
  it(`resolve-dependencies stays under ${BOUND_MIB} MiB`, () => {
    const { mib, status } = peakMiB('resolve-dependencies', 'ResolveDependencies');
    expect(status).toBe(0);
    expect(mib).toBeGreaterThan(40);
    expect(mib).toBeLessThan(BOUND_MIB);
  });

  it(`emit-package-variants stays under ${BOUND_MIB} MiB`, () => {
    const { mib, status } = peakMiB('emit-package-variants', 'EmitPackageVariants');
    expect(status).toBe(0);
    expect(mib).toBeGreaterThan(40);
    expect(mib).toBeLessThan(BOUND_MIB);
  });

  it('reads stdin through a pipe, as kpt and Porch pass it, in about the memory of a file', () => {
    const file = peakMiB('resolve-dependencies', 'ResolveDependencies');
    const pipe = peakMiB('resolve-dependencies', 'ResolveDependencies', true);
    expect(pipe.status).toBe(0);
    // Read as Node reads a pipe, in 64 KiB buffers the C allocator keeps, it took 7-9 MiB more.
    expect(pipe.mib - file.mib).toBeLessThan(4);
  });
});
