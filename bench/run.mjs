// `npm run bench`: the functions against baselines, measured in the same run.
// Each function and each baseline runs as its own process, as Porch runs a function.
// Exits 1 when a budget is missed, 2 when it cannot run. Expects `npm run build` to have run
// (the npm script does).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { APIS, EMPTY_LIST, REVISIONS, catalogItem, resourceList } from './generate.mjs';
import { writtenCatalog } from './catalog-size.mjs';
import { cliPaths } from './cli-paths.mjs';
import { identityProblem } from './identity.mjs';
import { measure, median, rssSource } from './measure.mjs';

const RUNS = 3;
const COLD_RUNS = 9;
const SIZES = [
  { resources: 100, packages: 10 },
  { resources: 1000, packages: 100 },
  { resources: 10000, packages: 1000 },
];
/**
 * The per-call workload: a small package with the whole large catalog in its message, as Porch
 * passes it to every function of every render. Each function against reading and writing the
 * same input, more runs than the others since its budgets are tight ratios.
 */
const PER_CALL = { resources: 100, packages: 1000 };
const PER_CALL_RUNS = 5;
const PER_CALL_TIME = 1.5;
const PER_CALL_RSS_MiB = 30;
/** The functions of the per-call budgets, each on its own input (see perCallInputs). */
const PER_CALL_FUNCTIONS = ['resolve-dependencies', 'emit-package-variants', 'validate-dependencies'];
const NEPHIO_DIR = 'test/fixtures/nephio-catalog';
const NEPHIO_CATALOG = 'test/fixtures/nephio/catalog.yaml';
const PORCH_MESSAGE_BYTES = 6 * 1024 * 1024;
const MiB = 1024 * 1024;

const node = process.execPath;
const work = mkdtempSync(join(tmpdir(), 'pkgdeps-bench-'));
const fn = (name) => `dist/functions/${name}.js`;
const built = (name) => existsSync(fn(name));

/** The baselines: each runs `node argv` on the workload input, as a function would. */
const baselines = [
  { name: 'read stdin + write stdout', argv: ['bench/baseline.mjs', 'cat'], readWrite: true },
  { name: 'js-yaml load+dump', argv: ['bench/baseline.mjs', 'js-yaml'], jsYaml: true },
  { name: 'yaml parseDocument+toString', argv: ['bench/baseline.mjs', 'yaml-document'], yamlDocument: true },
];
const functionRun = (name) => ({ name, argv: [fn(name)], fn: name });

function write(name, text) {
  const file = join(work, name);
  writeFileSync(file, text);
  return file;
}

/**
 * A ResourceList of the Nephio fixture: `kpt fn source` when kpt is on PATH (kpt's own text,
 * which the byte-identity check needs), else the project's reader (which writes comments above
 * a dash where kpt writes them after it, so its identity check can differ there).
 */
async function nephioList() {
  const kpt = spawnSync('kpt', ['fn', 'source', NEPHIO_DIR], { encoding: 'utf8', maxBuffer: 64 * MiB });
  if (kpt.status === 0) return { text: kpt.stdout, by: 'kpt fn source' };
  const outfile = join(work, 'package-dir.mjs');
  const banner = { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" };
  await build({
    entryPoints: ['src/krm/package-dir.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    banner,
    logLevel: 'warning',
  });
  const { readPackageDir } = await import(pathToFileURL(outfile).href);
  return { text: readPackageDir(NEPHIO_DIR).text, by: 'readPackageDir (kpt not on PATH)' };
}

/**
 * The generated catalog item of `packages` packages with its `data` as pkgdeps writes it
 * (writtenCatalog, docs/SPEC.md rule catalog-compact), each string a literal block, so that the
 * per-call workload measures the form users' catalogs have.
 */
async function builtCatalogItem(packages) {
  const { data } = await writtenCatalog(work, packages, 1);
  const generated = catalogItem(packages);
  const block = (key) => {
    if (!/[^\n]\n$/.test(data[key])) throw new Error(`data.${key} as written does not end in one line break`);
    return `    ${key}: |\n${data[key].replace(/^(?=.)/gm, '      ')}`;
  };
  const dataText = Object.keys(data).map(block).join('');
  return `${generated.slice(0, generated.indexOf('  data:\n'))}  data:\n${dataText}`;
}

/** `list` with `itemText` (one YAML document) appended as its last item. */
function withItem(list, itemText) {
  const lines = itemText
    .trimEnd()
    .split('\n')
    .filter((line) => !line.startsWith('#'));
  return `${list}${lines.map((line, i) => (i === 0 ? `- ${line}` : line === '' ? '' : `  ${line}`)).join('\n')}\n`;
}

/**
 * The per-call inputs: resolve and emit as generated; validate-dependencies on what emit wrote
 * (its PackageVariants request every missing dependency, so the validator passes, as in a
 * pipeline that emits and then validates), with its own config in place of emit's.
 */
function perCallInputs(withBuiltCatalog) {
  const emitInput = withBuiltCatalog(resourceList({ ...PER_CALL, kind: 'EmitPackageVariants' }));
  const inputs = {
    'resolve-dependencies': withBuiltCatalog(resourceList(PER_CALL)),
    'emit-package-variants': emitInput,
  };
  if (!built('validate-dependencies') || !built('emit-package-variants')) return inputs;
  const emitted = spawnSync(node, [fn('emit-package-variants')], { input: emitInput, maxBuffer: 64 * MiB });
  if (emitted.status !== 0) throw new Error(`emit-package-variants failed on the per-call input: ${emitted.stderr}`);
  // emit writes items, functionConfig, then results: the validator gets the items and its own config.
  const [list, rest] = emitted.stdout.toString('utf8').split(/^functionConfig:\n/m);
  if (rest === undefined) throw new Error('emit-package-variants wrote no functionConfig');
  const config = rest.split(/^results:\n/m)[0].replace('kind: EmitPackageVariants', 'kind: ValidateDependencies');
  inputs['validate-dependencies'] = `${list}functionConfig:\n${config}`;
  return inputs;
}

/** Runs every row of a workload `runs` times, round robin, so that drift hits all rows alike. */
async function runWorkload(rows, runs = RUNS) {
  const samples = rows.map(() => ({ times: [], rss: [] }));
  const last = [];
  for (let i = 0; i < runs; i += 1) {
    for (const [index, row] of rows.entries()) {
      const outFile = join(work, `out-${index}.yaml`);
      const result = await measure(node, row.argv, row.inputFile, outFile, join(work, 'time.txt'));
      samples[index].times.push(result.seconds);
      samples[index].rss.push(result.rssMiB);
      last[index] = { ...result, outFile };
    }
  }
  return rows.map((row, index) => ({
    ...row,
    seconds: median(samples[index].times),
    rssMiB: Math.max(...samples[index].rss),
    exitCode: last[index].exitCode,
    stderr: last[index].stderr,
    outFile: last[index].outFile,
    identity:
      row.fn === undefined || row.text === undefined
        ? undefined
        : (identityProblem(row.text, readFileSync(last[index].outFile, 'utf8')) ?? 'same'),
  }));
}

const budgets = [];
function budget(name, pass, figure) {
  budgets.push({ name, pass, figure });
}

const f2 = (n) => n.toFixed(2);

/** The per-call budgets of one function row against reading and writing the same input. */
function perCallBudgets(row, label, readWrite) {
  const ratio = row.seconds / readWrite.seconds;
  budget(
    `${row.fn}, ${label}: time <= ${PER_CALL_TIME}x read+write`,
    ratio <= PER_CALL_TIME,
    `${f2(ratio)}x (${f2(row.seconds)} s vs ${f2(readWrite.seconds)} s)`,
  );
  const extra = row.rssMiB - readWrite.rssMiB;
  budget(
    `${row.fn}, ${label}: peak RSS <= read+write + ${PER_CALL_RSS_MiB} MiB`,
    extra <= PER_CALL_RSS_MiB,
    `+${extra.toFixed(0)} MiB (${row.rssMiB.toFixed(0)} MiB vs ${readWrite.rssMiB.toFixed(0)} MiB)`,
  );
}
const pad = (text, width) => String(text).padEnd(width);
const lpad = (text, width) => String(text).padStart(width);

function printTable(rows) {
  const header = ['workload', 'input MiB', 'run', 'time s', 'x js-yaml', 'peak RSS MiB', 'exit', 'output'];
  const widths = [22, 10, 30, 8, 10, 13, 5, 40];
  const line = (cells) =>
    cells
      .map((cell, i) => (i === 1 || (i >= 3 && i <= 6) ? lpad(cell, widths[i]) : pad(cell, widths[i])))
      .join(' ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join(' '));
  for (const row of rows) {
    const output =
      row.identity === undefined
        ? ''
        : row.identity === 'same'
          ? 'same bytes outside pkgdeps edits'
          : `CHANGED: ${row.identity}`;
    console.log(
      line([
        row.workload,
        f2(row.inputMiB),
        row.name,
        f2(row.seconds),
        row.ratio === undefined ? '' : `${f2(row.ratio)}x`,
        row.rssMiB.toFixed(0),
        row.exitCode,
        output,
      ]),
    );
  }
}

async function main() {
  if (!built('resolve-dependencies'))
    throw new Error('dist/functions/resolve-dependencies.js is missing: run npm run build');
  const mutators = ['resolve-dependencies', 'emit-package-variants'].filter(built);
  const table = [];
  const growth = {};

  const { text: nephio, by: nephioBy } = await nephioList();
  const workloads = SIZES.map((size) => ({
    label: `${size.resources} res / ${size.packages} pkg`,
    size,
    base: resourceList(size),
    inputs: {
      'resolve-dependencies': resourceList(size),
      'emit-package-variants': resourceList({ ...size, kind: 'EmitPackageVariants' }),
    },
  }));
  const builtItem = await builtCatalogItem(PER_CALL.packages);
  const withBuiltCatalog = (text) => text.replace(catalogItem(PER_CALL.packages), () => builtItem);
  workloads.splice(1, 0, {
    label: `${PER_CALL.resources} res / ${PER_CALL.packages} pkg (built)`,
    perCall: true,
    base: withBuiltCatalog(resourceList(PER_CALL)),
    inputs: perCallInputs(withBuiltCatalog),
  });
  const nephioWithCatalog = withItem(nephio, readFileSync(NEPHIO_CATALOG, 'utf8'));
  workloads.push({
    label: 'nephio fixture',
    base: nephio,
    inputs: {
      'resolve-dependencies': nephioWithCatalog,
      'emit-package-variants': `${nephioWithCatalog}functionConfig:\n  apiVersion: fn.pkgdeps.dev/v1alpha1\n  kind: EmitPackageVariants\n  metadata:\n    name: config\n  target: mgmt\n  downstreamRepository: mgmt\n`,
      'build-catalog': nephio,
    },
  });

  for (const [w, workload] of workloads.entries()) {
    // The yaml Document baseline, seconds on a large catalog, is left out where no budget reads it.
    const rows = baselines
      .filter((b) => !workload.perCall || b.yamlDocument !== true)
      .map((b) => ({ ...b, text: workload.base }));
    const runNames = workload.perCall
      ? PER_CALL_FUNCTIONS.filter(built)
      : [...mutators, ...(built('build-catalog') ? ['build-catalog'] : [])];
    for (const name of runNames) {
      const text = workload.inputs[name];
      if (text !== undefined) rows.push({ ...functionRun(name), text });
    }
    for (const [r, row] of rows.entries()) row.inputFile = write(`w${w}-${r}.yaml`, row.text);
    const runs = workload.perCall ? PER_CALL_RUNS : RUNS;
    process.stderr.write(
      `bench: ${workload.label} (${f2(Buffer.byteLength(workload.base) / MiB)} MiB), ${rows.length} runs x ${runs}\n`,
    );
    const measured = await runWorkload(rows, runs);
    const jsYaml = measured.find((row) => row.jsYaml === true);
    const readWrite = measured.find((row) => row.readWrite === true);
    for (const row of measured) {
      const inputMiB = Buffer.byteLength(row.text) / MiB;
      table.push({
        ...row,
        workload: workload.label,
        inputMiB,
        ratio: jsYaml === undefined ? undefined : row.seconds / jsYaml.seconds,
      });
      if (row.fn === undefined) continue;
      if (row.exitCode !== 0)
        process.stderr.write(
          `bench: ${row.fn} on ${workload.label} exited ${row.exitCode}: ${row.stderr.trim().split('\n', 1)[0] || 'error results in its output'}\n`,
        );
      budget(`${row.fn}, ${workload.label}: output = input + pkgdeps edits`, row.identity === 'same', row.identity);
      const rssLimit = 3 * inputMiB + 80;
      // The per-call workload has its own memory budget (perCallBudgets).
      if (!workload.perCall)
        budget(
          `${row.fn}, ${workload.label}: peak RSS <= 3x input + 80 MiB (${rssLimit.toFixed(0)})`,
          row.rssMiB <= rssLimit,
          `${row.rssMiB.toFixed(0)} MiB`,
        );
      if (workload.size !== undefined) (growth[row.fn] ??= []).push({ label: workload.label, seconds: row.seconds });
      if (workload.perCall && readWrite !== undefined) perCallBudgets(row, workload.label, readWrite);
      if (workload.size?.resources === 10000 && mutators.includes(row.fn) && jsYaml !== undefined) {
        budget(
          `${row.fn}, ${workload.label}: time <= 1.0x js-yaml load+dump`,
          row.seconds <= jsYaml.seconds,
          `${f2(row.seconds / jsYaml.seconds)}x (${f2(row.seconds)} s vs ${f2(jsYaml.seconds)} s)`,
        );
      }
      if (row.fn === 'build-catalog')
        budget('build-catalog, nephio fixture: time < 2 s', row.seconds < 2, `${f2(row.seconds)} s`);
    }
  }
  if (!built('build-catalog'))
    budgets.push({
      name: 'build-catalog, nephio fixture: time < 2 s',
      pass: undefined,
      figure: 'dist/functions/build-catalog.js not built yet',
    });

  console.log(
    `\npkgdeps benchmark: median of ${RUNS} runs (cold start: ${COLD_RUNS}), each run a separate process; peak RSS from ${rssSource}; nephio input from ${nephioBy}\n`,
  );
  printTable(table);

  console.log('\ncold start on an empty ResourceList');
  const empty = write('empty.yaml', EMPTY_LIST);
  // Bare node and every function take turns (see runWorkload), so that the machine's drift
  // during the runs hits the baseline as much as the functions.
  const names = readdirSync('dist/functions')
    .filter((file) => file.endsWith('.js'))
    .sort()
    .map((file) => file.replace(/\.js$/, ''));
  const [bare, ...colds] = await runWorkload(
    [
      { argv: ['-e', '0'], inputFile: empty },
      ...names.map((name) => ({ argv: [fn(name)], inputFile: empty, fn: name })),
    ],
    COLD_RUNS,
  );
  console.log(`  ${pad('node -e 0', 28)} ${f2(bare.seconds * 1000).padStart(8)} ms`);
  for (const [index, cold] of colds.entries()) {
    const name = names[index];
    const ratio = cold.seconds / bare.seconds;
    console.log(`  ${pad(name, 28)} ${f2(cold.seconds * 1000).padStart(8)} ms  ${f2(ratio)}x bare node`);
    budget(`${name}: cold start <= 1.5x bare node`, ratio <= 1.5, `${f2(ratio)}x`);
  }

  console.log('\ngrowth (time at 10x the items and packages / time at 1x)');
  for (const [name, points] of Object.entries(growth)) {
    for (let i = 1; i < points.length; i += 1) {
      const ratio = points[i].seconds / points[i - 1].seconds;
      console.log(`  ${pad(name, 28)} ${pad(`${points[i - 1].label} -> ${points[i].label}`, 40)} ${f2(ratio)}x`);
      budget(`${name}: growth <= 11x (${points[i - 1].label} -> ${points[i].label})`, ratio <= 11, `${f2(ratio)}x`);
    }
  }

  console.log('\ncatalog size');
  const catalogBytes = Buffer.byteLength(catalogItem(1000));
  const entries = 1000 * REVISIONS * APIS;
  console.log(
    `  1000-package catalog ConfigMap: ${f2(catalogBytes / MiB)} MiB, ${(catalogBytes / entries).toFixed(0)} bytes per API entry (${entries} entries)`,
  );
  const porchInput = resourceList({ resources: 1000, packages: 1000 });
  const [porchRun] = await runWorkload(
    [{ argv: [fn('resolve-dependencies')], inputFile: write('porch.yaml', porchInput), fn: 'resolve-dependencies' }],
    1,
  );
  for (const [what, text] of [
    ['request', porchInput],
    ['response', readFileSync(porchRun.outFile, 'utf8')],
  ]) {
    const bytes = Buffer.byteLength(text);
    console.log(
      `  1000-package catalog + 1000 resources, resolve ${what}: ${f2(bytes / MiB)} MiB: ${bytes <= PORCH_MESSAGE_BYTES ? 'fits' : 'does NOT fit'} in Porch's 6 MiB message`,
    );
  }

  // The catalog as build-catalog and `catalog from-cluster` write it (docs/SPEC.md rule catalog-compact).
  const written = await writtenCatalog(work, 1000, 100);
  console.log(
    `  1000-package catalog + installed for 100 targets, as pkgdeps writes it: ${f2(written.bytes / MiB)} MiB`,
  );
  budget(
    `catalog for 1,000 packages x ${REVISIONS} revisions x ${APIS} APIs + installed for 100 targets <= 1 MiB of data`,
    written.bytes <= MiB,
    `${written.bytes} bytes (${f2(written.bytes / MiB)} MiB)`,
  );

  await cliPaths({
    runWorkload,
    write,
    budget,
    work,
    nephio: { dir: NEPHIO_DIR, catalog: NEPHIO_CATALOG, list: nephio, listWithCatalog: nephioWithCatalog },
  });

  console.log('\nbudgets');
  for (const { name, pass, figure } of budgets)
    console.log(`  ${pass === undefined ? 'SKIP' : pass ? 'PASS' : 'MISS'}  ${name}: ${figure}`);
  const missed = budgets.filter((b) => b.pass === false).length;
  console.log(missed === 0 ? '\nall budgets met' : `\n${missed} budget(s) missed`);
  return missed === 0 ? 0 : 1;
}

// A budget missed is exit 1; a crash is one line and exit 2, so CI can tell them apart.
try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
} finally {
  rmSync(work, { recursive: true, force: true });
}
