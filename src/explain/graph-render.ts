import type { DependencyGraph, GraphNode } from './graph.js';

const INSTALLED_FILL = '#c8e6c9';
const INSTALLED_STROKE = '#2e7d32';
const MISSING_COLOR = '#9e9e9e';

/** The lines of a node's label: its key, the revision its edges come from, where it is installed. */
function labelLines(node: GraphNode): string[] {
  const lines = [node.key];
  if (node.revision !== undefined) {
    lines.push(`revision ${node.revision.name}, ${node.revision.source === 'installed' ? 'as installed' : 'latest Published'}`);
  } else if (node.note !== undefined) {
    lines.push(node.note);
  }
  if (node.installed.length > 0) lines.push(`installed: ${node.installed.map((entry) => `${entry.target} (${entry.revision})`).join(', ')}`);
  return lines;
}

function title(graph: DependencyGraph, catalogName: string): string {
  const scope = graph.target === undefined ? 'installed on any target' : `installed on ${graph.target}`;
  return `pkgdeps graph of catalog ${catalogName}: an edge points from a package to one it depends on; filled: ${scope}; dashed: not in the catalog or no revision`;
}

/** A DOT double-quoted ID: backslashes and quotes escaped, newlines as `\n` (centred lines). */
function dotId(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Graphviz DOT: nodes and edges in sorted order, every ID quoted. */
export function toDot(graph: DependencyGraph, catalogName: string): string {
  const lines = [`// ${title(graph, catalogName)}`, `digraph ${dotId(catalogName)} {`, '  rankdir=LR;', '  node [shape=box];'];
  for (const node of graph.nodes) {
    const attributes = [`label=${dotId(labelLines(node).join('\n'))}`];
    const styles: string[] = [];
    if (node.installed.length > 0) {
      styles.push('filled');
      attributes.push(`fillcolor=${dotId(INSTALLED_FILL)}`, `color=${dotId(INSTALLED_STROKE)}`);
    }
    if (node.revision === undefined) {
      styles.push('dashed');
      if (node.installed.length === 0) attributes.push(`color=${dotId(MISSING_COLOR)}`);
    }
    if (styles.length > 0) attributes.push(`style=${dotId(styles.join(','))}`);
    lines.push(`  ${dotId(node.key)} [${attributes.join(', ')}];`);
  }
  for (const edge of graph.edges) lines.push(`  ${dotId(edge.from)} -> ${dotId(edge.to)};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Mermaid label text: `#`, quotes and angle brackets as entity codes, newlines as `<br/>`. */
function mermaidText(text: string): string {
  return text
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\n/g, '<br/>');
}

/** Mermaid flowchart: nodes get IDs `p0`, `p1`, ... in sorted order; labels carry the package keys. */
export function toMermaid(graph: DependencyGraph, catalogName: string): string {
  const ids = new Map(graph.nodes.map((node, i) => [node.key, `p${i}`]));
  const lines = ['flowchart LR', `  %% ${title(graph, catalogName).replace(/%%/g, '%')}`];
  for (const node of graph.nodes) lines.push(`  ${ids.get(node.key)}["${mermaidText(labelLines(node).join('\n'))}"]`);
  for (const edge of graph.edges) lines.push(`  ${ids.get(edge.from)} --> ${ids.get(edge.to)}`);
  lines.push(
    `  classDef installed fill:${INSTALLED_FILL},stroke:${INSTALLED_STROKE}`,
    `  classDef missing stroke:${MISSING_COLOR},stroke-dasharray:5 5`,
  );
  const installed = graph.nodes.filter((node) => node.installed.length > 0).map((node) => ids.get(node.key));
  const missing = graph.nodes.filter((node) => node.revision === undefined).map((node) => ids.get(node.key));
  if (installed.length > 0) lines.push(`  class ${installed.join(',')} installed`);
  if (missing.length > 0) lines.push(`  class ${missing.join(',')} missing`);
  return `${lines.join('\n')}\n`;
}
