import type { CatalogPackage, CatalogRevision, PlatformEntry, ProvidedApi } from './types.js';

/**
 * The API groups built into Kubernetes (docs/SPEC.md rule platform-apis). Their APIs never create a dependency.
 * The core group is `""`.
 */
export const PLATFORM_GROUPS: ReadonlySet<string> = new Set([
  '',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  // The legacy group RBAC rules still name (extensions/deployments, extensions/ingresses).
  'extensions',
  'flowcontrol.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
  'internal.apiserver.k8s.io',
]);

/**
 * Whether group/kind is a platform API: a built-in group, a group the catalog lists under
 * `platform` without a kind, or a group/kind it lists. `kind` undefined (an RBAC rule whose
 * plural maps to no kind) matches only whole groups. Scans `platform`, which holds a handful of
 * entries.
 */
export function isPlatformApi(group: string, kind: string | undefined, platform: PlatformEntry[]): boolean {
  if (PLATFORM_GROUPS.has(group)) return true;
  return platform.some((entry) => entry.group === group && (entry.kind === undefined || entry.kind === kind));
}

function provides(api: ProvidedApi, entry: PlatformEntry): boolean {
  if (api.group !== entry.group) return false;
  return entry.kind === undefined || api.source === 'APIService' || api.kind === entry.kind;
}

/**
 * The packages with a revision (of any lifecycle) that provides an API of the platform entry:
 * for a whole group, anything in it; for a group/kind, that kind or the group through an
 * APIService. Such an entry hides them: a platform API never makes a dependency.
 */
export function platformProviders(entry: PlatformEntry, packages: CatalogPackage[]): CatalogPackage[] {
  const hides = (revision: CatalogRevision) => revision.provides.some((api) => provides(api, entry));
  return packages.filter((pkg) => pkg.revisions.some(hides));
}

/** The entry as the catalog writes it: `{group: example.com, kind: Widget}`. */
export function platformEntryText(entry: PlatformEntry): string {
  return `{group: ${entry.group}${entry.kind === undefined ? '' : `, kind: ${entry.kind}`}}`;
}
