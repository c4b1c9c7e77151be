import type { YAMLMap } from 'yaml';
import { isMap } from 'yaml';
import { scalar, setDataText } from '../catalog-build/index.js';
import type { Catalog, InstalledEntry, PlatformEntry } from '../catalog/index.js';

/**
 * `data.installed` and `data.platform` of the catalog ConfigMap (docs/SPEC.md section 3), one flow map
 * per entry, merged with the catalog being updated: the installed entries of the targets read
 * replace that target's old entries, others are kept; platform entries are added to the
 * existing ones unless those cover them already.
 */

export function installedText(entries: InstalledEntry[]): string {
  if (entries.length === 0) return '[]\n';
  return entries
    .map((entry) => `- {target: ${scalar(entry.target)}, repository: ${scalar(entry.repository)}, package: ${scalar(entry.package)}, revision: ${JSON.stringify(entry.revision)}}\n`)
    .join('');
}

export function platformText(entries: PlatformEntry[]): string {
  if (entries.length === 0) return '[]\n';
  return entries.map((entry) => `- {group: ${scalar(entry.group)}${entry.kind === undefined ? '' : `, kind: ${scalar(entry.kind)}`}}\n`).join('');
}

export function mergeInstalled(existing: InstalledEntry[], found: InstalledEntry[], targets: string[]): InstalledEntry[] {
  return [...existing.filter((entry) => !targets.includes(entry.target)), ...found];
}

export function mergePlatform(existing: PlatformEntry[], found: PlatformEntry[]): PlatformEntry[] {
  const covered = (entry: PlatformEntry) => existing.some((old) => old.group === entry.group && (old.kind === undefined || old.kind === entry.kind));
  return [...existing, ...found.filter((entry) => !covered(entry))];
}

function hasKey(node: YAMLMap, key: string): boolean {
  const data: unknown = node.get('data', true);
  return isMap(data) && data.has(key);
}

/** Writes `installed` and `platform` (merged with `existing`) into the catalog node; an empty list only replaces a key that is there. */
export function setClusterData(node: YAMLMap, existing: Catalog | undefined, installed: InstalledEntry[], targets: string[], platform: PlatformEntry[]): void {
  const allInstalled = mergeInstalled(existing?.installed ?? [], installed, targets);
  const allPlatform = mergePlatform(existing?.platform ?? [], platform);
  if (allInstalled.length > 0 || hasKey(node, 'installed')) setDataText(node, 'installed', installedText(allInstalled));
  if (allPlatform.length > 0 || hasKey(node, 'platform')) setDataText(node, 'platform', platformText(allPlatform));
}
