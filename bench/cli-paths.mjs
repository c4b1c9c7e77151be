// The CLI rows of `npm run bench` (bench/run.mjs runs them): each CLI path against a baseline
// measured in the same run, round robin (see runWorkload in run.mjs).
// - catalog build DIR and why DIR on the Nephio fixture against the function on its ResourceList;
// - catalog build --git on a generated history against the same history without tags.
import { join } from 'node:path';
import { gitHistory } from './generate-sources.mjs';

const CLI = 'dist/cli.js';
const GIT_PACKAGES = 1000;
const GIT_REVISIONS = 5;

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
}
