import type { YAMLMap } from 'yaml';
import { plainItem, toPlain } from '../krm/index.js';
import { isCrd } from '../resolve/local.js';
import type { PackageSource } from './packages.js';

/**
 * A package revision whose items are plain copies (see plainItem) with the OpenAPI schemas of
 * CRDs dropped (`spec.versions[].schema`, `spec.validation`), which no catalog build reads and
 * which are most of a blueprint's bytes: for readers that hold many revisions at once (`catalog
 * from-cluster`). The same catalog is built from it (test/cluster: from-cluster makes the
 * packages `catalog build` makes on disk).
 */

function compactItem(item: YAMLMap): YAMLMap {
  const plain = toPlain(item) as Record<string, unknown>;
  const spec = plain.spec;
  if (!isCrd(item) || spec === null || typeof spec !== 'object' || Array.isArray(spec)) return plainItem(plain);
  const { validation: _validation, ...kept } = spec as Record<string, unknown>;
  const versions = kept.versions;
  if (Array.isArray(versions)) {
    kept.versions = versions.map((version: unknown) => {
      if (version === null || typeof version !== 'object' || Array.isArray(version)) return version;
      const { schema: _schema, ...rest } = version as Record<string, unknown>;
      return rest;
    });
  }
  return plainItem({ ...plain, spec: kept });
}

export function compactSource(source: PackageSource): PackageSource {
  return { ...source, items: source.items.map(compactItem) };
}
