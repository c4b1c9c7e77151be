import { readFileSync } from 'node:fs';
import { Document, isMap, parseAllDocuments } from 'yaml';
import type { YAMLMap } from 'yaml';
import { CONFIG_API_VERSION } from '../krm/index.js';
import type { Result } from '../krm/index.js';
import type { ApiIndex } from '../catalog/index.js';
import { prepare, resolveConfigSpec } from '../resolve/index.js';
import type { Preference, ResolveConfig } from '../resolve/index.js';

/** What a CLI command prints and returns; the entry point writes it. */
export interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export function usageError(command: string, message: string, usage: string): CommandOutput {
  return { stdout: '', stderr: `pkgdeps ${command}: ${message}\nusage: ${usage}\n`, exitCode: 2 };
}

/** Writes a command's output and returns its exit code. */
export function print(output: CommandOutput): number {
  process.stdout.write(output.stdout);
  process.stderr.write(output.stderr);
  return output.exitCode;
}

/** `severity: message` lines of results, for stderr. */
export function resultLines(results: Result[]): string {
  return results.map((result) => `${result.severity}: ${result.message}\n`).join('');
}

/** The maps of every YAML document of a file; a syntax error throws with its line and column. */
function readYamlMaps(file: string): YAMLMap[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    // Reading a directory fails without naming it.
    throw Object.assign(error as Error, { path: file });
  }
  const docs = parseAllDocuments(text);
  const maps: YAMLMap[] = [];
  for (const doc of docs) {
    const [error] = doc.errors;
    if (error !== undefined) {
      const where = error.linePos?.[0];
      throw new Error(
        `${file}${where === undefined ? '' : `:${where.line}:${where.col}`}: ${error.message.split('\n')[0] ?? ''}`,
      );
    }
    if (isMap(doc.contents)) maps.push(doc.contents);
  }
  return maps;
}

export interface LoadedCatalog {
  /** Undefined when the catalog or the options have errors (they are in `results`). */
  index: ApiIndex | undefined;
  config: ResolveConfig;
  results: Result[];
}

/**
 * Reads the catalog ConfigMap from a YAML file (the only ConfigMap in it carrying
 * `pkgdeps.dev/catalog`) with the checks resolve-dependencies makes: the command-line options
 * become a `ResolveDependencies` function config, so the same validation and the same warnings
 * (a preference naming a package the catalog lacks) apply.
 */
export function loadCatalogFile(file: string, options: { target?: string; preferences: Preference[] }): LoadedCatalog {
  const config = new Document({
    apiVersion: CONFIG_API_VERSION,
    kind: resolveConfigSpec.kind,
    metadata: { name: 'pkgdeps-cli' },
    ...(options.target === undefined ? {} : { target: options.target }),
    preferences: options.preferences,
  }).contents as YAMLMap;
  // A command reads every package: it reports a problem anywhere in the catalog (docs/SPEC.md rule catalog-lazy).
  const prepared = prepare(readYamlMaps(file), config, resolveConfigSpec, 'all');
  return { index: prepared.index, config: prepared.config, results: prepared.results };
}
