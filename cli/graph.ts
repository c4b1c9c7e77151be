import { loadCatalogFile, resultLines } from '../src/explain/io.js';
import { dependencyGraph } from '../src/explain/graph.js';
import { toDot, toMermaid } from '../src/explain/graph-render.js';
import type { Command } from './command.js';
import { stringValue, UsageError } from './options.js';
import { catalogOption, targetOption } from './shared-options.js';

const renderers = { dot: toDot, mermaid: toMermaid };

/**
 * `pkgdeps graph`: the dependency graph of the catalog in FILE, as Graphviz DOT (default) or
 * a Mermaid flowchart, on stdout. Exit 1 when the catalog has errors, 2 on a usage error.
 */
export const graph: Command = {
  spec: {
    name: 'graph',
    args: '',
    positionals: { min: 0, max: 0 },
    about: "The catalog's dependency graph on stdout (Graphviz DOT or Mermaid), installed packages marked.",
    options: [
      catalogOption,
      { ...targetOption, help: 'mark what is installed on T only (default: every target)' },
      { name: 'format', value: 'dot|mermaid', help: 'output format (default: dot)' },
    ],
    more: 'render DOT with Graphviz: pkgdeps graph --catalog FILE | dot -Tsvg > catalog.svg',
  },
  run(args, io) {
    const format = stringValue(args, 'format') ?? 'dot';
    if (format !== 'dot' && format !== 'mermaid')
      throw new UsageError('graph', `--format must be dot or mermaid, got "${format}"`);
    const target = stringValue(args, 'target');
    const { index, results } = loadCatalogFile(stringValue(args, 'catalog') ?? '', { target, preferences: [] });
    io.stderr(resultLines(results));
    if (index === undefined) return 1;
    io.stdout(renderers[format](dependencyGraph(index, target), index.catalog.name));
    return 0;
  },
};
