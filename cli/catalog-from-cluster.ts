import type { ApplyRound, FromClusterOptions, Progress } from '../src/cluster/index.js';
import { CONFIG_MAP_NAME_RULE, DEFAULT_CATALOG_NAME, isConfigMapName } from '../src/catalog-build/index.js';
import { packagesText } from '../src/catalog-build/index.js';
import { hasErrors } from '../src/krm/index.js';
import type { Result } from '../src/krm/index.js';
import type { Command, Io } from './command.js';
import { CommandError } from './command.js';
import { catalogNode, openCatalogFile, writeCatalogFile } from './catalog-file.js';
import { stringValue, UsageError } from './options.js';
import type { ParsedArgs } from './options.js';
import { Reporter } from './report.js';
import { outputOption, preferencesOf, preferOption, quietOption } from './shared-options.js';

const COMMAND = 'catalog from-cluster';

/** Node's timers hold at most 2^31-1 ms; a longer timeout would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const MAX_TIMEOUT_SECONDS = Math.floor(MAX_TIMER_MS / 1000);
/** PackageRevisionResources requests in flight at most, unless --concurrency says otherwise. */
const DEFAULT_CONCURRENCY = 8;
const MAX_CONCURRENCY = 256;

function positive(args: ParsedArgs, name: string, fallback: number, integer: boolean, max: number): number {
  const text = stringValue(args, name);
  if (text === undefined) return fallback;
  const number = Number(text);
  const valid = (integer ? Number.isInteger(number) : Number.isFinite(number)) && number > 0 && number <= max;
  if (!valid) {
    const kind = integer ? 'integer' : 'number';
    const most = max === Number.MAX_SAFE_INTEGER ? '' : ` of at most ${max}`;
    throw new UsageError(COMMAND, `--${name} needs a positive ${kind}${most}, got "${text}"`);
  }
  return number;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;

/** A duration as Go and kubectl write one (`10s`, `1m`, `1m30s`, `500ms`, `1.5h`), in milliseconds. */
export function durationMs(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const [, amount = '', unit = ''] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(amount) * (UNIT_MS[unit] ?? 0);
  }
  return total > 0 && total <= MAX_TIMER_MS ? total : undefined;
}

/** `--apply`, `--name` and `--every` (`every` in milliseconds), or undefined when the catalog is printed. */
interface ApplyPlan {
  name: string;
  every?: number;
}

function applyPlan(args: ParsedArgs): ApplyPlan | undefined {
  const name = stringValue(args, 'name');
  const every = stringValue(args, 'every');
  if (args.values.apply !== true) {
    const without = name !== undefined ? '--name' : every !== undefined ? '--every' : undefined;
    if (without !== undefined) throw new UsageError(COMMAND, `${without} needs --apply`);
    return undefined;
  }
  if (stringValue(args, 'output') !== undefined) {
    const message = '--apply writes the catalog into the cluster, -o/--output to a file: give one of them';
    throw new UsageError(COMMAND, message);
  }
  if (name !== undefined && !isConfigMapName(name)) {
    throw new UsageError(COMMAND, `--name "${name}" is not a ConfigMap name (${CONFIG_MAP_NAME_RULE})`);
  }
  const ms = every === undefined ? undefined : durationMs(every);
  if (every !== undefined && ms === undefined) {
    const units = `units ms, s, m, h; at most ${Math.floor(MAX_TIMER_MS / 3_600_000)}h`;
    const expected = `a positive duration such as 10s, 1m or 1m30s (${units})`;
    throw new UsageError(COMMAND, `--every needs ${expected}, got "${every}"`);
  }
  return { name: name ?? DEFAULT_CATALOG_NAME, ...(ms === undefined ? {} : { every: ms }) };
}

/** The options as the command reads them; a {@link UsageError} for any that is wrong. */
export function fromClusterArgs(args: ParsedArgs): { options: FromClusterOptions; apply?: ApplyPlan } {
  const text = (name: string) => stringValue(args, name);
  const given = (name: string) => (text(name) === undefined ? {} : { [name]: text(name) });
  const options: FromClusterOptions = {
    ...given('kubeconfig'),
    ...given('context'),
    ...given('namespace'),
    ...given('target'),
    preferences: preferencesOf(args, COMMAND),
    chunkSize: positive(args, 'chunk-size', 500, true, Number.MAX_SAFE_INTEGER),
    concurrency: positive(args, 'concurrency', DEFAULT_CONCURRENCY, true, MAX_CONCURRENCY),
    timeout: positive(args, 'timeout', 30, false, MAX_TIMEOUT_SECONDS),
  };
  const apply = applyPlan(args);
  return apply === undefined ? { options } : { options, apply };
}

type Source = typeof import('../src/cluster/index.js');

/** The reporter as the reading's progress (lines, and counts; see {@link Reporter.step}). */
function progressOf(reporter: Reporter): Progress {
  return {
    line: (message) => reporter.progress(message),
    step: (message, done, total) => reporter.step(message, done, total),
  };
}

/** `--every` logs changes only, not how far each round got. */
const SILENT: Progress = { line: () => {}, step: () => {} };

/** Prints the catalog, or writes it to `-o FILE`. */
async function printCatalog(source: Source, options: FromClusterOptions, args: ParsedArgs, io: Io, reporter: Reporter) {
  const file = openCatalogFile(stringValue(args, 'output'));
  const name = file.catalog?.name ?? DEFAULT_CATALOG_NAME;
  const found = await source.catalogFromCluster(options, file.catalog, name, progressOf(reporter));
  if (typeof found === 'string') throw new CommandError(found);
  reporter.results(found.results);
  if (found.packages === undefined) return 1;
  const node = catalogNode(file, name, packagesText(found.packages));
  source.setClusterData(node, found.installed, found.platform, found.platformObjects);
  const written = writeCatalogFile(file, io);
  if (written !== undefined) {
    reporter.progress(`wrote catalog ${name} (${found.packages.length} packages) to ${written}`);
  }
  return hasErrors(found.results) ? 1 : 0;
}

/** What a round did, in a line: `created ConfigMap package-catalog in namespace porch (12 packages, ...)`. */
function appliedLine(name: string, round: ApplyRound): string {
  const { found, namespace, applied } = round;
  const where = `ConfigMap ${name} in namespace ${namespace}`;
  if (applied === undefined) return `${where} not written: the catalog has errors`;
  if (applied.action === 'unchanged') return `${where} is up to date`;
  const packages = found.packages?.length ?? 0;
  const counts = `${packages} packages, ${found.installed.length} installed, ${found.platform.length + found.platformObjects.length} platform`;
  const keys = applied.changed.map((key) => `data.${key}`).join(', ');
  const changed = applied.action === 'updated' ? `; changed: ${keys}` : '';
  return `${applied.action} ${where} (${counts})${changed}`;
}

/** `--apply` once: progress and results as without it, then what was written. */
async function applyOnce(source: Source, options: FromClusterOptions, plan: ApplyPlan, reporter: Reporter) {
  const round = await source.applyFromCluster(options, plan.name, progressOf(reporter));
  if (typeof round === 'string') throw new CommandError(round);
  reporter.results(round.found.results);
  reporter.progress(appliedLine(plan.name, round));
  return round.applied === undefined || hasErrors(round.found.results) ? 1 : 0;
}

/**
 * `--apply --every`: a round per interval until SIGTERM or SIGINT. Only changes are logged: a
 * write, a result not given by the round before (with `--quiet` errors only), a failure
 * differing from the last one, and being up to date again after a failure. The signal aborts
 * the round under way; exit 0.
 */
async function applyEvery(
  source: Source,
  options: FromClusterOptions,
  plan: ApplyPlan & { every: number },
  io: Io,
  quiet: boolean,
) {
  const stop = io.stopSignal?.() ?? new AbortController().signal;
  const log = new Reporter(io, COMMAND, false);
  let seen = new Set<string>();
  let failure: string | undefined;
  const key = (result: Result) => `${result.severity}: ${result.message}`;
  await source.repeatUntil(stop, plan.every, async () => {
    const round = await source.applyFromCluster(options, plan.name, SILENT, stop);
    if (stop.aborted) return;
    if (typeof round === 'string') {
      if (round !== failure) log.progress(round);
      failure = round;
      return;
    }
    const shown = round.found.results.filter((one) => !seen.has(key(one)) && (!quiet || one.severity === 'error'));
    for (const result of shown) log.result(result);
    seen = new Set(round.found.results.map(key));
    const line = appliedLine(plan.name, round);
    const changed = round.applied?.action !== 'unchanged';
    if ((changed || failure !== undefined) && line !== failure) log.progress(line);
    failure = round.applied === undefined ? line : undefined;
  });
  log.progress(`stopped${typeof stop.reason === 'string' ? ` (${stop.reason})` : ''}`);
  return 0;
}

/** `pkgdeps catalog from-cluster` (src/cluster, loaded only when it runs: it brings the Kubernetes client). */
export const catalogFromCluster: Command = {
  spec: {
    name: COMMAND,
    args: '',
    positionals: { min: 0, max: 0 },
    about:
      'Builds the catalog ConfigMap from a cluster running Porch (get and list only): packages from the\n' +
      'PackageRevisions of blueprint repositories (deployment: false), installed from the deployment\n' +
      'repositories (each one a target of its own name), platform from the API groups and kinds the\n' +
      'cluster serves that no catalog package provides. --apply writes it into the namespace instead\n' +
      '(get, create and update of one ConfigMap), --every keeps it current until SIGTERM or SIGINT.',
    options: [
      { name: 'kubeconfig', value: 'FILE', help: 'kubeconfig file (default: KUBECONFIG, then ~/.kube/config)' },
      { name: 'context', value: 'C', help: 'kubeconfig context (default: its current context)' },
      {
        name: 'namespace',
        short: 'n',
        value: 'N',
        help: 'namespace of the Porch Repositories (default: the context\'s, else "default")',
      },
      { name: 'target', value: 'NAME', help: 'read installed packages of deployment repository NAME only' },
      preferOption,
      { name: 'chunk-size', value: 'N', help: 'list page size (limit/continue; default 500)' },
      {
        name: 'concurrency',
        value: 'N',
        help: `PackageRevisionResources requests in flight at most (default ${DEFAULT_CONCURRENCY}, at most ${MAX_CONCURRENCY})`,
      },
      {
        name: 'timeout',
        value: 'S',
        help: `seconds each request may take (default 30, at most ${MAX_TIMEOUT_SECONDS})`,
      },
      outputOption,
      {
        name: 'apply',
        help: 'write the catalog ConfigMap into the namespace: created, or updated when it differs (not with -o)',
      },
      { name: 'name', value: 'N', help: `name of the ConfigMap --apply writes (default ${DEFAULT_CATALOG_NAME})` },
      {
        name: 'every',
        value: 'DURATION',
        help: 'with --apply: again every DURATION (10s, 1m, 1m30s) until SIGTERM or SIGINT, logging each change',
      },
      quietOption,
    ],
  },
  async run(args, io) {
    const { options, apply } = fromClusterArgs(args);
    const reporter = new Reporter(io, COMMAND, args.values.quiet === true);
    const source = await import('../src/cluster/index.js');
    if (apply === undefined) return printCatalog(source, options, args, io, reporter);
    if (apply.every === undefined) return applyOnce(source, options, apply, reporter);
    return applyEvery(source, options, { ...apply, every: apply.every }, io, args.values.quiet === true);
  },
};
