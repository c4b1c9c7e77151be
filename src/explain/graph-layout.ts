import type { DependencyGraph, GraphNode } from './graph.js';

/** How the picture groups the graph: packages by repository, those without edges, the cycles. */
export interface GraphLayout {
  /** One group per repository, sorted by repository; nodes in graph order. */
  groups: Array<{ repository: string; nodes: GraphNode[]; unconnected: string[] }>;
  /** Each node in a dependency cycle, with the number of its cycle (strongly connected component). */
  cyclic: Map<string, number>;
}

/**
 * The strongly connected components with more than one node, or a node depending on itself
 * (Tarjan's algorithm, iterative, so a long chain does not overflow the stack).
 */
function cycles(graph: DependencyGraph): Map<string, number> {
  const next = new Map<string, string[]>();
  for (const edge of graph.edges) next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cyclic = new Map<string, number>();
  let counter = 0;
  let component = 0;
  for (const root of graph.nodes.map((node) => node.key)) {
    if (index.has(root)) continue;
    const work: Array<{ key: string; child: number }> = [{ key: root, child: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { key: string; child: number };
      const children = next.get(frame.key) ?? [];
      const child = children[frame.child++];
      if (child !== undefined) {
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          work.push({ key: child, child: 0 });
        } else if (onStack.has(child)) low.set(frame.key, Math.min(low.get(frame.key) ?? 0, index.get(child) ?? 0));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low.set(parent.key, Math.min(low.get(parent.key) ?? 0, low.get(frame.key) ?? 0));
      if (low.get(frame.key) !== index.get(frame.key)) continue;
      const members: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        members.push(member);
      } while (member !== frame.key);
      const selfLoop = members.length === 1 && (next.get(frame.key) ?? []).includes(frame.key);
      if (members.length > 1 || selfLoop) {
        for (const key of members) cyclic.set(key, component);
        component += 1;
      }
    }
  }
  return cyclic;
}

export function layoutOf(graph: DependencyGraph): GraphLayout {
  const connected = new Set(graph.edges.flatMap((edge) => [edge.from, edge.to]));
  const byRepository = new Map<string, GraphNode[]>();
  for (const node of graph.nodes)
    byRepository.set(node.repository, [...(byRepository.get(node.repository) ?? []), node]);
  const repositories = [...byRepository.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const groups = repositories.map((repository) => {
    const nodes = byRepository.get(repository) ?? [];
    return { repository, nodes, unconnected: nodes.filter((node) => !connected.has(node.key)).map((node) => node.key) };
  });
  return { groups, cyclic: cycles(graph) };
}
