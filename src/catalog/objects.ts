import { byCodePoint } from '../krm/compare.js';

/**
 * Named objects one package creates and another references (docs/SPEC.md rule object-references):
 * their kinds, how a reference to one is written, and the objects every cluster has without a package
 * (docs/SPEC.md rule platform-objects).
 */

/** The kinds of objects a dependency can be on, with their API group and whether they live in a namespace. */
export const OBJECT_KINDS = {
  Namespace: { group: '', namespaced: false },
  StorageClass: { group: 'storage.k8s.io', namespaced: false },
  IngressClass: { group: 'networking.k8s.io', namespaced: false },
  GatewayClass: { group: 'gateway.networking.k8s.io', namespaced: false },
  PriorityClass: { group: 'scheduling.k8s.io', namespaced: false },
  RuntimeClass: { group: 'node.k8s.io', namespaced: false },
  ClusterIssuer: { group: 'cert-manager.io', namespaced: false },
  Issuer: { group: 'cert-manager.io', namespaced: true },
} as const;

export type ObjectKind = keyof typeof OBJECT_KINDS;

/** The kind names, in the order of {@link OBJECT_KINDS}. */
export const OBJECT_KIND_NAMES = Object.keys(OBJECT_KINDS) as ObjectKind[];

/**
 * One named object. `namespace` only for a namespaced kind (Issuer), and absent there when the item has no
 * `metadata.namespace`: it then lives in the namespace its package is deployed to.
 */
export interface ObjectRef {
  kind: ObjectKind;
  name: string;
  namespace?: string;
}

export function isObjectKind(kind: string): kind is ObjectKind {
  return Object.hasOwn(OBJECT_KINDS, kind);
}

/** `<Kind>/<name>`, or `<Kind>/<namespace>/<name>` for an object with a namespace: in annotations and messages. */
export function objectKey(ref: ObjectRef): string {
  return ref.namespace === undefined ? `${ref.kind}/${ref.name}` : `${ref.kind}/${ref.namespace}/${ref.name}`;
}

/** The object of an {@link objectKey} text, or undefined when the text is not one. */
export function parseObjectKey(text: string): ObjectRef | undefined {
  const parts = text.split('/');
  const [kind = '', first = '', second] = parts;
  if (!isObjectKind(kind) || parts.length > 3 || first === '' || second === '') return undefined;
  if (second === undefined) return { kind, name: first };
  return OBJECT_KINDS[kind].namespaced ? { kind, namespace: first, name: second } : undefined;
}

export function sameObject(a: ObjectRef, b: ObjectRef): boolean {
  return objectKey(a) === objectKey(b);
}

/** By key, code point order. */
export function compareObjects(a: ObjectRef, b: ObjectRef): number {
  return byCodePoint(objectKey(a), objectKey(b));
}

/** The objects without repeats, sorted by key. */
export function uniqueObjects(refs: readonly ObjectRef[]): ObjectRef[] {
  return [...new Map(refs.map((ref) => [objectKey(ref), ref])).values()].sort(compareObjects);
}

/** The objects every Kubernetes cluster has without any package (docs/SPEC.md rule platform-objects). */
export const BUILT_IN_OBJECTS: readonly ObjectRef[] = [
  { kind: 'Namespace', name: 'default' },
  { kind: 'Namespace', name: 'kube-node-lease' },
  { kind: 'Namespace', name: 'kube-public' },
  { kind: 'Namespace', name: 'kube-system' },
  { kind: 'PriorityClass', name: 'system-cluster-critical' },
  { kind: 'PriorityClass', name: 'system-node-critical' },
];

const BUILT_IN_KEYS: ReadonlySet<string> = new Set(BUILT_IN_OBJECTS.map(objectKey));

/** A built-in object, or one the catalog lists under `platform`. */
export function isPlatformObject(ref: ObjectRef, platform: readonly ObjectRef[]): boolean {
  return BUILT_IN_KEYS.has(objectKey(ref)) || platform.some((entry) => sameObject(entry, ref));
}
