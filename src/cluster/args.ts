import { parsePreferences } from '../resolve/index.js';
import type { Preference } from '../resolve/index.js';

/** Usage and options of `pkgdeps catalog from-cluster`; no client code, so `catalog help` stays light. */

export const fromClusterUsage = `usage: pkgdeps catalog from-cluster [--kubeconfig F] [--context C] [--namespace N] [--target NAME] [--prefer G=REPO/PKG]... [--chunk-size N] [--timeout S] [-o FILE]

Builds the catalog ConfigMap from a cluster running Porch (get and list only):
packages from the PackageRevisions of blueprint repositories (deployment: false),
installed from the deployment repositories (each one a target of its own name), platform
from the API groups and kinds the cluster serves that no catalog package provides.
  --kubeconfig F       kubeconfig file (default: KUBECONFIG, then ~/.kube/config)
  --context C          kubeconfig context (default: its current context)
  --namespace N        namespace of the Porch Repositories (default: the context's, else "default")
  --target NAME        read installed packages of deployment repository NAME only
  --prefer G=REPO/PKG  settles an ambiguous dependency (repeatable)
  --chunk-size N       list page size (limit/continue; default 500)
  --timeout S          seconds each request may take (default 30)
  -o FILE              write the catalog to FILE; an existing catalog there is updated (default: stdout)`;

export interface FromClusterOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  target?: string;
  preferences: Preference[];
  chunkSize: number;
  timeout: number;
  out?: string;
}

const VALUED = new Set(['--kubeconfig', '--context', '--namespace', '-n', '--target', '--prefer', '--chunk-size', '--timeout', '-o', '--output']);

export function parseFromClusterArgs(args: string[]): FromClusterOptions | string {
  const options: FromClusterOptions = { preferences: [], chunkSize: 500, timeout: 30 };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!VALUED.has(arg)) return arg.startsWith('-') ? `unknown option ${arg}` : `unexpected argument "${arg}"`;
    const value = args[++i];
    if (value === undefined) return `${arg} needs a value`;
    if (arg === '--kubeconfig') options.kubeconfig = value;
    else if (arg === '--context') options.context = value;
    else if (arg === '--namespace' || arg === '-n') options.namespace = value;
    else if (arg === '--target') options.target = value;
    else if (arg === '-o' || arg === '--output') options.out = value;
    else if (arg === '--prefer') {
      const parsed = parsePreferences(value);
      if (parsed instanceof Error) return `--prefer: ${parsed.message}`;
      options.preferences.push(...parsed);
    } else {
      const number = Number(value);
      const valid = arg === '--chunk-size' ? Number.isInteger(number) && number > 0 : Number.isFinite(number) && number > 0;
      if (!valid) return `${arg} needs a positive ${arg === '--chunk-size' ? 'integer' : 'number'}, got "${value}"`;
      if (arg === '--chunk-size') options.chunkSize = number;
      else options.timeout = number;
    }
  }
  return options;
}
