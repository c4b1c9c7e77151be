// The CLI rows of `npm run bench` (bench/run.mjs runs them): each CLI path against a baseline
// measured in the same run, round robin (see runWorkload in run.mjs).
// - catalog build DIR and why DIR on the Nephio fixture against the function on its ResourceList;
// - catalog build --git on a generated history against the same history without tags;
// - catalog from-cluster on a fake Porch (test/cluster/server.ts) of 1,000 PackageRevisions, at
//   two sizes of resources for the same catalog.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { fakePorch, gitHistory } from './generate-sources.mjs';

const CLI = 'dist/cli.js';
const GIT_PACKAGES = 1000;
const GIT_REVISIONS = 5;
/** 200 packages x 5 revisions: 1,000 PackageRevisions. */
const PORCH = { packages: 200, revisions: 5, namespace: 'porch', token: 'bench-token' };
/** Bytes of description per CRD of the larger resources (the catalog stays the same). */
const PADDING = 4000;
const HEAP_MiB = 64;
const MiB = 1024 * 1024;

const f2 = (n) => n.toFixed(2);

/**
 * `bench` is what run.mjs lends: runWorkload(rows, runs), write(name, text), budget(name,
 * pass, figure), work (a scratch directory), and the inputs (Nephio directory, catalog file,
 * its ResourceList text with and without the catalog).
 */
export async function cliPaths(bench) {
  const { runWorkload, write, budget, work, nephio } = bench;
  const empty = write('cli-empty.txt', '');
  const fnInput = write('cli-nephio.yaml', nephio.list);
  const resolveInput = write('cli-nephio-catalog.yaml', nephio.listWithCatalog);

  console.log('\nCLI paths (median of 5 runs, round robin)');
  const [buildFn, buildCli, resolveFn, whyCli] = await runWorkload(
    [
      { name: 'build-catalog function', argv: ['dist/functions/build-catalog.js'], inputFile: fnInput },
      { name: 'pkgdeps catalog build DIR', argv: [CLI, 'catalog', 'build', nephio.dir], inputFile: empty },
      {
        name: 'resolve-dependencies function',
        argv: ['dist/functions/resolve-dependencies.js'],
        inputFile: resolveInput,
      },
      { name: 'pkgdeps why DIR', argv: [CLI, 'why', nephio.dir, '--catalog', nephio.catalog], inputFile: empty },
    ],
    5,
  );
  for (const [cli, fn] of [
    [buildCli, buildFn],
    [whyCli, resolveFn],
  ]) {
    const ratio = cli.seconds / fn.seconds;
    console.log(`  ${cli.name.padEnd(32)} ${f2(cli.seconds)} s, ${fn.name} ${f2(fn.seconds)} s: ${f2(ratio)}x`);
    const figure = `${f2(ratio)}x (${f2(cli.seconds)} s vs ${f2(fn.seconds)} s)`;
    budget(`${cli.name}, nephio fixture: time <= 1.3x the ${fn.name} on its ResourceList`, ratio <= 1.3, figure);
  }

  const tags = GIT_PACKAGES * GIT_REVISIONS;
  process.stderr.write(`bench: generating git histories of ${GIT_PACKAGES} packages x ${GIT_REVISIONS} revisions\n`);
  const tagged = gitHistory(join(work, 'git-tagged'), { packages: GIT_PACKAGES, revisions: GIT_REVISIONS });
  const untagged = gitHistory(join(work, 'git-untagged'), {
    packages: GIT_PACKAGES,
    revisions: GIT_REVISIONS,
    tagged: false,
  });
  const [withTags, headOnly] = await runWorkload(
    [
      { name: `--git, ${tags} tags`, argv: [CLI, 'catalog', 'build', tagged, '--git'], inputFile: empty },
      { name: '--git, no tags', argv: [CLI, 'catalog', 'build', untagged, '--git'], inputFile: empty },
    ],
    3,
  );
  const perTag = ((withTags.seconds - headOnly.seconds) * 1000) / tags;
  console.log(
    `  catalog build --git, ${GIT_PACKAGES} packages x ${GIT_REVISIONS} tags: ${f2(withTags.seconds)} s ` +
      `(${f2((withTags.seconds * 1000) / tags)} ms per tag in all), same history without tags ${f2(headOnly.seconds)} s: ` +
      `${f2(perTag)} ms per tag more`,
  );
  const exits = [withTags, headOnly].map((row) => row.exitCode).join('/');
  budget(
    `catalog build --git, ${GIT_PACKAGES} packages x ${GIT_REVISIONS} tags: <= 3 ms per tag over the same history without tags`,
    perTag <= 3 && exits === '0/0',
    `${f2(perTag)} ms (${f2(withTags.seconds)} s vs ${f2(headOnly.seconds)} s, exit ${exits})`,
  );

  await fromCluster(bench, empty);
}

/** The PackageRevisionResources bytes of a fake cluster. */
function resourceBytes(fake) {
  const texts = Object.values(fake.packageResources).flatMap((files) => Object.values(files));
  return texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
}

async function fromCluster({ runWorkload, budget, work }, empty) {
  const outfile = join(work, 'fake-server.mjs');
  await build({
    entryPoints: ['test/cluster/server.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
  });
  const { startServer, writeKubeconfig } = await import(pathToFileURL(outfile).href);
  const sizes = [0, PADDING].map((padding) => ({ padding, fake: fakePorch({ ...PORCH, padding }) }));
  const servers = await Promise.all(sizes.map(({ fake }) => startServer(fake)));
  try {
    const args = (i) => [
      'catalog',
      'from-cluster',
      '--kubeconfig',
      writeKubeconfig(work, servers[i].url, PORCH.token, PORCH.namespace),
    ];
    const rows = sizes.flatMap((size, i) => [
      { name: `${f2(resourceBytes(size.fake) / MiB)} MiB of resources`, argv: [CLI, ...args(i)], inputFile: empty },
      {
        name: `same, heap ${HEAP_MiB} MiB`,
        argv: [`--max-old-space-size=${HEAP_MiB}`, CLI, ...args(i)],
        inputFile: empty,
      },
    ]);
    const [small, smallCapped, large, largeCapped] = await runWorkload(rows, 3);
    const count = PORCH.packages * PORCH.revisions;
    for (const row of [small, smallCapped, large, largeCapped]) {
      console.log(
        `  catalog from-cluster, ${count} PackageRevisions, ${row.name}: ${f2(row.seconds)} s, ${row.rssMiB.toFixed(0)} MiB peak RSS, exit ${row.exitCode}`,
      );
    }
    budget(
      `catalog from-cluster, ${count} PackageRevisions: time <= 10 s`,
      small.seconds <= 10 && small.exitCode === 0,
      `${f2(small.seconds)} s (${f2(large.seconds)} s with ${large.name})`,
    );
    const ratio = large.rssMiB / small.rssMiB;
    budget(
      `catalog from-cluster, same catalog from ${f2(resourceBytes(sizes[1].fake) / resourceBytes(sizes[0].fake))}x the resources: peak RSS <= 1.5x`,
      ratio <= 1.5 && large.exitCode === 0,
      `${f2(ratio)}x (${large.rssMiB.toFixed(0)} MiB vs ${small.rssMiB.toFixed(0)} MiB)`,
    );
    budget(
      `catalog from-cluster: what it keeps fits a ${HEAP_MiB} MiB heap at both sizes (node --max-old-space-size=${HEAP_MiB})`,
      smallCapped.exitCode === 0 && largeCapped.exitCode === 0,
      `exit ${smallCapped.exitCode} and ${largeCapped.exitCode}`,
    );
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
}
