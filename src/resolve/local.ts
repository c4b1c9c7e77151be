import type { YAMLMap } from 'yaml';
import { itemString, itemValue } from '../krm/index.js';
import { splitApiVersion } from './api.js';

/**
 * APIs brought by CRDs and APIServices that are items of one outermost package (docs/SPEC.md rule
 * local-apis), subpackages included. They satisfy that package only, at any version: a local CRD
 * that does not serve a version is the package author's business, not a dependency. Another
 * package of the same ResourceList still depends on the catalog package that provides the API.
 */
export interface LocalApis {
  /** `group/kind` of local CRDs. */
  kinds: Set<string>;
  /** `group/plural` -> kind, from local CRDs. */
  plurals: Map<string, string>;
  /** `group/version` served by local APIServices. */
  apiServices: Set<string>;
  /** groups with a local APIService. */
  apiServiceGroups: Set<string>;
  /** `group/kind` of local CRDs with `scope: Cluster`: their items reference no Namespace (rule object-references). */
  clusterScoped: Set<string>;
}

interface CrdSpec {
  group?: unknown;
  names?: { kind?: unknown; plural?: unknown };
  scope?: unknown;
}

interface ApiServiceSpec {
  group?: unknown;
  version?: unknown;
  service?: unknown;
}

function specOf<T>(node: YAMLMap): T | undefined {
  const spec = itemValue(node, ['spec']);
  return spec !== null && typeof spec === 'object' ? (spec as T) : undefined;
}

export function isCrd(node: YAMLMap): boolean {
  return (
    itemString(node, ['kind']) === 'CustomResourceDefinition' &&
    splitApiVersion(itemString(node, ['apiVersion']) ?? '').group === 'apiextensions.k8s.io'
  );
}

export function isApiService(node: YAMLMap): boolean {
  return (
    itemString(node, ['kind']) === 'APIService' &&
    splitApiVersion(itemString(node, ['apiVersion']) ?? '').group === 'apiregistration.k8s.io'
  );
}

export function collectLocalApis(items: YAMLMap[]): LocalApis {
  const local: LocalApis = {
    kinds: new Set(),
    plurals: new Map(),
    apiServices: new Set(),
    apiServiceGroups: new Set(),
    clusterScoped: new Set(),
  };
  for (const item of items) {
    if (isCrd(item)) {
      const spec = specOf<CrdSpec>(item);
      const group = spec?.group;
      const kind = spec?.names?.kind;
      const plural = spec?.names?.plural;
      if (typeof group !== 'string' || typeof kind !== 'string') continue;
      local.kinds.add(`${group}/${kind}`);
      if (spec?.scope === 'Cluster') local.clusterScoped.add(`${group}/${kind}`);
      if (typeof plural === 'string') local.plurals.set(`${group}/${plural}`, kind);
    } else if (isApiService(item)) {
      const spec = specOf<ApiServiceSpec>(item);
      if (typeof spec?.group !== 'string' || typeof spec.version !== 'string') continue;
      // An APIService without spec.service is served by the kube-apiserver itself.
      if (spec.service === null || spec.service === undefined) continue;
      local.apiServices.add(`${spec.group}/${spec.version}`);
      local.apiServiceGroups.add(spec.group);
    }
  }
  return local;
}
