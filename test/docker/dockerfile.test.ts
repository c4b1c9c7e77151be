import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { Copy, DockerfileParser } from 'dockerfile-ast';
import type { Instruction } from 'dockerfile-ast';
import { afterAll, describe, expect, test } from 'vitest';
import { readPackageDir } from '../../src/krm/index.js';
import { repoRoot } from '../support/kpt.js';

/**
 * The Dockerfile, checked without a Docker engine (parsed by dockerfile-ast): pinned bases, a
 * builder, one target per function whose ENTRYPOINT runs that function's bundle (what Porch's
 * function runner starts), a `cli` target, non-root users and no node_modules. Each target's
 * file layout is rebuilt from what its stages copy, in an empty directory, and run there as a
 * non-root user: its output must be the output of the function run from dist/.
 */

interface Stage {
  name?: string;
  image: string;
  instructions: Instruction[];
}

function parseStages(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const [image = '', as, name] = instruction.getArguments().map((argument) => argument.getValue());
      stages.push({ image, ...(as?.toUpperCase() === 'AS' && name !== undefined ? { name } : {}), instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (stage === undefined) throw new Error(`Dockerfile: ${instruction.getKeyword()} before the first FROM`);
    stage.instructions.push(instruction);
  }
  return stages;
}

const stages = parseStages(readFileSync(join(repoRoot, 'Dockerfile'), 'utf8'));
const byName = new Map(stages.flatMap((stage) => (stage.name === undefined ? [] : [[stage.name, stage] as const])));
const builder = stages[0];
const sourceFunctions = readdirSync(join(repoRoot, 'functions'))
  .filter((name) => existsSync(join(repoRoot, 'functions', name, 'main.ts')))
  .sort();
const dockerignore = readFileSync(join(repoRoot, '.dockerignore'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

/** A stage and the stages it is built FROM, base first. */
function chain(stage: Stage): Stage[] {
  const parent = byName.get(stage.image);
  return parent === undefined ? [stage] : [...chain(parent), stage];
}

const keywordOf = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.getKeyword() === keyword);

/** The last value of an instruction in force for the stage (inherited from its bases). */
function inherited(stage: Stage, keyword: string): Instruction | undefined {
  return chain(stage)
    .flatMap((s) => keywordOf(s, keyword))
    .at(-1);
}

function execForm(instruction: Instruction | undefined): string[] {
  if (instruction === undefined) return [];
  const text = instruction.getArgumentsContent() ?? '';
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed) || parsed.some((part) => typeof part !== 'string')) {
    throw new Error(`${instruction.getKeyword()} must be exec form (a JSON array of strings), got ${text}`);
  }
  return parsed as string[];
}

interface CopyStep {
  from?: string;
  sources: string[];
  dest: string;
}

/** The COPY steps of a target and its bases, destinations resolved against the WORKDIR in force. */
function copySteps(stage: Stage): CopyStep[] {
  const steps: CopyStep[] = [];
  let dir = '/';
  for (const instruction of chain(stage).flatMap((s) => s.instructions)) {
    const args = instruction.getArguments().map((argument) => argument.getValue());
    if (instruction.getKeyword() === 'WORKDIR') dir = posix.resolve(dir, args[0] ?? '');
    if (instruction.getKeyword() !== 'COPY') continue;
    const from = instruction instanceof Copy ? (instruction.getFromFlag()?.getValue() ?? undefined) : undefined;
    const paths = args;
    steps.push({
      ...(from === undefined ? {} : { from }),
      sources: paths.slice(0, -1),
      dest: posix.resolve(dir, paths.at(-1) ?? ''),
    });
  }
  return steps;
}

/** Where a COPY source is in the repository: the build context, or the builder's WORKDIR (the repository's mirror) */
function repositoryPath(step: CopyStep, source: string): string | undefined {
  if (step.from === undefined) return source;
  if (builder === undefined || step.from !== builder.name) return undefined;
  const builderDir = keywordOf(builder, 'WORKDIR')
    .map((i) => i.getArguments()[0]?.getValue() ?? '')
    .reduce((dir, next) => posix.resolve(dir, next), '/');
  const inRepo = posix.relative(builderDir, posix.resolve(builderDir, source));
  return inRepo.startsWith('..') ? undefined : inRepo;
}

/** Copies every file a target's stages COPY into `root`, as the image's file system would hold them. */
function layout(stage: Stage, root: string): void {
  for (const step of copySteps(stage)) {
    for (const source of step.sources) {
      const inRepo = repositoryPath(step, source);
      if (inRepo === undefined) throw new Error(`COPY ${source}: not from the build context or the builder`);
      mkdirSync(dirname(join(root, step.dest)), { recursive: true });
      cpSync(join(repoRoot, inRepo), join(root, step.dest), { recursive: true });
    }
  }
}

/** Runs the target's ENTRYPOINT inside `root` (absolute paths mapped there) as a non-root user. */
function runTarget(stage: Stage, root: string, args: string[], input: string) {
  const [program = '', ...rest] = execForm(inherited(stage, 'ENTRYPOINT')).map((part) =>
    part.startsWith('/') ? join(root, part) : part,
  );
  const asUser = process.getuid?.() === 0 ? { uid: 1000, gid: 1000 } : {};
  return spawnSync(program, [...rest, ...args], {
    input,
    encoding: 'utf8',
    cwd: root,
    env: { PATH: process.env.PATH ?? '' },
    ...asUser,
  });
}

describe('Dockerfile', () => {
  test('every FROM outside the file is pinned to one exact version or digest', () => {
    const external = stages.map((stage) => stage.image).filter((image) => !byName.has(image));
    for (const image of external) {
      const tag = /^[a-z0-9./_-]+:([\w.-]+)(@sha256:[a-f0-9]{64})?$/.exec(image)?.[1];
      const pinned =
        /@sha256:[a-f0-9]{64}$/.test(image) || (tag !== undefined && /^\d+\.\d+\.\d+(-[\w.-]+)?$/.test(tag));
      expect(pinned, `${image} is not pinned to an exact version`).toBe(true);
    }
    expect(new Set(external).size).toBe(1);
  });

  test('the builder installs from the lock file and builds, from files the context holds', () => {
    const runs =
      builder === undefined
        ? ''
        : keywordOf(builder, 'RUN')
            .map((i) => i.getArgumentsContent())
            .join('\n');
    expect(runs).toMatch(/\bnpm ci\b/);
    expect(runs).toMatch(/\bnpm run build\b/);
    const context = stages.flatMap((stage) =>
      copySteps(stage)
        .filter((step) => step.from === undefined)
        .flatMap((step) => step.sources),
    );
    // examples: the build makes each function's V8 code cache by running it on its first example.
    for (const needed of ['package.json', 'package-lock.json', 'scripts', 'src', 'functions', 'cli', 'examples'])
      expect(context, needed).toContain(needed);
    for (const source of new Set(context)) {
      expect(existsSync(join(repoRoot, source)), `${source} is not in the repository`).toBe(true);
      const excluded = dockerignore.some((entry) => source === entry || source.startsWith(`${entry}/`));
      expect(!excluded || dockerignore.includes(`!${source}`), `${source} is excluded by .dockerignore`).toBe(true);
    }
  });

  test('.dockerignore keeps local builds and dependencies out of the context', () => {
    for (const entry of ['node_modules', 'dist', '.git']) expect(dockerignore).toContain(entry);
  });

  test.each([...sourceFunctions, 'cli'])(
    'target %s: ENTRYPOINT in exec form, no CMD, a non-root user, no node_modules',
    (name) => {
      const stage = byName.get(name);
      expect(stage, `no stage "${name}" (docker build --target ${name})`).toBeDefined();
      if (stage === undefined) return;
      const entrypoint = execForm(inherited(stage, 'ENTRYPOINT'));
      const script = name === 'cli' ? '/app/dist/cli.js' : `/app/functions/${name}.js`;
      expect(entrypoint).toEqual(['node', script]);
      // Porch's runner ignores CMD next to an ENTRYPOINT; a CMD would only mislead.
      expect(chain(stage).flatMap((s) => keywordOf(s, 'CMD'))).toEqual([]);
      const user = inherited(stage, 'USER')?.getArgumentsContent() ?? '';
      expect(user, 'no USER').not.toBe('');
      expect(['root', '0']).not.toContain(user.split(':')[0]);
      expect(
        copySteps(stage)
          .flatMap((step) => step.sources)
          .some((source) => source.includes('node_modules')),
      ).toBe(false);
    },
  );

  test('every function names its image, pkgdeps/<name>, in metadata.yaml', () => {
    for (const name of sourceFunctions) {
      const metadata = readFileSync(join(repoRoot, 'functions', name, 'metadata.yaml'), 'utf8');
      expect(metadata).toMatch(new RegExp(`^image: pkgdeps/${name}$`, 'm'));
    }
  });

  test('npm run images builds one image per target, and says what it would run without an engine', () => {
    const run = spawnSync(process.execPath, ['scripts/images.mjs', '--dry-run'], { cwd: repoRoot, encoding: 'utf8' });
    expect(run.status).toBe(0);
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    for (const name of [...sourceFunctions, 'cli']) {
      expect(run.stdout).toContain(
        `  docker build --target ${name} -t pkgdeps/${name}:${version} -t pkgdeps/${name}:latest .\n`,
      );
    }
  });

  describe('each target run from its own file layout, as a non-root user (after npm run build)', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'pkgdeps-image-'));
    chmodSync(scratch, 0o755);
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));
    const example = join(repoRoot, 'examples', 'resolve-dependencies-edge-app');
    const config = readFileSync(join(example, 'resolve-dependencies.yaml'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n');
    const exampleInput = `${readPackageDir(example).text}functionConfig:\n${config}\n`;
    const emptyInput = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n';

    test.each(sourceFunctions)(
      '%s holds the files of its function in dist/functions and gives their output',
      (name) => {
        const stage = byName.get(name);
        if (stage === undefined) throw new Error(`no stage ${name}`);
        const root = join(scratch, name);
        layout(stage, root);
        expect(existsSync(join(root, 'node_modules'))).toBe(false);
        // The entry, functions/<name>.js, and what it reads beside it: the bundle and its V8 code cache.
        const files = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
        const dist = join(repoRoot, 'dist', 'functions');
        expect(files(join(root, 'app', 'functions'))).toEqual(
          ['package.json', `${name}.js`, name, ...files(join(dist, name)).map((file) => join(name, file))].sort(),
        );
        for (const file of files(join(dist, name)).map((file) => join(name, file))) {
          const copied = readFileSync(join(root, 'app', 'functions', file));
          expect(copied.equals(readFileSync(join(dist, file))), file).toBe(true);
        }
        // The cache is taken by the Node that made it: in the image, the build stage's; here, the tests' Node.
        const entry = join(root, 'app', 'functions', `${name}.js`);
        const rejected = `require(${JSON.stringify(entry)}).script.cachedDataRejected`;
        expect(spawnSync(process.execPath, ['-p', rejected], { encoding: 'utf8' }).stdout).toBe('false\n');
        for (const input of [exampleInput, emptyInput]) {
          const fromImage = runTarget(stage, root, [], input);
          const fromDist = spawnSync(process.execPath, [join(repoRoot, 'dist', 'functions', `${name}.js`)], {
            input,
            encoding: 'utf8',
          });
          expect(fromImage.error).toBeUndefined();
          expect({ status: fromImage.status, stdout: fromImage.stdout, stderr: fromImage.stderr }).toEqual({
            status: fromDist.status,
            stdout: fromDist.stdout,
            stderr: fromDist.stderr,
          });
          expect(fromImage.stdout).toMatch(/^apiVersion: config\.kubernetes\.io\/v1\nkind: ResourceList\n/);
        }
      },
    );

    test('cli runs the demo, --version and pkgdeps fn', () => {
      const stage = byName.get('cli');
      if (stage === undefined) throw new Error('no stage cli');
      const root = join(scratch, 'cli');
      layout(stage, root);
      const demo = runTarget(stage, root, ['demo'], '');
      expect(demo.stderr).toBe('');
      expect(demo.status).toBe(0);
      expect(demo.stdout).toContain('PackageVariants emit-package-variants would add');
      expect(runTarget(stage, root, ['--version'], '').stdout).toMatch(/^pkgdeps \d+\.\d+\.\d+\n$/);
      const resolved = runTarget(stage, root, ['fn', 'resolve-dependencies'], exampleInput);
      expect(resolved.status).toBe(0);
      expect(resolved.stdout).toContain(
        'pkgdeps.dev/depends-on: "catalog-distros-sandbox/cert-manager,catalog-distros-sandbox/metallb"',
      );
    });
  });
});
