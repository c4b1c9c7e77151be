import type { YAMLMap } from 'yaml';
import { plainItem, toPlain } from '../krm/index.js';
import type { PackageSource } from './packages.js';

/**
 * A package revision reduced to what {@link buildPackages} reads of its items, for readers that
 * hold many revisions at once (`catalog from-cluster`): apiVersion, kind and metadata of every
 * item, RBAC `rules`, a Kptfile's `upstream`, and of `spec` what CRDs, APIServices and
 * PackageVariants are read for (group, names, scope, version, served versions, service,
 * upstream); CRD schemas and everything else are dropped. The same catalog is built from it
 * (test/cluster: from-cluster makes the packages `catalog build` makes on disk).
 */

const KEPT = ['apiVersion', 'kind', 'metadata', 'rules', 'upstream'] as const;
const KEPT_SPEC = ['group', 'names', 'scope', 'version', 'service', 'upstream'] as const;

function picked(value: unknown, keys: readonly string[]): Record<string, unknown> {
  const from =
    value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  return Object.fromEntries(keys.filter((key) => Object.hasOwn(from, key)).map((key) => [key, from[key]]));
}

function compactItem(item: YAMLMap): YAMLMap {
  const whole = toPlain(item) as Record<string, unknown>;
  const plain = picked(whole, KEPT);
  const spec = whole.spec;
  if (spec !== null && typeof spec === 'object' && !Array.isArray(spec)) {
    const kept = picked(spec, KEPT_SPEC);
    const versions = (spec as { versions?: unknown }).versions;
    if (Array.isArray(versions)) kept.versions = versions.map((version) => picked(version, ['name', 'served']));
    plain.spec = kept;
  } else if (spec !== undefined) {
    plain.spec = spec;
  }
  return plainItem(plain);
}

export function compactSource(source: PackageSource): PackageSource {
  return { ...source, items: source.items.map(compactItem) };
}
