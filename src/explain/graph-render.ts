import type { DependencyGraph, GraphNode } from './graph.js';
import { layoutOf } from './graph-layout.js';

/**
 * The dependency graph as a picture: Graphviz DOT or a Mermaid flowchart. Both draw one box
 * per repository holding its packages, edges from a package to the packages it depends on
 * (red when they form a cycle), packages with no edge either way in rows instead of one long
 * column, and a legend inside the picture. A node's label is its package; it adds the revision
 * only when the package has more than one, and where it is installed. Output is sorted, so the
 * same catalog gives the same bytes.
 */

const INSTALLED_FILL = '#c8e6c9';
const INSTALLED_STROKE = '#2e7d32';
const MISSING_COLOR = '#9e9e9e';
const CYCLE_COLOR = '#c62828';
/** Packages without edges are laid out this many to a row. */
const ROW = 4;

/** What a label adds to the revision: installed, or older than the latest because dependents' `requires` pin it. */
const SOURCES = { installed: ' (installed)', latest: '', required: ' (pinned by requires)' };

/** The lines of a node's label: its package, then what tells it apart (revision, installed, why no revision). */
function labelLines(node: GraphNode): string[] {
  const lines = [node.package];
  if (node.revision !== undefined && node.revisionCount > 1) {
    lines.push(`revision ${node.revision.name}${SOURCES[node.revision.source]}`);
  } else if (node.note !== undefined) {
    lines.push(node.note);
  }
  if (node.installed.length > 0)
    lines.push(`on ${node.installed.map((entry) => `${entry.target} (${entry.revision})`).join(', ')}`);
  return lines;
}

/** One line of text: control characters (a newline in a catalog name) become spaces. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

function title(graph: DependencyGraph, catalogName: string): string {
  const scope = graph.target === undefined ? '' : ` for target ${graph.target}`;
  return oneLine(`catalog ${catalogName}${scope}`);
}

/** What the legend says about the edges: whose dependsOn they are. */
function edgeRule(graph: DependencyGraph): string {
  const installed = graph.target === undefined ? 'the revision installed' : `the revision installed on ${graph.target}`;
  return graph.target === undefined
    ? 'dependsOn of the latest Published revision'
    : `dependsOn of ${installed}, else of the latest Published`;
}

/** A DOT double-quoted ID: backslashes and quotes escaped, newlines as `\n` (centred lines). */
function dotId(text: string): string {
  return `"${text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r?\n|\r/g, '\\n')}"`;
}

function dotNode(node: GraphNode, inCycle: boolean): string {
  const attributes = [`label=${dotId(labelLines(node).join('\n'))}`];
  const styles: string[] = [];
  if (node.installed.length > 0) {
    styles.push('filled');
    attributes.push(`fillcolor=${dotId(INSTALLED_FILL)}`, `color=${dotId(INSTALLED_STROKE)}`);
  }
  if (node.revision === undefined) {
    styles.push('dashed');
    if (node.installed.length === 0)
      attributes.push(`color=${dotId(MISSING_COLOR)}`, `fontcolor=${dotId(MISSING_COLOR)}`);
  }
  if (inCycle) attributes.push(`color=${dotId(CYCLE_COLOR)}`, 'penwidth=2');
  if (styles.length > 0) attributes.push(`style=${dotId(styles.join(','))}`);
  return `${dotId(node.key)} [${attributes.join(', ')}];`;
}

function dotLegend(graph: DependencyGraph): string[] {
  const key = (name: string) => dotId(`legend: ${name}`);
  return [
    '  subgraph "cluster_legend" {',
    `    label="legend"; fontsize=12; style="rounded"; color=${dotId(MISSING_COLOR)};`,
    '    node [fontsize=10];',
    `    ${key('package')} [label="package\\n(revision, when it has several)"];`,
    `    ${key('dependency')} [label="a package it depends on"];`,
    `    ${key('installed')} [label=${dotId(`installed${graph.target === undefined ? '' : ` on ${graph.target}`}`)}, ` +
      `style="filled", fillcolor=${dotId(INSTALLED_FILL)}, color=${dotId(INSTALLED_STROKE)}];`,
    `    ${key('missing')} [label="not in the catalog,\\nor no Published revision", style="dashed", ` +
      `color=${dotId(MISSING_COLOR)}, fontcolor=${dotId(MISSING_COLOR)}];`,
    `    ${key('package')} -> ${key('dependency')} [label=${dotId(edgeRule(graph))}, fontsize=9];`,
    `    ${key('cycle a')} [label=${dotId('packages in a\ndependency cycle')}, color=${dotId(CYCLE_COLOR)}, penwidth=2];`,
    `    ${key('cycle b')} [label="...", color=${dotId(CYCLE_COLOR)}, penwidth=2];`,
    `    ${key('cycle a')} -> ${key('cycle b')} [color=${dotId(CYCLE_COLOR)}, penwidth=2];`,
    `    ${key('installed')} -> ${key('missing')} [style=invis];`,
    '  }',
  ];
}

/** Graphviz DOT: a cluster per repository, a legend cluster, every ID quoted. */
export function toDot(graph: DependencyGraph, catalogName: string): string {
  const layout = layoutOf(graph);
  const lines = [
    `digraph ${dotId(oneLine(catalogName))} {`,
    `  label=${dotId(`pkgdeps graph: ${title(graph, catalogName)}`)}; labelloc=t; fontsize=16;`,
    '  rankdir=LR; newrank=true; nodesep=0.25; ranksep=0.6;',
    '  node [shape=box, style="", fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica"];',
  ];
  layout.groups.forEach((group, i) => {
    lines.push(
      `  subgraph ${dotId(`cluster_${i}`)} {`,
      `    label=${dotId(group.repository)}; style="rounded"; color="#90a4ae";`,
    );
    for (const node of group.nodes) lines.push(`    ${dotNode(node, layout.cyclic.has(node.key))}`);
    // Packages with no edge either way, chained invisibly in rows so that they do not stack in one column.
    for (let start = 0; start + 1 < group.unconnected.length; start += ROW) {
      const row = group.unconnected.slice(start, start + ROW).map(dotId);
      if (row.length > 1) lines.push(`    ${row.join(' -> ')} [style=invis];`);
    }
    lines.push('  }');
  });
  for (const edge of graph.edges) {
    const cycle = layout.cyclic.has(edge.from) && layout.cyclic.get(edge.from) === layout.cyclic.get(edge.to);
    const attributes = cycle ? ` [color=${dotId(CYCLE_COLOR)}, penwidth=2]` : '';
    lines.push(`  ${dotId(edge.from)} -> ${dotId(edge.to)}${attributes};`);
  }
  lines.push(...dotLegend(graph), '}');
  return `${lines.join('\n')}\n`;
}

/** Mermaid label text: `#`, quotes and angle brackets as entity codes, newlines as `<br/>`. */
function mermaidText(text: string): string {
  return text
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\r?\n|\r/g, '<br/>');
}

/** Mermaid flowchart: a subgraph per repository (`r0`, ...), nodes `p0`, `p1`, ... in sorted order, a legend. */
export function toMermaid(graph: DependencyGraph, catalogName: string): string {
  const layout = layoutOf(graph);
  const ids = new Map(graph.nodes.map((node, i) => [node.key, `p${i}`]));
  const lines = ['flowchart LR', `  %% pkgdeps graph: ${title(graph, catalogName).replace(/%%/g, '%')}`];
  layout.groups.forEach((group, i) => {
    lines.push(`  subgraph r${i}["${mermaidText(group.repository)}"]`);
    for (const node of group.nodes)
      lines.push(`    ${ids.get(node.key)}["${mermaidText(labelLines(node).join('\n'))}"]`);
    lines.push('  end');
  });
  const cycleEdges: number[] = [];
  graph.edges.forEach((edge, i) => {
    if (layout.cyclic.has(edge.from) && layout.cyclic.get(edge.from) === layout.cyclic.get(edge.to)) cycleEdges.push(i);
    lines.push(`  ${ids.get(edge.from)} --> ${ids.get(edge.to)}`);
  });
  const installedLabel = `installed${graph.target === undefined ? '' : ` on ${graph.target}`}`;
  lines.push(
    '  subgraph legend["legend"]',
    '    l0["package"] -->|"' + mermaidText(edgeRule(graph)) + '"| l1["a package it depends on"]',
    `    l2["${mermaidText(installedLabel)}"] ~~~ l3["not in the catalog, or no Published revision"]`,
    '  end',
    `  classDef installed fill:${INSTALLED_FILL},stroke:${INSTALLED_STROKE}`,
    `  classDef missing stroke:${MISSING_COLOR},stroke-dasharray:5 5,color:${MISSING_COLOR}`,
    `  classDef cycle stroke:${CYCLE_COLOR},stroke-width:2px`,
  );
  const classed = (pick: (node: GraphNode) => boolean) => graph.nodes.filter(pick).map((node) => ids.get(node.key));
  const installed = [...classed((node) => node.installed.length > 0), 'l2'];
  const missing = [...classed((node) => node.revision === undefined), 'l3'];
  const cyclic = classed((node) => layout.cyclic.has(node.key));
  lines.push(`  class ${installed.join(',')} installed`, `  class ${missing.join(',')} missing`);
  if (cyclic.length > 0) lines.push(`  class ${cyclic.join(',')} cycle`);
  if (cycleEdges.length > 0) lines.push(`  linkStyle ${cycleEdges.join(',')} stroke:${CYCLE_COLOR},stroke-width:2px`);
  return `${lines.join('\n')}\n`;
}
