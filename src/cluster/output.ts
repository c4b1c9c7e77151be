import type { YAMLMap } from 'yaml';
import { Document, isMap } from 'yaml';
import { newCatalogNode, packagesText, setDataText } from '../catalog-build/index.js';
import { formatInstalled, formatPlatform, objectCreators, platformProviders } from '../catalog/index.js';
import type { CatalogPackage, InstalledEntry, ObjectRef, PlatformEntry } from '../catalog/index.js';

/**
 * `data.installed` and `data.platform` of the catalog ConfigMap (docs/SPEC.md section 3), merged with the
 * catalog being updated: the installed entries of the targets read replace that target's old entries, others
 * are kept; the platform entries are recomputed: an existing entry that a catalog package provides is removed,
 * the others are kept, and the entries found are added unless those cover them already; existing object
 * entries are kept unless a catalog package creates them.
 */

/**
 * `data.installed` in the compact notation (docs/SPEC.md rule catalog-compact): JSON, one line per run of
 * entries of one target, `{"target":"edge01","packages":["repo/pkg@3"]}`; an entry without a string form is a
 * map of its own line.
 */
export function installedText(entries: InstalledEntry[]): string {
  if (entries.length === 0) return '[]\n';
  const lines: string[] = [];
  let group: { target: string; packages: string[] } | undefined;
  for (const entry of entries) {
    const text = formatInstalled(entry);
    if (text !== undefined && group?.target === entry.target) {
      group.packages.push(text);
      continue;
    }
    if (group !== undefined) lines.push(JSON.stringify(group));
    group = text === undefined ? undefined : { target: entry.target, packages: [text] };
    if (text === undefined) lines.push(JSON.stringify(entry));
  }
  if (group !== undefined) lines.push(JSON.stringify(group));
  return `[\n${lines.join(',\n')}\n]\n`;
}

/** The API entries, then the object entries (docs/SPEC.md rule platform-objects), one JSON line each. */
export function platformText(entries: PlatformEntry[], objects: ObjectRef[]): string {
  if (entries.length === 0 && objects.length === 0) return '[]\n';
  const lines = [...entries, ...objects].map((entry) => JSON.stringify(formatPlatform(entry) ?? entry));
  return `[\n${lines.join(',\n')}\n]\n`;
}

export function mergeInstalled(
  existing: InstalledEntry[],
  found: InstalledEntry[],
  targets: string[],
): InstalledEntry[] {
  return [...existing.filter((entry) => !targets.includes(entry.target)), ...found];
}

export interface RemovedPlatformEntry {
  entry: PlatformEntry;
  /** The catalog packages that provide it. */
  providers: CatalogPackage[];
}

/** The platform entries of the updated catalog of `packages`, and the existing ones removed. */
export function mergePlatform(
  existing: PlatformEntry[],
  found: PlatformEntry[],
  packages: CatalogPackage[],
): { entries: PlatformEntry[]; removed: RemovedPlatformEntry[] } {
  const removed: RemovedPlatformEntry[] = [];
  const kept = existing.filter((entry) => {
    const providers = platformProviders(entry, packages);
    if (providers.length > 0) removed.push({ entry, providers });
    return providers.length === 0;
  });
  const covers = (old: PlatformEntry, entry: PlatformEntry) =>
    old.group === entry.group && (old.kind === undefined || old.kind === entry.kind);
  return { entries: [...kept, ...found.filter((entry) => !kept.some((old) => covers(old, entry)))], removed };
}

/** The existing platform objects no catalog package creates, and those removed with the packages that create them. */
export function mergePlatformObjects(
  existing: ObjectRef[],
  packages: CatalogPackage[],
): { objects: ObjectRef[]; removed: Array<{ object: ObjectRef; providers: CatalogPackage[] }> } {
  const removed = existing.flatMap((object) => {
    const providers = objectCreators(object, packages);
    return providers.length === 0 ? [] : [{ object, providers }];
  });
  return { objects: existing.filter((object) => objectCreators(object, packages).length === 0), removed };
}

function hasKey(node: YAMLMap, key: string): boolean {
  const data: unknown = node.get('data', true);
  return isMap(data) && data.has(key);
}

/** Writes `installed` and `platform` into the catalog node; an empty list only replaces a key that is there. */
export function setClusterData(
  node: YAMLMap,
  installed: InstalledEntry[],
  platform: PlatformEntry[],
  objects: ObjectRef[],
): void {
  if (installed.length > 0 || hasKey(node, 'installed')) setDataText(node, 'installed', installedText(installed));
  if (platform.length > 0 || objects.length > 0 || hasKey(node, 'platform')) {
    setDataText(node, 'platform', platformText(platform, objects));
  }
}

/**
 * The `data` of a new catalog ConfigMap `name` of these entries: what `catalog from-cluster`
 * prints without `-o`, and what `--apply` writes into the cluster.
 */
export function catalogData(
  name: string,
  packages: CatalogPackage[],
  installed: InstalledEntry[],
  platform: PlatformEntry[],
  objects: ObjectRef[],
): Record<string, string> {
  const doc = new Document();
  const node = newCatalogNode(doc, name, packagesText(packages));
  setClusterData(node, installed, platform, objects);
  doc.contents = node;
  return (doc.toJS() as { data: Record<string, string> }).data;
}
