import type { YAMLMap } from 'yaml';
import { describeItems, itemFile, makeResult } from '../krm/index.js';
import type { Result } from '../krm/index.js';
import { packageKey } from '../catalog/index.js';
import { isObjectNeed, needKey, needText, preferenceForms, settleTags, unresolvedCode } from '../resolve/index.js';
import type { PackageResolution, Unresolved } from '../resolve/index.js';

/**
 * What resolving one package revision says about the catalog being built, as results of the
 * build. The needs left without a provider are warnings, not errors: the catalog is still
 * right about what the package provides. They are grouped by API, one warning per API and
 * package revision naming the first resources that need it; ambiguous ones name every
 * candidate and the preference that settles it. Other warnings of resolution are kept once
 * each; the per-dependency infos are left out (the catalog entry lists the dependencies).
 */

function neededBy(items: YAMLMap[]): string {
  return `needed by ${describeItems(items)}`;
}

function ambiguous(first: Unresolved): string {
  const { need, candidates } = first;
  const [example] = candidates;
  const forms = example === undefined ? undefined : preferenceForms(need, example);
  const settle =
    forms === undefined
      ? ''
      : `; settle it with a preference, e.g. preferences: [${forms.typed}] (ConfigMap form: preferences: "${forms.text}")`;
  const verb = isObjectNeed(need) ? 'created' : 'provided';
  return `${needText(need)} is ${verb} by ${candidates.length} packages: ${candidates.map(packageKey).join(', ')}${settle}`;
}

/** One warning per API (and candidates) left without a provider. */
function groupUnresolved(label: string, unresolved: Unresolved[]): Result[] {
  const groups = new Map<string, Unresolved[]>();
  for (const entry of unresolved) {
    const { need, problem, candidates } = entry;
    const key = problem === 'ambiguous' ? `${needKey(need)}\n${candidates.map(packageKey).join(',')}` : entry.message;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [entry]);
    else group.push(entry);
  }
  return [...groups.values()].map((entries) => {
    const first = entries[0] as Unresolved;
    const what = first.problem === 'ambiguous' ? ambiguous(first) : first.message;
    const message = `${label}: ${what} (${neededBy(entries.map((entry) => entry.item))})`;
    const result = makeResult('warning', unresolvedCode(first.problem, first.need), message, first.item, {
      path: first.field,
    });
    if (first.problem === 'ambiguous') result.tags = { ...result.tags, ...settleTags(first.need, first.candidates) };
    return result;
  });
}

function placeKey(file: string | undefined, field: string | undefined): string {
  return `${file ?? ''}\n${field ?? ''}`;
}

export function buildFindings(label: string, unit: PackageResolution | undefined, results: Result[]): Result[] {
  const unresolved = unit?.unresolved ?? [];
  const findings = groupUnresolved(label, unresolved);
  // The results resolve() gave for the unresolved needs (same place, message ending alike) are replaced by the groups.
  const unresolvedAt = new Map<string, string[]>();
  for (const entry of unresolved) {
    const key = placeKey(itemFile(entry.item)?.path, entry.field);
    unresolvedAt.set(key, [...(unresolvedAt.get(key) ?? []), `: ${entry.message}`]);
  }
  const seen = new Set<string>();
  for (const result of results) {
    if (result.severity === 'info') continue;
    const endings = unresolvedAt.get(placeKey(result.file?.path, result.field?.path)) ?? [];
    if (endings.some((ending) => result.message.endsWith(ending))) continue;
    const message = `${label}: ${result.message}`;
    const key = `${result.file?.path ?? ''}\n${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push({ ...result, severity: 'warning', message });
  }
  return findings;
}
