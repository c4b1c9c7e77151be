// The catalog as pkgdeps writes it (docs/SPEC.md rule catalog-compact), for `npm run bench`: the generated
// hand-written catalog of generate.mjs read by the catalog reader and written by the writer of `catalog
// from-cluster` (packages, installed, platform), through the TypeScript sources bundled with esbuild.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { catalogItem } from './generate.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

async function writers(work) {
  const outfile = join(work, 'catalog-writers.mjs');
  const entry = [
    "export { readCatalog } from './src/catalog/index.ts';",
    "export { catalogData } from './src/cluster/output.ts';",
    "export { dataSize } from './src/cluster/apply.ts';",
    "export { parseDocument } from 'yaml';",
  ].join('\n');
  await build({
    stdin: { contents: entry, resolveDir: root, loader: 'ts' },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}

/**
 * The catalog of `packages` packages with `installed` for `targets` targets as the reader reads it, the `data`
 * strings the writer writes for it, and their size in bytes (UTF-8, summed, as the API server counts a
 * ConfigMap). `work` is a scratch directory.
 */
export async function writtenCatalog(work, packages, targets) {
  const { readCatalog, catalogData, dataSize, parseDocument } = await writers(work);
  const itemText = catalogItem(packages, targets)
    .split('\n')
    .map((line) => line.slice(2))
    .join('\n');
  const { catalog, results } = readCatalog(parseDocument(itemText).contents);
  if (catalog === undefined) throw new Error(`the generated catalog does not read: ${results[0]?.message}`);
  const data = catalogData(
    catalog.name,
    catalog.packages,
    catalog.installed,
    catalog.platform,
    catalog.platformObjects,
  );
  return { catalog, data, bytes: dataSize(data) };
}
