import type { YAMLMap } from 'yaml';
import { itemFile, itemRef, itemString } from '../krm/index.js';
import type { PackageUnit } from '../resolve/index.js';

/** `Kind/name (file)`, as resolve-dependencies names items in messages. */
function describeItem(item: YAMLMap): string {
  const ref = itemRef(item);
  const file = itemFile(item)?.path;
  return `${ref.kind}/${ref.name}${file === undefined ? '' : ` (${file})`}`;
}

/** The first three items, then how many more. */
export function describeItems(items: YAMLMap[]): string {
  const distinct = [...new Set(items.map(describeItem))];
  const more = distinct.length > 3 ? ` and ${distinct.length - 3} more` : '';
  return `${distinct.slice(0, 3).join(', ')}${more}`;
}

/** `package <Kptfile name>`, as resolve-dependencies names a package of the input. */
export function describeUnit(unit: PackageUnit): string {
  if (unit.kptfile === undefined) return 'the package';
  return `package ${itemString(unit.kptfile, ['metadata', 'name']) ?? unit.dir}`;
}
