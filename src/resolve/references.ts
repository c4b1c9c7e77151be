import type { YAMLMap } from 'yaml';
import { annotation, itemString, itemValue } from '../krm/index.js';
import { OBJECT_KINDS, isObjectKind, objectKey, uniqueObjects } from '../catalog/index.js';
import type { ObjectKind, ObjectRef } from '../catalog/index.js';
import { splitApiVersion } from './api.js';
import { isSkipped } from './needs.js';

/**
 * docs/SPEC.md rule object-references: the named objects an item creates, and the named objects it
 * references, read from the fields of the table below. This is the one place that knows those fields.
 */

/** A named object an item references, and the field (path inside the item) that names it. */
export interface ObjectReference {
  ref: ObjectRef;
  field: string;
}

/** Kinds built into Kubernetes (and the cluster-scoped kinds of the table) that have no namespace. */
const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  '/Namespace',
  '/Node',
  '/PersistentVolume',
  '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'apiregistration.k8s.io/APIService',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'admissionregistration.k8s.io/MutatingAdmissionPolicy',
  'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/CSIDriver',
  'storage.k8s.io/CSINode',
  'storage.k8s.io/VolumeAttachment',
  'storage.k8s.io/VolumeAttributesClass',
  'networking.k8s.io/IngressClass',
  'networking.k8s.io/IPAddress',
  'networking.k8s.io/ServiceCIDR',
  'scheduling.k8s.io/PriorityClass',
  'node.k8s.io/RuntimeClass',
  'certificates.k8s.io/CertificateSigningRequest',
  'certificates.k8s.io/ClusterTrustBundle',
  'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'policy/PodSecurityPolicy',
  'resource.k8s.io/DeviceClass',
  'storagemigration.k8s.io/StorageVersionMigration',
  'internal.apiserver.k8s.io/StorageVersion',
  'gateway.networking.k8s.io/GatewayClass',
  'cert-manager.io/ClusterIssuer',
]);

/** Whether group/kind is a built-in kind without namespace, or a cluster-scoped kind of the table. */
export function isBuiltInClusterScoped(group: string, kind: string): boolean {
  return CLUSTER_SCOPED.has(`${group}/${kind}`);
}

function groupKind(item: YAMLMap): { group: string; kind: string } | undefined {
  const apiVersion = itemString(item, ['apiVersion']);
  const kind = itemString(item, ['kind']);
  if (apiVersion === undefined || kind === undefined) return undefined;
  return { group: splitApiVersion(apiVersion).group, kind };
}

/** The value at `path` (map keys) of a plain value. */
function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A non-empty string at `path` of a plain value (`""` names no object: `storageClassName: ""` asks for none). */
function stringAt(value: unknown, path: readonly string[]): string | undefined {
  const found = valueAt(value, path);
  return typeof found === 'string' && found !== '' ? found : undefined;
}

/** The named object the item is: of a kind of {@link OBJECT_KINDS} (its group, any version), with a name. */
export function createdObject(item: YAMLMap): ObjectRef | undefined {
  const type = groupKind(item);
  if (type === undefined || !isObjectKind(type.kind) || OBJECT_KINDS[type.kind].group !== type.group) return undefined;
  const name = itemString(item, ['metadata', 'name']);
  if (name === undefined || name === '') return undefined;
  const namespace = itemString(item, ['metadata', 'namespace']);
  const kind: ObjectKind = type.kind;
  return OBJECT_KINDS[kind].namespaced && namespace !== undefined && namespace !== ''
    ? { kind, namespace, name }
    : { kind, name };
}

/** The named objects the items applied to a cluster create (docs/SPEC.md rule skip-unapplied), sorted, once each. */
export function createdObjects(items: readonly YAMLMap[]): ObjectRef[] {
  return uniqueObjects(
    items.flatMap((item) => {
      const created = isSkipped(item) ? undefined : createdObject(item);
      return created === undefined ? [] : [created];
    }),
  );
}

/** Whether the package of these items creates the referenced object itself: {@link ownObjects} of what they create. */
export function localObjects(items: readonly YAMLMap[]): (ref: ObjectRef) => boolean {
  return ownObjects(createdObjects(items));
}

/**
 * Whether a package that creates `created` (its items' objects, or a catalog revision's `objects`) creates the
 * referenced object itself (docs/SPEC.md rule local-objects): an object of the same key, or for an Issuer, one of
 * the same name where either side has no namespace (it goes to the namespace the package is deployed to).
 */
export function ownObjects(created: readonly ObjectRef[]): (ref: ObjectRef) => boolean {
  const keys = new Set(created.map(objectKey));
  return (ref) =>
    keys.has(objectKey(ref)) ||
    created.some(
      (own) =>
        own.kind === ref.kind && own.name === ref.name && (own.namespace === undefined || ref.namespace === undefined),
    );
}

/** Where the pod spec of a workload kind is (`group/Kind` -> path). */
const POD_SPECS: ReadonlyMap<string, readonly string[]> = new Map([
  ['/Pod', ['spec']],
  ['apps/Deployment', ['spec', 'template', 'spec']],
  ['apps/StatefulSet', ['spec', 'template', 'spec']],
  ['apps/DaemonSet', ['spec', 'template', 'spec']],
  ['apps/ReplicaSet', ['spec', 'template', 'spec']],
  ['batch/Job', ['spec', 'template', 'spec']],
  ['batch/CronJob', ['spec', 'jobTemplate', 'spec', 'template', 'spec']],
]);

const CERT_MANAGER = 'cert-manager.io';

/** An issuer named with its kind and group (cert-manager: kind Issuer when unset, group cert-manager.io when unset). */
function issuer(
  name: string | undefined,
  kind: string | undefined,
  group: string | undefined,
  namespace: string | undefined,
): ObjectRef | undefined {
  if (name === undefined || (group !== undefined && group !== CERT_MANAGER)) return undefined;
  if (kind === 'ClusterIssuer') return { kind, name };
  if (kind !== undefined && kind !== 'Issuer') return undefined;
  return namespace === undefined ? { kind: 'Issuer', name } : { kind: 'Issuer', namespace, name };
}

/**
 * Every named object the item references, in the order of the table of docs/SPEC.md rule
 * object-references. `clusterScoped` says whether a kind has no namespace (built-in kinds are
 * known here; the caller adds the CRDs it knows), so that only namespaced items reference their
 * `metadata.namespace`.
 */
export function objectReferences(
  item: YAMLMap,
  clusterScoped: (group: string, kind: string) => boolean,
): ObjectReference[] {
  const type = groupKind(item);
  if (type === undefined) return [];
  const { group, kind } = type;
  // Porch's objects (PackageVariants, Repositories) live in the management cluster, not on the target.
  if (group === 'config.porch.kpt.dev') return [];
  const key = `${group}/${kind}`;
  const found: ObjectReference[] = [];
  const add = (ref: ObjectRef | undefined, field: string) => {
    if (ref !== undefined) found.push({ ref, field });
  };
  const named = (objectKind: ObjectKind, name: string | undefined): ObjectRef | undefined =>
    name === undefined ? undefined : { kind: objectKind, name };
  const rawNamespace = itemString(item, ['metadata', 'namespace']);
  const namespace = rawNamespace === '' ? undefined : rawNamespace;
  if (namespace !== undefined && !isBuiltInClusterScoped(group, kind) && !clusterScoped(group, kind)) {
    add({ kind: 'Namespace', name: namespace }, 'metadata.namespace');
  }
  // Read only for the kinds whose rule reads it: reading an item's spec reads all of its text again.
  let specValue: unknown;
  let specRead = false;
  const spec = (): unknown => {
    if (!specRead) [specValue, specRead] = [itemValue(item, ['spec']), true];
    return specValue;
  };
  if (key === '/PersistentVolumeClaim')
    add(named('StorageClass', stringAt(spec(), ['storageClassName'])), 'spec.storageClassName');
  if (key === 'apps/StatefulSet') {
    const templates = valueAt(spec(), ['volumeClaimTemplates']);
    if (Array.isArray(templates)) {
      templates.forEach((template: unknown, i) => {
        const field = `spec.volumeClaimTemplates[${i}].spec.storageClassName`;
        add(named('StorageClass', stringAt(template, ['spec', 'storageClassName'])), field);
      });
    }
  }
  if (key === 'networking.k8s.io/Ingress' || key === 'extensions/Ingress') {
    add(named('IngressClass', stringAt(spec(), ['ingressClassName'])), 'spec.ingressClassName');
    const clusterIssuer = annotation(item, `${CERT_MANAGER}/cluster-issuer`);
    add(
      named('ClusterIssuer', clusterIssuer === '' ? undefined : clusterIssuer),
      `metadata.annotations.${CERT_MANAGER}/cluster-issuer`,
    );
    const issuerName = annotation(item, `${CERT_MANAGER}/issuer`);
    const issuerKind = annotation(item, `${CERT_MANAGER}/issuer-kind`);
    const issuerGroup = annotation(item, `${CERT_MANAGER}/issuer-group`);
    const ref = issuer(issuerName === '' ? undefined : issuerName, issuerKind, issuerGroup, namespace);
    add(ref, `metadata.annotations.${CERT_MANAGER}/issuer`);
  }
  if (key === 'gateway.networking.k8s.io/Gateway')
    add(named('GatewayClass', stringAt(spec(), ['gatewayClassName'])), 'spec.gatewayClassName');
  const podSpecPath = POD_SPECS.get(key);
  if (podSpecPath !== undefined) {
    const podSpec = itemValue(item, podSpecPath);
    const at = podSpecPath.join('.');
    add(named('PriorityClass', stringAt(podSpec, ['priorityClassName'])), `${at}.priorityClassName`);
    add(named('RuntimeClass', stringAt(podSpec, ['runtimeClassName'])), `${at}.runtimeClassName`);
  }
  if (key === `${CERT_MANAGER}/Certificate`) {
    const ref = issuer(
      stringAt(spec(), ['issuerRef', 'name']),
      stringAt(spec(), ['issuerRef', 'kind']),
      stringAt(spec(), ['issuerRef', 'group']),
      namespace,
    );
    add(ref, 'spec.issuerRef');
  }
  return found;
}
