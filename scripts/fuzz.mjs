// npm run fuzz -- [--seconds N] [--seed S] [--strict]
//
// Feeds every function of the registry (functions/index.ts) random mutations of real inputs
// (each examples/<name>/ as `kpt fn source` gives it, the robustness tests' base package and
// generated packages) for N seconds, and checks docs/SPEC.md section 7 on each run: no uncaught
// exception or stack trace; input that is no ResourceList gets exit 1, one stderr line and no
// stdout; otherwise a parseable ResourceList, no item pkgdeps does not own lost, reordered or
// changed, the exit code matching the results, the same output twice, nothing changed by a
// run on its own output; and, across functions, validate-dependencies passes on
// emit-package-variants' output when emit succeeded (docs/SPEC.md rule dependency-closure).
// Runs are in-process (the TypeScript sources, bundled by esbuild); one in 25 also runs
// dist/functions/<name>.js as a process and compares. Failing inputs are written to a directory
// shown at the end. Exit 1 on any break of the README's Guarantees for every input (no uncaught
// exception or stack trace, no lost item, output that parses, the exit code matching the
// results, the same output twice) or of the emit -> validate invariant. Text-level fidelity
// findings (an item's text changed, a second run on the output changing whitespace or a
// comment's place) are reported as findings; with --strict they fail the run too. Known ones
// are listed in the README's Known limitations.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const root = fileURLToPath(new URL('..', import.meta.url));
/** A check that takes longer than this is a hang, reported with its input. */
const HANG_MS = 20_000;
const PROCESS_EVERY = 25;

async function main() {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      seed: { type: 'string' },
      strict: { type: 'boolean', default: false },
    },
  });
  const seconds = Number(values.seconds);
  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
  if (!(seconds > 0) || !Number.isInteger(seed)) {
    process.stderr.write('usage: npm run fuzz -- [--seconds N] [--seed S] [--strict]\n');
    process.exit(2);
  }
  const out = mkdtempSync(join(tmpdir(), 'pkgdeps-fuzz-'));
  const bundle = await bundleSources(out);
  process.stdout.write(`fuzz: ${seconds}s, seed ${seed} (repeat with --seed ${seed})\n`);

  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { bundle, seconds, seed, out } });
  let current = { name: '', input: '', since: Date.now() };
  const watchdog = setInterval(() => {
    if (Date.now() - current.since < HANG_MS) return;
    const file = join(out, `${current.name}-hang.yaml`);
    writeFileSync(file, current.input);
    process.stdout.write(`fuzz: ${current.name} ran more than ${HANG_MS / 1000}s on ${file}\n`);
    void worker.terminate().then(() => process.exit(1));
  }, 1000);
  worker.on('message', (message) => {
    if (message.type === 'check') current = { name: message.name, input: message.input, since: Date.now() };
    if (message.type === 'done') {
      clearInterval(watchdog);
      report(message, out, values.strict);
    }
  });
  worker.on('error', (error) => {
    clearInterval(watchdog);
    process.stdout.write(`fuzz: the fuzzer itself failed on ${current.name}: ${error.stack}\n`);
    process.exit(1);
  });
}

/** Problems about the exact text of what pkgdeps printed, not about lost or broken content. */
const FIDELITY = [/^item \d+ pkgdeps does not own changed:/, /^running on its own output changed it:/];

function isFidelity(problem) {
  return FIDELITY.some((pattern) => pattern.test(problem));
}

function report({ runs, processes, failures }, out, strict) {
  const names = Object.keys(runs).sort();
  const total = names.reduce((sum, name) => sum + runs[name], 0);
  process.stdout.write(
    `fuzz: ${total} runs (${processes} as processes): ${names.map((name) => `${name} ${runs[name]}`).join(', ')}\n`,
  );
  if (failures.length === 0) {
    process.stdout.write('fuzz: no failures\n');
    process.exit(0);
  }
  for (const failure of failures)
    process.stdout.write(
      `\nfuzz: ${failure.name} on ${failure.file} (${failure.mutations.join(', ')}):\n  ${failure.problems.join('\n  ')}\n`,
    );
  const hard = failures.filter((failure) => !failure.problems.every(isFidelity));
  process.stdout.write(
    `\nfuzz: ${failures.length} failing inputs in ${out}: ${hard.length} broke the contract, ${failures.length - hard.length} only changed text\n`,
  );
  process.exit(hard.length > 0 || strict ? 1 : 0);
}

/** The registry, the processors' ConfigSpecs and the test helpers, bundled into one module. */
async function bundleSources(out) {
  const { build } = await import('esbuild');
  const names = readdirSync(join(root, 'functions'))
    .filter((name) => existsSync(join(root, 'functions', name, 'processor.ts')))
    .sort();
  const entry = [
    "export { functions } from './functions/index.ts';",
    "export { processText } from './src/krm/index.ts';",
    "export { checkFunction, emitThenValidate } from './test/support/invariants.ts';",
    "export { exampleInputs, inputModel, renderInput, scenarioInput } from './test/support/arbitraries.ts';",
    "export { default as fc } from 'fast-check';",
    "export { isMap, isScalar, isSeq, parseDocument, visit } from 'yaml';",
    ...names.map((name, i) => `import * as processor${i} from './functions/${name}/processor.ts';`),
    `export const specs = { ${names.map((name, i) => `${JSON.stringify(name)}: processor${i}.configSpec`).join(', ')} };`,
  ].join('\n');
  const result = await build({
    stdin: { contents: entry, resolveDir: root, loader: 'ts', sourcefile: 'fuzz-entry.ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'error',
    // The helpers find examples/ relative to their own file.
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(root, 'test', 'support', 'arbitraries.ts')).href) },
    banner: {
      js: "import { createRequire as __fuzzCreateRequire } from 'node:module'; const require = __fuzzCreateRequire(import.meta.url);",
    },
  });
  const file = join(out, 'bundle.mjs');
  writeFileSync(file, result.outputFiles[0].text);
  return file;
}

// ---------------------------------------------------------------------------------------------
// The worker: mutate, run, check

async function fuzz({ bundle, seconds, seed, out }) {
  const lib = await import(pathToFileURL(bundle).href);
  const random = mulberry32(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const functions = Object.keys(lib.functions).sort();
  const seeds = new Map(
    functions.map((name) => {
      const spec = lib.specs[name];
      const generated = lib.fc
        .sample(lib.inputModel, { numRuns: 20, seed })
        .map(({ list, config }) => lib.renderInput(list, spec, config));
      return [name, [...lib.exampleInputs(spec).map((example) => example.text), lib.scenarioInput(spec), ...generated]];
    }),
  );
  const runs = Object.fromEntries(functions.map((name) => [name, 0]));
  const failures = [];
  let hardCount = 0;
  let processes = 0;
  const deadline = Date.now() + seconds * 1000;
  for (let i = 0; Date.now() < deadline; i++) {
    const name = functions[i % functions.length];
    const { input, mutations } = mutate(pick(seeds.get(name)), random, lib);
    const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
    parentPort.postMessage({ type: 'check', name, input: text });
    const problems = lib.checkFunction(name, lib.functions[name], input);
    if (problems.length === 0 && name === 'emit-package-variants') problems.push(...lib.emitThenValidate(input));
    if (problems.length === 0 && i % PROCESS_EVERY === 0) {
      processes += 1;
      problems.push(...compareProcess(name, input, lib.processText(input, lib.functions[name], name)));
    }
    runs[name] += 1;
    const hard = problems.length > 0 && !problems.every(isFidelity);
    if (hard || (problems.length > 0 && failures.length - hardCount < 20)) {
      if (hard) hardCount += 1;
      mkdirSync(out, { recursive: true });
      const file = join(out, `${name}-${failures.length + 1}.yaml`);
      writeFileSync(file, input);
      failures.push({
        name,
        file,
        mutations,
        problems: problems.map((problem) => problem.split('\n').slice(0, 12).join('\n  ')),
      });
    }
    if (hardCount >= 20) break;
  }
  parentPort.postMessage({ type: 'done', runs, processes, failures });
}

/** dist/functions/<name>.js as kpt runs it: the same stdout, stderr and exit code as in-process. */
function compareProcess(name, input, expected) {
  const file = join(root, 'dist', 'functions', `${name}.js`);
  if (!existsSync(file)) return [`${file} is missing; run npm run build first`];
  const ran = spawnSync(process.execPath, [file], { input, encoding: 'utf8', maxBuffer: 1 << 28, timeout: HANG_MS });
  const problems = [];
  if (ran.status !== expected.exitCode)
    problems.push(
      `as a process: exit code ${ran.status}, in-process ${expected.exitCode} (${ran.stderr.slice(0, 300)})`,
    );
  if (ran.stdout !== expected.stdout) problems.push('as a process: stdout differs from the in-process run');
  if (ran.stderr !== expected.stderr)
    problems.push(
      `as a process: stderr ${JSON.stringify(ran.stderr.slice(0, 300))}, in-process ${JSON.stringify(expected.stderr)}`,
    );
  return problems;
}

function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// Mutations: of the text (mostly broken YAML) and of the parsed document (valid YAML, odd content)

const SNIPPETS = [
  '- ',
  ': ',
  '&a ',
  '*a',
  '{',
  '}',
  '[',
  ']',
  '#',
  '"',
  "'",
  '\t',
  '---',
  '...',
  '%YAML 1.2',
  '!!binary ',
  '? ',
  '|',
  '>-',
  '~',
  'null',
  '<<: *a',
  '\\',
  '\u0000',
  '\ufeff',
  '\u2028',
  'é',
];
const SCALARS = [
  '010',
  '0x1F',
  '~',
  'yes',
  'True',
  '1e3',
  '.inf',
  '""',
  "''",
  '[]',
  '{}',
  '-1',
  '2001-12-14',
  'pkgdeps.dev/x',
  'x'.repeat(5000),
  '{a: *b}',
  '"\\u00e9\\n"',
  '|\n  block',
];
const APIS = [
  'v1',
  'apps/v1',
  'cert-manager.io/v1',
  'cert-manager.io/v2',
  'kpt.dev/v1',
  'fn.pkgdeps.dev/v1alpha1',
  'apiextensions.k8s.io/v1',
  'config.porch.kpt.dev/v1alpha1',
  'rbac.authorization.k8s.io/v1',
  'metallb.io/v1beta1',
  '',
];
const KINDS = [
  'ConfigMap',
  'Kptfile',
  'Certificate',
  'CustomResourceDefinition',
  'PackageVariant',
  'Role',
  'ClusterRole',
  'APIService',
  'IPAddressPool',
  'ResolveDependencies',
  '',
];
const ANNOTATIONS = [
  'pkgdeps.dev/catalog',
  'pkgdeps.dev/provided-by',
  'pkgdeps.dev/generated-by',
  'pkgdeps.dev/depends-on',
  'config.kubernetes.io/local-config',
  'internal.config.kubernetes.io/path',
  'internal.config.kubernetes.io/index',
];

const textMutations = {
  'delete a line': (lines, random) => lines.splice(Math.floor(random() * lines.length), 1),
  'duplicate a line': (lines, random) => {
    const i = Math.floor(random() * lines.length);
    lines.splice(i, 0, lines[i] ?? '');
  },
  'swap two lines': (lines, random) => {
    const i = Math.floor(random() * lines.length);
    const j = Math.floor(random() * lines.length);
    [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
  },
  'insert a token': (lines, random) => {
    const i = Math.floor(random() * lines.length);
    const line = lines[i] ?? '';
    const at = Math.floor(random() * (line.length + 1));
    lines[i] = line.slice(0, at) + SNIPPETS[Math.floor(random() * SNIPPETS.length)] + line.slice(at);
  },
  'reindent a line': (lines, random) => {
    const i = Math.floor(random() * lines.length);
    const shift = Math.floor(random() * 9) - 4;
    lines[i] =
      shift >= 0 ? ' '.repeat(shift) + (lines[i] ?? '') : (lines[i] ?? '').replace(new RegExp(`^ {0,${-shift}}`), '');
  },
  truncate: (lines, random) => lines.splice(Math.floor(random() * lines.length)),
  'replace a value': (lines, random) => {
    const candidates = lines.map((line, i) => (/: \S/.test(line) ? i : -1)).filter((i) => i >= 0);
    const i = candidates[Math.floor(random() * candidates.length)];
    if (i !== undefined)
      lines[i] = (lines[i] ?? '').replace(/: .*$/, `: ${SCALARS[Math.floor(random() * SCALARS.length)]}`);
  },
  'CRLF line ends': (lines) => lines.forEach((line, i) => (lines[i] = i < lines.length - 1 ? `${line}\r` : line)),
};

function structural(doc, random, lib) {
  const nodes = [];
  lib.visit(doc, {
    Pair: (_, pair) => void nodes.push(pair),
    Seq: (_, seq) => void nodes.push(seq),
    Map: (_, map) => void nodes.push(map),
  });
  const items = doc.get('items', true);
  const list = lib.isSeq(items) ? items.items : [];
  const node = nodes[Math.floor(random() * nodes.length)];
  const item = list[Math.floor(random() * list.length)];
  const choices = {
    'remove a key': () => lib.isMap(item) && item.items.splice(Math.floor(random() * item.items.length), 1),
    'odd value': () =>
      node?.value !== undefined &&
      (node.value = doc.createNode(lib.parseDocument(SCALARS[Math.floor(random() * SCALARS.length)]).toJS())),
    'duplicate an item': () => item !== undefined && list.splice(Math.floor(random() * list.length), 0, item.clone()),
    'move an item': () =>
      list.length > 1 &&
      list.splice(Math.floor(random() * list.length), 0, ...list.splice(Math.floor(random() * list.length), 1)),
    'change apiVersion': () => lib.isMap(item) && item.set('apiVersion', APIS[Math.floor(random() * APIS.length)]),
    'change kind': () => lib.isMap(item) && item.set('kind', KINDS[Math.floor(random() * KINDS.length)]),
    'set an annotation': () =>
      lib.isMap(item) &&
      lib.isMap(item.get('metadata', true)) &&
      item.setIn(
        ['metadata', 'annotations', ANNOTATIONS[Math.floor(random() * ANNOTATIONS.length)]],
        pickValue(random),
      ),
    'annotations not a map': () =>
      lib.isMap(item) &&
      lib.isMap(item.get('metadata', true)) &&
      item.setIn(['metadata', 'annotations'], doc.createNode(['a'])),
    'drop metadata': () => lib.isMap(item) && item.delete('metadata'),
    'deep nesting': () =>
      lib.isMap(item) && item.set('deep', lib.parseDocument(`${'['.repeat(200)}${']'.repeat(200)}`).contents),
    'an anchor and aliases': () => {
      if (!lib.isMap(item) || node?.value == null || typeof node.value !== 'object') return;
      node.value.anchor = 'fz';
      item.set('aliased', doc.createAlias(node.value, 'fz'));
    },
    'flow style': () => lib.isMap(item) && (item.flow = true),
    'remove the function config': () => doc.delete('functionConfig'),
    'the function config as an item': () =>
      doc.has('functionConfig') && lib.isSeq(items) && items.items.push(doc.get('functionConfig', true).clone()),
  };
  const name = Object.keys(choices)[Math.floor(random() * Object.keys(choices).length)];
  choices[name]();
  return name;
}

function pickValue(random) {
  const values = ['true', 'v1', '', 'catalog/cert-manager', 'stale/one,stale/two', 'a/b.yaml', '7', 'x'.repeat(300)];
  return values[Math.floor(random() * values.length)];
}

/** One to three mutations of `text`; sometimes bytes that are not UTF-8 or a byte order mark. */
function mutate(text, random, lib) {
  const mutations = [];
  let current = text;
  const count = 1 + Math.floor(random() * 3);
  for (let n = 0; n < count; n++) {
    if (random() < 0.5) {
      const doc = lib.parseDocument(current, { uniqueKeys: false });
      if (doc.errors.length === 0 && lib.isMap(doc.contents)) {
        try {
          mutations.push(structural(doc, random, lib));
          current = doc.toString({ lineWidth: 0 });
          continue;
        } catch {
          // The mutation made a document yaml will not print (an alias cycle): mutate the text instead.
        }
      }
    }
    const lines = current.split('\n');
    const name = Object.keys(textMutations)[Math.floor(random() * Object.keys(textMutations).length)];
    textMutations[name](lines, random);
    mutations.push(name);
    current = lines.join('\n');
  }
  const roll = random();
  if (roll < 0.03) {
    const bytes = Buffer.from(current);
    bytes[Math.floor(random() * bytes.length)] = 0x80 + Math.floor(random() * 0x80);
    return { input: bytes, mutations: [...mutations, 'a byte that is not UTF-8'] };
  }
  if (roll < 0.06) return { input: `\ufeff${current}`, mutations: [...mutations, 'a byte order mark'] };
  return { input: current, mutations };
}

if (isMainThread) await main();
else await fuzz(workerData);
