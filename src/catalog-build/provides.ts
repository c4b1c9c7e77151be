import type { YAMLMap } from 'yaml';
import { isLocalConfig, itemString, itemValue } from '../krm/index.js';
import { compareProvided } from '../catalog/index.js';
import type { ProvidedApi } from '../catalog/index.js';
import { isApiService, isCrd } from '../resolve/local.js';

/** A CRD or APIService that provides nothing, and why. */
export interface ProvideProblem {
  item: YAMLMap;
  message: string;
}

/** Served version names of a CRD: `spec.versions[].served`, or the single `spec.version` of apiextensions v1beta1. */
function servedVersions(item: YAMLMap): string[] {
  const versions = itemValue(item, ['spec', 'versions']);
  if (!Array.isArray(versions)) {
    const single = itemString(item, ['spec', 'version']);
    return single === undefined ? [] : [single];
  }
  const served: string[] = [];
  for (const entry of versions as unknown[]) {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) continue;
    const { name, served: isServed } = entry as { name?: unknown; served?: unknown };
    if (typeof name === 'string' && isServed === true) served.push(name);
  }
  return served;
}

function addVersions(api: ProvidedApi, versions: string[]): void {
  for (const version of versions) if (!api.versions.includes(version)) api.versions.push(version);
}

/**
 * The APIs a package revision brings to a cluster (docs/SPEC.md section 1, Provider): one entry per
 * CRD group/kind (plural, scope and the versions with `served: true`) and one per group of
 * APIServices that have a `spec.service` (versions only: the kinds are unknown). Items marked
 * local-config are never applied, so they provide nothing. The same group/kind twice (e.g.
 * in a subpackage too) is one entry with the versions of both. Reads only the fields it needs,
 * never the CRD schemas.
 */
export function providedApis(items: YAMLMap[]): { provides: ProvidedApi[]; problems: ProvideProblem[] } {
  const byKey = new Map<string, ProvidedApi>();
  const problems: ProvideProblem[] = [];
  for (const item of items) {
    if (isLocalConfig(item)) continue;
    if (isCrd(item)) {
      const group = itemString(item, ['spec', 'group']);
      const kind = itemString(item, ['spec', 'names', 'kind']);
      if (group === undefined || kind === undefined) {
        problems.push({
          item,
          message: 'CustomResourceDefinition without spec.group or spec.names.kind provides nothing',
        });
        continue;
      }
      const versions = servedVersions(item);
      if (versions.length === 0) {
        problems.push({
          item,
          message: `CustomResourceDefinition of ${group}/${kind} serves no version (no spec.versions entry with served: true), so it provides nothing`,
        });
        continue;
      }
      const key = `${group}/${kind}`;
      const known = byKey.get(key);
      if (known !== undefined) {
        addVersions(known, versions);
        continue;
      }
      const api: ProvidedApi = { group, kind, versions, source: 'CustomResourceDefinition' };
      const plural = itemString(item, ['spec', 'names', 'plural']);
      const scope = itemString(item, ['spec', 'scope']);
      if (plural !== undefined && plural !== '') api.resource = plural;
      if (scope === 'Namespaced' || scope === 'Cluster') api.scope = scope;
      byKey.set(key, api);
    } else if (isApiService(item)) {
      const service: unknown = itemValue(item, ['spec', 'service']);
      const group = itemString(item, ['spec', 'group']);
      const version = itemString(item, ['spec', 'version']);
      // Without spec.service the kube-apiserver serves the group itself: nothing to provide.
      if (service === undefined || service === null || group === undefined || version === undefined) continue;
      const key = `${group}/`;
      const known = byKey.get(key);
      if (known === undefined) byKey.set(key, { group, versions: [version], source: 'APIService' });
      else addVersions(known, [version]);
    }
  }
  return { provides: [...byKey.values()].sort(compareProvided), problems };
}
