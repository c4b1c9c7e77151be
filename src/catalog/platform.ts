import type { PlatformEntry } from './types.js';

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
