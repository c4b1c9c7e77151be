import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processText } from '../../src/krm/index.js';
import { exampleInputs, scenarioInput } from '../support/arbitraries.js';
import { registeredFunctions } from '../support/invariants.js';
import { repoRoot } from '../support/kpt.js';

/**
 * docs/SPEC.md section 7, "Pure": each built function runs under Node's permission model allowed to
 * read its own file only (no other file, no child process, no worker), gives the output the
 * same code gives in-process, does not change with the environment, and its bundle imports no
 * module that reaches the network, files or other processes.
 */

const functions = await registeredFunctions();
const distDir = join(repoRoot, 'dist', 'functions');
const built = existsSync(distDir) ? readdirSync(distDir).filter((name) => name.endsWith('.js')).sort() : [];
const scratch = mkdtempSync(join(tmpdir(), 'pkgdeps-purity-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

function node(args: string[], stdin: string, env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
  });
}

/** `node` allowed to read `file` only: no other file, no child process, no worker, no addon. */
const confined = (file: string) => ['--experimental-permission', `--allow-fs-read=${file}`, '--no-warnings', file];

it('every function of the registry is built, and nothing else', () => {
  expect(built).toEqual(functions.map((fn) => `${fn.name}.js`));
});

describe('the permission model is in force', () => {
  it('refuses a script reading another file', async () => {
    const script = join(scratch, 'reads.mjs');
    writeFileSync(script, "import { readFileSync } from 'node:fs';\nreadFileSync('/etc/hostname');\n");
    const ran = await node(confined(script), '');
    expect(ran.status).not.toBe(0);
    expect(ran.stderr).toContain('ERR_ACCESS_DENIED');
  });

  it('refuses a script starting a process', async () => {
    const script = join(scratch, 'spawns.mjs');
    writeFileSync(script, "import { spawnSync } from 'node:child_process';\nconst r = spawnSync('true');\nif (r.error) throw r.error;\n");
    const ran = await node(confined(script), '');
    expect(ran.status).not.toBe(0);
    expect(ran.stderr).toContain('ERR_ACCESS_DENIED');
  });
});

const FORBIDDEN = ['fs', 'fs/promises', 'child_process', 'worker_threads', 'cluster', 'net', 'http', 'https', 'http2', 'dns', 'tls', 'dgram', 'inspector', 'vm'];

describe.each(functions)('$name, built', ({ name, processor, spec }) => {
  const file = join(distDir, `${name}.js`);
  const inputs = [
    { name: 'the base package', text: scenarioInput(spec) },
    { name: 'no ResourceList', text: 'kind: [' },
    // Its own examples (`examples/<function>-<case>`): a process per input costs a Node start-up.
    ...exampleInputs(spec)
      .filter((example) => example.name.startsWith(`${name}-`))
      .map((example) => ({ name: `examples/${example.name}`, text: example.text })),
  ];

  it('reads only its own file and starts no process, on the base package, bad input and its examples', async () => {
    const runs = await Promise.all(inputs.map(async ({ name: input, text }) => ({ input, ran: await node(confined(file), text), expected: processText(text, processor, name) })));
    for (const { input, ran, expected } of runs) {
      expect({ input, status: ran.status, stdout: ran.stdout, stderr: ran.stderr }).toEqual({ input, status: expected.exitCode, stdout: expected.stdout, stderr: expected.stderr });
    }
  });

  it('gives the same output whatever the environment', async () => {
    const text = scenarioInput(spec);
    const odd = { LOG_TOKENS: '1', LOG_STREAM: '1', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8', TZ: 'Pacific/Chatham', HOME: '/nonexistent', NODE_OPTIONS: '', KUBECONFIG: '/nonexistent' };
    const [bare, busy] = await Promise.all([node([file], text, {}), node([file], text, odd)]);
    expect(busy).toEqual(bare);
    expect(bare.stdout).toBe(processText(text, processor, name).stdout);
  });

  it('imports no module that reaches files, processes or the network (fs only for stdin, stdout and stderr)', () => {
    const source = readFileSync(file, 'utf8');
    const imported = [...source.matchAll(/(?:from\s*|require\(|import\()\s*["'](?:node:)?([a-z_/]+)["']/g)].map((match) => match[1]);
    expect(imported.filter((module) => module !== 'fs' && FORBIDDEN.includes(module ?? ''))).toEqual([]);
    const fsUses = [...source.matchAll(/import_node_fs\.(\w+)\)?\(([^)]*)\)/g)].map((match) => `${match[1]}(${match[2]})`);
    expect(fsUses.length).toBeGreaterThan(0);
    expect(fsUses.filter((use) => !['readFileSync(0)', 'fstatSync(0)', 'writeSync(fd, bytes, offset)'].includes(use))).toEqual([]);
    expect(source.match(/import_node_fs\b/g)?.length).toBe(fsUses.length + 1);
  });
});
