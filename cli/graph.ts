import { parseArgs } from 'node:util';
import { loadCatalogFile, resultLines, usageError } from '../src/explain/io.js';
import type { CommandOutput } from '../src/explain/io.js';
import { dependencyGraph } from '../src/explain/graph.js';
import { toDot, toMermaid } from '../src/explain/graph-render.js';

export const graphUsage = 'pkgdeps graph --catalog FILE [--target T] [--format dot|mermaid]';

const renderers = { dot: toDot, mermaid: toMermaid };

/**
 * `pkgdeps graph`: the dependency graph of the catalog in FILE, as Graphviz DOT (default) or
 * a Mermaid flowchart, on stdout. Exit 1 when the catalog has errors, 2 on a usage error.
 */
export function graph(args: string[]): CommandOutput {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        catalog: { type: 'string' },
        target: { type: 'string' },
        format: { type: 'string', default: 'dot' },
      },
    });
  } catch (error) {
    return usageError('graph', (error as Error).message, graphUsage);
  }
  const { catalog, target, format } = parsed.values;
  if (catalog === undefined) return usageError('graph', '--catalog FILE is required', graphUsage);
  if (format !== 'dot' && format !== 'mermaid') return usageError('graph', `--format must be dot or mermaid, got "${format}"`, graphUsage);
  let loaded;
  try {
    loaded = loadCatalogFile(catalog, { target, preferences: [] });
  } catch (error) {
    return { stdout: '', stderr: `pkgdeps graph: ${(error as Error).message}\n`, exitCode: 1 };
  }
  const { index, results } = loaded;
  if (index === undefined) return { stdout: '', stderr: resultLines(results), exitCode: 1 };
  const stdout = renderers[format](dependencyGraph(index, target), index.catalog.name);
  return { stdout, stderr: resultLines(results), exitCode: 0 };
}
