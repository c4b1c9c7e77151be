import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readPackageDir } from '../../src/krm/index.js';
import { repoRoot } from '../support/kpt.js';

/**
 * The Dockerfile, checked without a Docker engine: pinned bases, a multi-stage build, a
 * non-root final user, and an ENTRYPOINT whose files exist after `npm run build`. The final
 * stage's files are copied out of the repository into an empty directory (no node_modules
 * anywhere above it) and the ENTRYPOINT is run there, as `docker run IMAGE <function>` would.
 */

interface Instruction {
  keyword: string;
  value: string;
}

interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.replace(/\\\n/g, ' ').split('\n').map((line) => line.trim());
  for (const line of lines.filter((l) => l !== '' && !l.startsWith('#'))) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const value = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const [image = '', as, name] = rest.filter((token) => !token.startsWith('--'));
      stages.push({ image, ...(as?.toUpperCase() === 'AS' && name !== undefined ? { name } : {}), instructions: [] });
    } else {
      const stage = stages.at(-1);
      if (stage === undefined) throw new Error(`Dockerfile: ${keyword} before the first FROM`);
      stage.instructions.push({ keyword: keyword.toUpperCase(), value });
    }
  }
  return stages;
}

function values(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.value);
}

/** The working directory after the stage's last WORKDIR. */
function workdir(stage: Stage): string {
  return values(stage, 'WORKDIR').reduce((dir, next) => posix.resolve(dir, next), '/');
}

interface Copy {
  from?: string;
  sources: string[];
  dest: string;
}

/** COPY instructions of a stage, destination resolved against the WORKDIR in force at that point. */
function copies(stage: Stage): Copy[] {
  const result: Copy[] = [];
  let dir = '/';
  for (const { keyword, value } of stage.instructions) {
    if (keyword === 'WORKDIR') dir = posix.resolve(dir, value);
    if (keyword !== 'COPY') continue;
    const tokens = value.split(/\s+/);
    const from = tokens.find((t) => t.startsWith('--from='))?.slice('--from='.length);
    const paths = tokens.filter((t) => !t.startsWith('--'));
    const dest = posix.resolve(dir, paths.at(-1) ?? '');
    result.push({ ...(from === undefined ? {} : { from }), sources: paths.slice(0, -1), dest });
  }
  return result;
}

function execForm(value: string | undefined, keyword: string): string[] {
  if (value === undefined) return [];
  const parsed: unknown = JSON.parse(value);
  if (!Array.isArray(parsed) || parsed.some((part) => typeof part !== 'string')) throw new Error(`${keyword} must be exec form (a JSON array of strings)`);
  return parsed as string[];
}

const stages = parseDockerfile(readFileSync(join(repoRoot, 'Dockerfile'), 'utf8'));
const builder = stages[0];
const final = stages.at(-1);
const dockerignore = readFileSync(join(repoRoot, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
const distFunctions = existsSync(join(repoRoot, 'dist', 'functions'))
  ? readdirSync(join(repoRoot, 'dist', 'functions')).filter((f) => f.endsWith('.js')).map((f) => f.slice(0, -3)).sort()
  : [];
const sourceFunctions = readdirSync(join(repoRoot, 'functions')).filter((name) => existsSync(join(repoRoot, 'functions', name, 'main.ts'))).sort();

/** Maps a path of the final image to the repository path it comes from (the builder mirrors the repository in its WORKDIR). */
function repoPathOf(imagePath: string): string | undefined {
  if (builder === undefined || final === undefined) return undefined;
  const source = copies(final)
    .filter((copy) => copy.from === builder.name && (imagePath === copy.dest || imagePath.startsWith(`${copy.dest}/`)))
    .at(-1);
  const from = source?.sources[0];
  if (source === undefined || from === undefined) return undefined;
  const inRepo = posix.relative(workdir(builder), posix.resolve(workdir(builder), from));
  return inRepo.startsWith('..') ? undefined : posix.join(inRepo, imagePath.slice(source.dest.length));
}

describe('Dockerfile', () => {
  test('is multi-stage: a builder and a final stage that copies from it', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(builder?.name).toBeDefined();
    expect(final && copies(final).some((copy) => copy.from === builder?.name)).toBe(true);
  });

  test('every FROM is pinned to an exact version or digest, and both stages share the base', () => {
    const names = stages.map((stage) => stage.name);
    const external = stages.map((stage) => stage.image).filter((image) => !names.includes(image));
    for (const image of external) {
      const tag = /^[a-z0-9./_-]+:([\w.-]+)(@sha256:[a-f0-9]{64})?$/.exec(image)?.[1];
      const pinned = /@sha256:[a-f0-9]{64}$/.test(image) || (tag !== undefined && /^\d+\.\d+\.\d+(-[\w.-]+)?$/.test(tag));
      expect(pinned, `${image} is not pinned to an exact version`).toBe(true);
    }
    expect(new Set(external).size).toBe(1);
  });

  test('the builder installs from the lock file and builds', () => {
    const runs = builder === undefined ? [] : values(builder, 'RUN').join('\n');
    expect(runs).toMatch(/\bnpm ci\b/);
    expect(runs).toMatch(/\bnpm run build\b/);
    const context = builder === undefined ? [] : copies(builder).filter((copy) => copy.from === undefined).flatMap((copy) => copy.sources);
    for (const needed of ['package.json', 'package-lock.json', 'scripts', 'src', 'functions']) expect(context, needed).toContain(needed);
    for (const source of context) {
      expect(existsSync(join(repoRoot, source)), `${source} is not in the repository`).toBe(true);
      expect(dockerignore, `${source} is excluded by .dockerignore`).not.toContain(source);
    }
  });

  test('.dockerignore keeps local builds and dependencies out of the context', () => {
    for (const entry of ['node_modules', 'dist', '.git']) expect(dockerignore).toContain(entry);
  });

  test('the final stage runs as a non-root user and ships no node_modules', () => {
    const user = final === undefined ? undefined : values(final, 'USER').at(-1);
    expect(user, 'the final stage sets no USER').toBeDefined();
    expect(['root', '0']).not.toContain(user?.split(':')[0]);
    const shipped = final === undefined ? [] : copies(final).flatMap((copy) => copy.sources);
    expect(shipped.some((source) => source.includes('node_modules'))).toBe(false);
  });

  describe('after `npm run build`', () => {
    const command = [...execForm(final && values(final, 'ENTRYPOINT').at(-1), 'ENTRYPOINT'), ...execForm(final && values(final, 'CMD').at(-1), 'CMD')];
    const image = mkdtempSync(join(tmpdir(), 'pkgdeps-image-'));
    afterAll(() => rmSync(image, { recursive: true, force: true }));

    /** Runs the image's command in `image` (the final stage's files, copied out of the repository) plus `args`. */
    function runImage(args: string[], input: string) {
      const [program = '', ...rest] = command.map((part) => (part.startsWith('/') ? join(image, part) : part));
      return spawnSync(program, [...rest, ...args], { input, encoding: 'utf8', env: { ...process.env, NODE_PATH: '' } });
    }

    test('every function is built, and the ENTRYPOINT is `node <cli> fn`', () => {
      expect(distFunctions, 'run `npm run build` first').toEqual(sourceFunctions);
      expect(command[0]).toBe('node');
      expect(command.slice(2, 3)).toEqual(['fn']);
      expect(command.slice(3).every((name) => distFunctions.includes(name)), `unknown function in ${command.join(' ')}`).toBe(true);
    });

    test('the files the ENTRYPOINT names exist in the build output', () => {
      const files = command.filter((part) => part.startsWith('/'));
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        const inRepo = repoPathOf(file);
        expect(inRepo, `${file} is not copied from the builder`).toBeDefined();
        expect(existsSync(join(repoRoot, inRepo ?? '')), `${inRepo} does not exist after the build`).toBe(true);
      }
    });

    test('the final stage alone runs every function (the bundles need no node_modules)', () => {
      for (const copy of final === undefined ? [] : copies(final)) {
        const inRepo = repoPathOf(copy.dest);
        expect(inRepo, `COPY to ${copy.dest}`).toBeDefined();
        mkdirSync(dirname(join(image, copy.dest)), { recursive: true });
        cpSync(join(repoRoot, inRepo ?? ''), join(image, copy.dest), { recursive: true });
      }
      const example = join(repoRoot, 'examples', 'resolve-dependencies-edge-app');
      const config = readFileSync(join(example, 'resolve-dependencies.yaml'), 'utf8').trimEnd().split('\n').map((l) => `  ${l}`).join('\n');
      const resolved = runImage(['resolve-dependencies'], `${readPackageDir(example)}functionConfig:\n${config}\n`);
      expect(resolved.stderr).toBe('');
      expect(resolved.status).toBe(0);
      expect(resolved.stdout).toContain('pkgdeps.dev/depends-on: "catalog-distros-sandbox/cert-manager,catalog-distros-sandbox/metallb"');
      for (const name of distFunctions) {
        const run = runImage([name], 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n');
        expect(run.stdout, `${name}: ${run.stderr}`).toMatch(/^apiVersion: config\.kubernetes\.io\/v1\nkind: ResourceList\n/);
      }
      const unknown = runImage(['no-such-function'], '');
      expect(unknown.status).toBe(2);
      expect(unknown.stderr).toContain(distFunctions[0]);
    });
  });
});
