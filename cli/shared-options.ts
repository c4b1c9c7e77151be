import { parsePreferences } from '../src/resolve/index.js';
import type { Preference } from '../src/resolve/index.js';
import type { OptionSpec, ParsedArgs } from './options.js';
import { listValue, UsageError } from './options.js';

/** Options several commands take, spelled and explained once. */

export const catalogOption: OptionSpec = {
  name: 'catalog',
  value: 'FILE',
  required: true,
  help: 'YAML file holding the catalog ConfigMap (annotation pkgdeps.dev/catalog)',
};

export const targetOption: OptionSpec = {
  name: 'target',
  value: 'T',
  help: 'the cluster the package is for (installed entries)',
};

export const preferOption: OptionSpec = {
  name: 'prefer',
  value: 'GROUP[/KIND]=REPO/PKG',
  multiple: true,
  help: 'settles an ambiguous API: its provider is REPO/PKG (the preferences config field)',
};

export const outputOption: OptionSpec = {
  name: 'output',
  short: 'o',
  value: 'FILE',
  help: 'write the catalog to FILE; an existing catalog there is updated, keeping its other entries (default: stdout)',
};

export const quietOption: OptionSpec = { name: 'quiet', short: 'q', help: 'print errors and the summary only' };

/** The `--prefer` values as preferences; a malformed one is a usage error of `command`. */
export function preferencesOf(args: ParsedArgs, command: string): Preference[] {
  const parsed = parsePreferences(listValue(args, 'prefer').join(','));
  if (parsed instanceof Error) throw new UsageError(command, `--prefer: ${parsed.message}`);
  return parsed;
}
