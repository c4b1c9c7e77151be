import type { ApiIndex, CatalogRevision, PackageRef } from '../catalog/index.js';
import { packageKey } from '../catalog/index.js';
import { chooseRevision, chosenRevision } from '../resolve/index.js';

/** A package reached through `dependsOn` from a package's dependencies. */
export interface Reached {
  ref: PackageRef;
  /** Its revision by docs/SPEC.md section 4's revision choice (installed on the target, else latest Published); undefined when none. */
  revision: CatalogRevision | undefined;
  /** The packages (with their revisions) whose `dependsOn` led here, from the direct dependency on. */
  via: Start[];
}

export interface Start {
  ref: PackageRef;
  revision: CatalogRevision | undefined;
}

/**
 * The `dependsOn` closure of `starts` (breadth first, so each package with its shortest
 * chain), leaving the starts themselves out. `expand` says whether to follow a package's own
 * `dependsOn`. Cycles end where they meet a package already reached.
 */
export function dependsOnClosure(
  index: ApiIndex,
  starts: Start[],
  target: string | undefined,
  expand: (ref: PackageRef) => boolean,
): Reached[] {
  const seen = new Set(starts.map((start) => packageKey(start.ref)));
  const queue: Array<Start & { via: Start[] }> = starts.map((start) => ({ ...start, via: [] }));
  const reached: Reached[] = [];
  for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
    if (node.revision === undefined || !expand(node.ref)) continue;
    const via = [...node.via, { ref: node.ref, revision: node.revision }];
    for (const ref of node.revision.dependsOn) {
      if (seen.has(packageKey(ref))) continue;
      seen.add(packageKey(ref));
      const pkg = index.pkg(ref);
      const choice = pkg === undefined ? undefined : chooseRevision(index, pkg, [], target);
      const revision = chosenRevision(choice);
      reached.push({ ref, revision, via });
      queue.push({ ref, revision, via });
    }
  }
  return reached;
}
