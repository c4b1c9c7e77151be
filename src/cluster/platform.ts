import { PLATFORM_GROUPS } from '../catalog/index.js';
import { byCodePoint } from '../krm/index.js';
import type { CatalogPackage, PlatformEntry } from '../catalog/index.js';
import type { ServedGroup, ServedResource } from './client.js';

/**
 * The `platform` entries of a cluster's API discovery (docs/SPEC.md section 3): every group it serves
 * that no catalog package provides is one `{group}` entry; in a group some catalog package
 * provides kinds of, each served kind no package provides is a `{group, kind}` entry. Built-in
 * groups are platform APIs already and are left out; a group provided through an APIService
 * (kinds unknown) is provided whole.
 */

/** Per group: the kinds catalog packages provide, or `'all'` for an APIService group. */
export function providedKinds(packages: CatalogPackage[]): Map<string, Set<string> | 'all'> {
  const provided = new Map<string, Set<string> | 'all'>();
  for (const pkg of packages) {
    for (const revision of pkg.revisions) {
      for (const api of revision.provides) {
        const kinds = provided.get(api.group);
        if (kinds === 'all') continue;
        if (api.kind === undefined) provided.set(api.group, 'all');
        else provided.set(api.group, (kinds ?? new Set<string>()).add(api.kind));
      }
    }
  }
  return provided;
}

/** The groups whose served kinds must be listed: served, not built in, partly provided. */
export function groupsToInspect(groups: ServedGroup[], provided: Map<string, Set<string> | 'all'>): ServedGroup[] {
  return groups.filter((group) => !PLATFORM_GROUPS.has(group.name) && provided.get(group.name) instanceof Set);
}

/** The platform entries, given the served kinds of the inspected groups (`kinds` by group name). */
export function platformEntries(
  groups: ServedGroup[],
  provided: Map<string, Set<string> | 'all'>,
  kinds: Map<string, ServedResource[]>,
): PlatformEntry[] {
  const entries: PlatformEntry[] = [];
  for (const group of groups) {
    if (PLATFORM_GROUPS.has(group.name)) continue;
    const known = provided.get(group.name);
    if (known === undefined) {
      entries.push({ group: group.name });
      continue;
    }
    if (known === 'all') continue;
    const missing = new Set(
      (kinds.get(group.name) ?? []).map((resource) => resource.kind).filter((kind) => !known.has(kind)),
    );
    for (const kind of [...missing].sort(byCodePoint)) entries.push({ group: group.name, kind });
  }
  return entries.sort((a, b) => byCodePoint(a.group, b.group) || byCodePoint(a.kind ?? '', b.kind ?? ''));
}
