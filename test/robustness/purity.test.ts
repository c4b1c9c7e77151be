import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processText } from '../../src/krm/index.js';
import { KPTFILE, certificate, exampleInputs, revision, scenarioInput } from '../support/arbitraries.js';
import type { CatalogModel } from '../support/arbitraries.js';
import { registeredFunctions } from '../support/invariants.js';
import { repoRoot } from '../support/kpt.js';

/**
 * docs/SPEC.md section 7, "Pure": each built function runs under Node's permission model allowed to
 * read its own files only (its entry, dist/functions/<name>.js, and what the entry reads: the
 * bundle and its code cache in dist/functions/<name>/; no other file, no child process, no worker),
 * gives the output the same code gives in-process, does not change with the environment, and its
 * bundle imports no module that reaches the network, files or other processes.
 */

const functions = await registeredFunctions();
const distDir = join(repoRoot, 'dist', 'functions');
const built = existsSync(distDir)
  ? readdirSync(distDir)
      .filter((name) => name.endsWith('.js'))
      .sort()
  : [];
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
    child.on('close', (status) =>
      resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
  });
}

/**
 * Locales that collate `aa-`, `k-` and `y-` three ways: Danish puts `aa` after `z`, Lithuanian
 * `y` before `k` (docs/SPEC.md rule determinism). Node's ICU takes the locale from LANG and
 * LC_ALL whether or not the system has it installed.
 */
const LOCALES = ['C', 'lt_LT.UTF-8', 'da_DK.UTF-8'];
const localeEnv = (locale: string): NodeJS.ProcessEnv => ({ LANG: locale, LC_ALL: locale });
const PREFIXES = ['y', 'k', 'aa'];

/**
 * The base package with names that sort differently by locale where every function sorts:
 * an Issuer three packages provide (the candidates of an ambiguity) and three installed
 * packages that depend on cert-manager (the dependents of a removal or an upgrade).
 */
function localeSensitiveInput(spec: Parameters<typeof scenarioInput>[0]): string {
  const certificateApi = (version: string) => ({
    group: 'cert-manager.io',
    kind: 'Certificate',
    resource: 'certificates',
    versions: [version],
  });
  const issuerApi = { group: 'cert-manager.io', kind: 'Issuer', resource: 'issuers', versions: ['v1'] };
  const needsCertManager = {
    requires: [{ group: 'cert-manager.io', version: 'v1', kind: 'Certificate' }],
    dependsOn: [{ repository: 'catalog', package: 'cert-manager' }],
  };
  const catalog: CatalogModel = {
    name: 'package-catalog',
    packages: [
      {
        repository: 'catalog',
        package: 'cert-manager',
        revisions: [1, 2].map((n) => revision(String(n), { provides: [certificateApi(`v${n}`)] })),
      },
      ...PREFIXES.map((prefix) => ({
        repository: 'catalog',
        package: `${prefix}-issuers`,
        revisions: [revision('1', { provides: [issuerApi] })],
      })),
      ...PREFIXES.map((prefix) => ({
        repository: 'catalog',
        package: `${prefix}-app`,
        revisions: [revision('1', needsCertManager)],
      })),
    ],
    installed: ['cert-manager', ...PREFIXES.map((prefix) => `${prefix}-app`)].map((pkg) => ({
      target: 'edge02',
      repository: 'catalog',
      package: pkg,
      revision: '1',
    })),
    platform: [],
  };
  const issuer = [
    'apiVersion: cert-manager.io/v1',
    'kind: Issuer',
    'metadata:',
    '  name: ca',
    '  annotations:',
    "    internal.config.kubernetes.io/path: 'issuer.yaml'",
  ];
  return scenarioInput(spec, { catalog, items: [KPTFILE, certificate(), issuer] });
}

it('Node collates by the locale LANG and LC_ALL name, so the runs under LOCALES can differ', async () => {
  const script = "process.stdout.write(['y-x', 'k-x', 'aa-x', 'z-x'].sort((a, b) => a.localeCompare(b)).join(' '))";
  const orders = await Promise.all(LOCALES.map((locale) => node(['-e', script], '', localeEnv(locale))));
  expect(new Set(orders.map((ran) => ran.stdout)).size).toBe(LOCALES.length);
});

/** The project's own code: `.ts` and `.mjs` files under `dirs`, generated code left out. */
function sourceFiles(dirs: string[]): string[] {
  return dirs.flatMap((dir) =>
    readdirSync(join(repoRoot, dir), { recursive: true, encoding: 'utf8' })
      .filter((path) => /\.(ts|mjs)$/.test(path) && !path.startsWith('generated/'))
      .map((path) => `${dir}/${path}`),
  );
}

it('no code compares or cases strings by locale; every sort in src/, cli/ and functions/ names its comparator', () => {
  const byLocale = /localeCompare|Intl\.Collator|toLocale(?:Upper|Lower)Case/;
  const findings = (files: string[], pattern: RegExp) =>
    files.flatMap((file) =>
      readFileSync(join(repoRoot, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => (pattern.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
  expect(findings(sourceFiles(['src', 'cli', 'functions', 'scripts']), byLocale)).toEqual([]);
  expect(findings(sourceFiles(['src', 'cli', 'functions']), /\.sort\(\)/)).toEqual([]);
});

/** `node` running `file` allowed to read `readable` only: no other file, no child process, no worker, no addon. */
const confined = (file: string, readable = [file]) => [
  '--experimental-permission',
  ...readable.map((path) => `--allow-fs-read=${path}`),
  '--no-warnings',
  file,
];

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
    writeFileSync(
      script,
      "import { spawnSync } from 'node:child_process';\nconst r = spawnSync('true');\nif (r.error) throw r.error;\n",
    );
    const ran = await node(confined(script), '');
    expect(ran.status).not.toBe(0);
    expect(ran.stderr).toContain('ERR_ACCESS_DENIED');
  });
});

const FORBIDDEN = [
  'fs',
  'fs/promises',
  'child_process',
  'worker_threads',
  'cluster',
  'net',
  'http',
  'https',
  'http2',
  'dns',
  'tls',
  'dgram',
  'inspector',
  'vm',
];

describe.each(functions)('$name, built', ({ name, processor, spec }) => {
  const file = join(distDir, `${name}.js`);
  const own = [file, `${join(distDir, name)}/`];
  const inputs = [
    { name: 'the base package', text: scenarioInput(spec) },
    { name: 'no ResourceList', text: 'kind: [' },
    // Its own examples (`examples/<function>-<case>`): a process per input costs a Node start-up.
    ...exampleInputs(spec)
      .filter((example) => example.name.startsWith(`${name}-`))
      .map((example) => ({ name: `examples/${example.name}`, text: example.text })),
  ];

  it('reads only its own files and starts no process, on the base package, bad input and its examples', async () => {
    const runs = await Promise.all(
      inputs.map(async ({ name: input, text }) => ({
        input,
        ran: await node(confined(file, own), text),
        expected: processText(text, processor, name),
      })),
    );
    for (const { input, ran, expected } of runs) {
      expect({ input, status: ran.status, stdout: ran.stdout, stderr: ran.stderr }).toEqual({
        input,
        status: expected.exitCode,
        stdout: expected.stdout,
        stderr: expected.stderr,
      });
    }
  });

  it('gives the same output whatever the environment', async () => {
    const text = scenarioInput(spec);
    const odd = {
      LOG_TOKENS: '1',
      LOG_STREAM: '1',
      LANG: 'tr_TR.UTF-8',
      LC_ALL: 'tr_TR.UTF-8',
      TZ: 'Pacific/Chatham',
      HOME: '/nonexistent',
      NODE_OPTIONS: '',
      KUBECONFIG: '/nonexistent',
    };
    const [bare, busy] = await Promise.all([node([file], text, {}), node([file], text, odd)]);
    expect(busy).toEqual(bare);
    expect(bare.stdout).toBe(processText(text, processor, name).stdout);
  });

  it(`gives the same output under the locales ${LOCALES.join(', ')}, on names each collates its own way`, async () => {
    const text = localeSensitiveInput(spec);
    const expected = processText(text, processor, name);
    const run = async (locale: string) => ({ locale, ran: await node([file], text, localeEnv(locale)) });
    const runs = await Promise.all(LOCALES.map(run));
    for (const { locale, ran } of runs) {
      const wanted = { locale, status: expected.exitCode, stdout: expected.stdout };
      expect({ locale, status: ran.status, stdout: ran.stdout }).toEqual(wanted);
    }
  });

  it('is the entry of scripts/function-entry.cjs, the only code that reads a file: its bundle and code cache', () => {
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(join(repoRoot, 'scripts', 'function-entry.cjs'), 'utf8'));
    expect(readdirSync(join(distDir, name)).sort()).toEqual(['bundle.cache', 'bundle.js']);
  });

  it('imports no module that reaches files, processes or the network (fs only for stdin, stdout and stderr)', () => {
    const source = readFileSync(join(distDir, name, 'bundle.js'), 'utf8');
    const imported = [...source.matchAll(/(?:from\s*|require\(|import\()\s*["'](?:node:)?([a-z_/]+)["']/g)].map(
      (match) => match[1],
    );
    expect(imported.filter((module) => module !== 'fs' && FORBIDDEN.includes(module ?? ''))).toEqual([]);
    const fsUses = [...source.matchAll(/import_node_fs\.(\w+)\)?\(([^)]*)\)/g)].map(
      (match) => `${match[1]}(${match[2]})`,
    );
    expect(fsUses.length).toBeGreaterThan(0);
    expect(
      fsUses.filter(
        (use) =>
          ![
            'readFileSync(0)',
            'fstatSync(0)',
            'readSync(0, chunk, used, PIPE_CHUNK - used, null)',
            'writeSync(fd, bytes, offset)',
          ].includes(use),
      ),
    ).toEqual([]);
    expect(source.match(/import_node_fs\b/g)?.length).toBe(fsUses.length + 1);
  });
});
