import type { FromClusterOptions } from '../src/cluster/index.js';
import { DEFAULT_CATALOG_NAME, packagesText } from '../src/catalog-build/index.js';
import { hasErrors } from '../src/krm/index.js';
import type { Command } from './command.js';
import { CommandError } from './command.js';
import { catalogNode, openCatalogFile, writeCatalogFile } from './catalog-file.js';
import { stringValue, UsageError } from './options.js';
import type { ParsedArgs } from './options.js';
import { Reporter } from './report.js';
import { outputOption, preferencesOf, preferOption, quietOption } from './shared-options.js';

/** Node's timers hold at most 2^31-1 ms; a longer timeout would fire at once. */
const MAX_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

function positive(args: ParsedArgs, name: string, fallback: number, integer: boolean, max: number): number {
  const text = stringValue(args, name);
  if (text === undefined) return fallback;
  const number = Number(text);
  const valid = (integer ? Number.isInteger(number) : Number.isFinite(number)) && number > 0 && number <= max;
  if (!valid) {
    const kind = integer ? 'integer' : 'number';
    const most = max === Number.MAX_SAFE_INTEGER ? '' : ` of at most ${max}`;
    throw new UsageError('catalog from-cluster', `--${name} needs a positive ${kind}${most}, got "${text}"`);
  }
  return number;
}

function optionsOf(args: ParsedArgs): FromClusterOptions {
  const text = (name: string) => stringValue(args, name);
  const given = (name: string) => (text(name) === undefined ? {} : { [name]: text(name) });
  return {
    ...given('kubeconfig'),
    ...given('context'),
    ...given('namespace'),
    ...given('target'),
    preferences: preferencesOf(args, 'catalog from-cluster'),
    chunkSize: positive(args, 'chunk-size', 500, true, Number.MAX_SAFE_INTEGER),
    timeout: positive(args, 'timeout', 30, false, MAX_TIMEOUT_SECONDS),
  };
}

/** `pkgdeps catalog from-cluster` (src/cluster, loaded only when it runs: it brings the Kubernetes client). */
export const catalogFromCluster: Command = {
  spec: {
    name: 'catalog from-cluster',
    args: '',
    positionals: { min: 0, max: 0 },
    about:
      'Builds the catalog ConfigMap from a cluster running Porch (get and list only): packages from the\n' +
      'PackageRevisions of blueprint repositories (deployment: false), installed from the deployment\n' +
      'repositories (each one a target of its own name), platform from the API groups and kinds the\n' +
      'cluster serves that no catalog package provides.',
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
      { name: 'timeout', value: 'S', help: `seconds each request may take (default 30, at most ${MAX_TIMEOUT_SECONDS})` },
      outputOption,
      quietOption,
    ],
  },
  async run(args, io) {
    const options = optionsOf(args);
    const reporter = new Reporter(io, 'catalog from-cluster', args.values.quiet === true);
    const file = openCatalogFile(stringValue(args, 'output'));
    const { catalogFromCluster: read, setClusterData } = await import('../src/cluster/index.js');
    const name = file.catalog?.name ?? DEFAULT_CATALOG_NAME;
    const found = await read(options, file.catalog, name, (message) => reporter.progress(message));
    if (typeof found === 'string') throw new CommandError(found);
    reporter.results(found.results);
    if (found.packages === undefined) return 1;
    const node = catalogNode(file, name, packagesText(found.packages));
    setClusterData(node, found.installed, found.platform);
    const written = writeCatalogFile(file, io);
    if (written !== undefined) reporter.progress(`wrote catalog ${name} (${found.packages.length} packages) to ${written}`);
    return hasErrors(found.results) ? 1 : 0;
  },
};
