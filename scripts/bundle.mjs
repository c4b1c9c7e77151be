// Bundles every function in functions/<name>/main.ts into dist/functions/<name>.js and the CLI
// into dist/cli.js (one self-contained file each, shebang, run bit). Bundling keeps start-up
// lean: Porch starts a fresh process for every call. The functions are CommonJS (marked so by
// dist/functions/package.json): Node loads a CommonJS file faster than an ES module.
import { build } from 'esbuild';
import { chmod, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';

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

await build({
  ...common,
  entryPoints: Object.fromEntries(functions.map((name) => [`functions/${name}`, `functions/${name}/main.ts`])),
  format: 'cjs',
  banner: { js: '#!/usr/bin/env node' },
  // Run as the program (kpt exec, the image's ENTRYPOINT), the bundle runs its function; required
  // by the CLI (pkgdeps fn), it only exports `run`, which the CLI calls with its options.
  footer: { js: 'if (require.main === module) void module.exports.run();' },
});
await writeFile('dist/functions/package.json', `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);

await Promise.all(
  ['cli', ...functions.map((name) => `functions/${name}`)].map((name) => chmod(`dist/${name}.js`, 0o755)),
);
