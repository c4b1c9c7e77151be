// Bundles every function in functions/<name>/main.ts into dist/functions/<name>/bundle.js and the CLI into
// dist/cli.js (one self-contained file each), and makes each function's V8 code cache. Bundling keeps start-up
// lean: Porch starts a fresh process for every call. The functions are CommonJS (marked so by
// dist/functions/package.json): Node loads a CommonJS file faster than an ES module. The file a function runs
// as, dist/functions/<name>.js (shebang, run bit), is scripts/function-entry.cjs: it compiles the bundle with the
// code cache, dist/functions/<name>/bundle.cache, which scripts/code-cache.mjs makes by running the function on
// the first of its examples (metadata.yaml examplePackageURLs) as that example runs (.expected/config.yaml).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmod, copyFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const functions = (await readdir('functions', { withFileTypes: true }))
  .filter((entry) => entry.isDirectory() && existsSync(`functions/${entry.name}/main.ts`))
  .map((entry) => entry.name)
  .sort();

await rm('dist', { recursive: true, force: true });

const common = {
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: false,
  legalComments: 'none',
  logLevel: 'warning',
};

// The CLI loads each command when it runs: split into chunks, `pkgdeps fn` loads only its entry.
await build({
  ...common,
  entryPoints: { cli: 'cli/main.ts' },
  format: 'esm',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __pkgdepsCreateRequire } from 'node:module';\nconst require = __pkgdepsCreateRequire(import.meta.url);",
  },
});
await chmod('dist/cli.js', 0o755);

// Each bundle exports `run`, which the entry calls when it is the program (kpt exec, the image's ENTRYPOINT)
// and the CLI calls with its options (pkgdeps fn).
await build({
  ...common,
  entryPoints: Object.fromEntries(functions.map((name) => [`functions/${name}/bundle`, `functions/${name}/main.ts`])),
  format: 'cjs',
});
await writeFile('dist/functions/package.json', `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
for (const name of functions) {
  await copyFile('scripts/function-entry.cjs', `dist/functions/${name}.js`);
  await chmod(`dist/functions/${name}.js`, 0o755);
}

/** readPackageDir of src/krm/package-dir.ts (a package directory as `kpt fn source` reads it), bundled to run here. */
async function packageReader() {
  const result = await build({
    stdin: { contents: "export { readPackageDir } from './src/krm/package-dir.ts';", resolveDir: '.', loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'error',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  const dir = mkdtempSync(join(tmpdir(), 'pkgdeps-bundle-'));
  const file = join(dir, 'package-dir.mjs');
  writeFileSync(file, result.outputFiles[0].text);
  const { readPackageDir } = await import(pathToFileURL(file).href);
  rmSync(dir, { recursive: true, force: true });
  return readPackageDir;
}

const indent = (text) => text.replace(/^(?=.)/gm, '  ');

/**
 * The input and config function `name` gets in its first example (metadata.yaml examplePackageURLs), as
 * examples' .expected/config.yaml describes the run: `fnConfig` (a file of the package) or `args` (a ConfigMap's
 * data) for kpt fn eval; for kpt fn render, the `configPath` or `configMap` of the function's pipeline step.
 */
function exampleRun(name, readPackageDir) {
  const example = parse(readFileSync(`functions/${name}/metadata.yaml`, 'utf8')).examplePackageURLs[0];
  const run = parse(readFileSync(`${example}/.expected/config.yaml`, 'utf8')) ?? {};
  let { fnConfig, args } = run;
  if (run.testType === 'render') {
    const pipeline = parse(readFileSync(`${example}/Kptfile`, 'utf8')).pipeline ?? {};
    const step = [...(pipeline.mutators ?? []), ...(pipeline.validators ?? [])].find((s) =>
      s.exec?.endsWith(`/${name}.js`),
    );
    [fnConfig, args] = [step?.configPath, step?.configMap];
  }
  const items = readPackageDir(example).text;
  const config =
    fnConfig === undefined ? '' : `functionConfig:\n${indent(readFileSync(`${example}/${fnConfig}`, 'utf8'))}`;
  return { example, input: `${items}${config}`, args };
}

const readPackageDir = await packageReader();
for (const name of functions) {
  const { example, input, args } = exampleRun(name, readPackageDir);
  const { NODE_OPTIONS: _, ...env } = process.env;
  const made = spawnSync(
    process.execPath,
    ['scripts/code-cache.mjs', `dist/functions/${name}.js`, ...(args === undefined ? [] : [JSON.stringify(args)])],
    { input, env, stdio: ['pipe', 'ignore', 'pipe'], maxBuffer: 1 << 26 },
  );
  if (made.status !== 0 || !existsSync(`dist/functions/${name}/bundle.cache`)) {
    throw new Error(`the code cache of ${name} (run on ${example}) failed:\n${made.stderr}`);
  }
}
