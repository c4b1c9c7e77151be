// Bundles every function in functions/<name>/main.ts into dist/functions/<name>.js
// (one self-contained ES module each, shebang, run bit) and the CLI into dist/cli.js.
// Bundling keeps start-up lean: Porch starts a fresh process for every call.
import { build } from 'esbuild';
import { chmod, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';

const functions = (await readdir('functions', { withFileTypes: true }))
  .filter((entry) => entry.isDirectory() && existsSync(`functions/${entry.name}/main.ts`))
  .map((entry) => entry.name)
  .sort();

await rm('dist', { recursive: true, force: true });

const entryPoints = {
  cli: 'src/cli/main.ts',
  ...Object.fromEntries(functions.map((name) => [`functions/${name}`, `functions/${name}/main.ts`])),
};

await build({
  entryPoints,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: false,
  legalComments: 'none',
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __pkgdepsCreateRequire } from 'node:module';\nconst require = __pkgdepsCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

await Promise.all(Object.keys(entryPoints).map((name) => chmod(`dist/${name}.js`, 0o755)));
