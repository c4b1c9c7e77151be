import type { YAMLMap } from 'yaml';
import { byCodePoint, itemFile, itemString } from '../krm/index.js';

/**
 * One outermost kpt package of the ResourceList (docs/SPEC.md rule package-unit): its Kptfile and every item
 * under its directory, subpackages included. `dir` is `''` for the package at the root.
 * Items of a ResourceList without any Kptfile form one package with no Kptfile.
 */
export interface PackageUnit {
  dir: string;
  kptfile: YAMLMap | undefined;
  /** Kptfiles of subpackages: pkgdeps annotations are never kept on them. */
  innerKptfiles: YAMLMap[];
  items: YAMLMap[];
}

export function isKptfile(node: YAMLMap): boolean {
  return itemString(node, ['kind']) === 'Kptfile' && (itemString(node, ['apiVersion']) ?? '').startsWith('kpt.dev/');
}

/** The directory of a slash-separated path; `''` for the package root. */
export function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** Whether `dir` is `ancestor` or below it (`''` is the root, above everything). */
export function isUnder(dir: string, ancestor: string): boolean {
  return ancestor === '' || dir === ancestor || dir.startsWith(`${ancestor}/`);
}

/**
 * Groups items by outermost package. An item without a path annotation belongs to the root
 * package when there is one, else to the only package when there is exactly one; otherwise
 * it is returned in `orphans` (it is still resolved, but no Kptfile records it).
 */
export function groupByPackage(items: YAMLMap[]): { units: PackageUnit[]; orphans: YAMLMap[] } {
  const kptfileDirs = new Map<string, YAMLMap>();
  for (const item of items) {
    if (!isKptfile(item)) continue;
    const path = itemFile(item)?.path;
    const dir = path === undefined ? '' : dirOf(path);
    if (!kptfileDirs.has(dir)) kptfileDirs.set(dir, item);
  }
  const outermost = [...kptfileDirs.keys()]
    .filter((dir) => ![...kptfileDirs.keys()].some((other) => other !== dir && isUnder(dir, other)))
    .sort(byCodePoint);
  const units: PackageUnit[] = outermost.map((dir) => ({
    dir,
    kptfile: kptfileDirs.get(dir),
    innerKptfiles: [],
    items: [],
  }));
  if (units.length === 0) return { units: [{ dir: '', kptfile: undefined, innerKptfiles: [], items }], orphans: [] };

  const root = units.find((unit) => unit.dir === '');
  const fallback = root ?? (units.length === 1 ? units[0] : undefined);
  const orphans: YAMLMap[] = [];
  for (const item of items) {
    const path = itemFile(item)?.path;
    const unit = path === undefined ? fallback : units.find((u) => isUnder(dirOf(path), u.dir));
    if (unit === undefined) {
      orphans.push(item);
      continue;
    }
    unit.items.push(item);
    if (item !== unit.kptfile && isKptfile(item)) unit.innerKptfiles.push(item);
  }
  return { units, orphans };
}

/** `package <Kptfile name>` (or its directory), as results name a package of the input. */
export function describeUnit(unit: PackageUnit): string {
  if (unit.kptfile === undefined) return 'the package';
  return `package ${itemString(unit.kptfile, ['metadata', 'name']) ?? unit.dir}`;
}
