import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/kpt.js';

/**
 * What a built function does around its processor, seen from outside: its entry
 * (scripts/function-entry.cjs) keeps V8's young generation at its initial size and its old
 * generation growing by at most twice what is alive, and runFunction
 * (src/krm/run.ts) writes large output in slices without breaking a character and without joining
 * it into one string, and reads stdin as text (its bytes dropped once decoded) saying where bytes
 * are not UTF-8.
 */

const scratch = mkdtempSync(join(tmpdir(), 'pkgdeps-flags-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('a built function', () => {
  it('sets --semi-space-growth-factor=1, --heap-growing-percent=100 (and code cache checksums) when it starts', () => {
    const preload = join(scratch, 'watch-flags.cjs');
    writeFileSync(
      preload,
      "const v8 = require('node:v8');\nconst set = v8.setFlagsFromString;\nv8.setFlagsFromString = (flags) => { process.stderr.write(`flags: ${flags}\\n`); set(flags); };\n",
    );
    const input =
      'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n';
    const ran = spawnSync(
      process.execPath,
      ['-r', preload, join(repoRoot, 'dist', 'functions', 'validate-upgrade.js')],
      { input, encoding: 'utf8' },
    );
    expect(ran.stderr).toBe(
      'flags: --semi-space-growth-factor=1 --heap-growing-percent=100 --verify-snapshot-checksum\n',
    );
    expect(ran.stdout).toMatch(
      /^apiVersion: config\.kubernetes\.io\/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n/,
    );
  });

  it('writes a character that straddles a 1 MiB slice of its output whole', () => {
    const head =
      'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n  data:\n    big: "';
    // Unchanged items print as their input text: the emoji's first half ends the first slice.
    const input = `${head}${'a'.repeat((1 << 20) - 1 - head.length)}\u{1F600}"\n`;
    expect(input.charCodeAt((1 << 20) - 1)).toBe(0xd83d);
    const ran = spawnSync(process.execPath, [join(repoRoot, 'dist', 'functions', 'validate-upgrade.js')], {
      input,
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    expect(ran.stdout.startsWith(input)).toBe(true);
    expect(ran.stdout).not.toContain('\ufffd');
  });

  it('writes its output without holding it whole beside the input', () => {
    // At its first write to stdout, the function's heap (after a full collection) holds the input once:
    // the output, 200 unchanged items of 40 KiB, is written as the items' input text, part by part.
    const preload = join(scratch, 'heap-at-write.cjs');
    writeFileSync(
      preload,
      [
        "const fs = require('node:fs');",
        'const write = fs.writeSync;',
        'let heap;',
        'fs.writeSync = function (fd, ...rest) {',
        '  if (fd === 1 && heap === undefined) { global.gc(); heap = process.memoryUsage().heapUsed; }',
        '  return write.call(this, fd, ...rest);',
        '};',
        "process.on('exit', () => process.stderr.write(`heap: ${heap}\\n`));",
        '',
      ].join('\n'),
    );
    const head = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
    const item = (i: number, size: number): string =>
      `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c${i}\n  data:\n    big: "${'a'.repeat(size)}"\n`;
    const heapAtWrite = (input: string): number => {
      const ran = spawnSync(
        process.execPath,
        ['--expose-gc', '-r', preload, join(repoRoot, 'dist', 'functions', 'validate-upgrade.js')],
        { input, encoding: 'utf8', maxBuffer: 1 << 25 },
      );
      expect(ran.stdout.startsWith(input)).toBe(true);
      return Number(/^heap: (\d+)$/m.exec(ran.stderr)?.[1]);
    };
    const large = head + Array.from({ length: 200 }, (_, i) => item(i, 40 << 10)).join('');
    const small = head + Array.from({ length: 200 }, (_, i) => item(i, 10)).join('');
    // Joined into one string first, the output would be a second copy: twice the input.
    expect(heapAtWrite(large) - heapAtWrite(small)).toBeLessThan(1.4 * large.length);
  });

  it('writes multi-byte characters across the buffer it encodes its output into', () => {
    const head = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
    const chars = ['a', '\u00e9', '\u20ac', '\u{1F600}'];
    // Items of every length between 1 and 3 encoded bytes per character, so that parts end anywhere in a MiB.
    const items = Array.from({ length: 400 }, (_, i) => {
      const text = Array.from({ length: 1000 + i * 7 }, (_, j) => chars[(i + j) % chars.length]).join('');
      return `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c${i}\n  data:\n    text: "${text}"\n`;
    });
    const input = head + items.join('');
    const ran = spawnSync(process.execPath, [join(repoRoot, 'dist', 'functions', 'validate-upgrade.js')], {
      input,
      encoding: 'utf8',
      maxBuffer: 1 << 25,
    });
    expect(ran.stdout.startsWith(input)).toBe(true);
  });

  it('reads U+FFFD written in UTF-8 as text, and says where other bytes are not UTF-8', () => {
    const fn = join(repoRoot, 'dist', 'functions', 'validate-upgrade.js');
    const head =
      'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n';
    const valid = spawnSync(process.execPath, [fn], { input: `${head}  metadata:\n    name: "\ufffd"\n` });
    expect(valid.stdout.toString('utf8')).toContain('    name: "\ufffd"\n');
    const invalid = Buffer.concat([
      Buffer.from(`${head}  metadata:\n    name: "`),
      Buffer.from([0xe9]),
      Buffer.from('"\n'),
    ]);
    const refused = spawnSync(process.execPath, [fn], { input: invalid, encoding: 'utf8' });
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe('validate-upgrade: input is not valid UTF-8 at line 7, column 12 (byte 0xe9)\n');
  });
});
