import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/kpt.js';

/**
 * runFunction keeps V8's young generation at its initial size (src/krm/run.ts): the built
 * function sets the flag before reading stdin, and still answers as usual with it set.
 */

const scratch = mkdtempSync(join(tmpdir(), 'pkgdeps-flags-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('a built function', () => {
  it('sets --semi-space-growth-factor=1 when it starts, and runs with it', () => {
    const preload = join(scratch, 'watch-flags.cjs');
    writeFileSync(
      preload,
      "const v8 = require('node:v8');\nconst set = v8.setFlagsFromString;\nv8.setFlagsFromString = (flags) => { process.stderr.write(`flags: ${flags}\\n`); set(flags); };\n",
    );
    const input = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n';
    const ran = spawnSync(process.execPath, ['-r', preload, join(repoRoot, 'dist', 'functions', 'validate-upgrade.js')], { input, encoding: 'utf8' });
    expect(ran.stderr).toBe('flags: --semi-space-growth-factor=1\n');
    expect(ran.stdout).toMatch(/^apiVersion: config\.kubernetes\.io\/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n/);
  });
});
