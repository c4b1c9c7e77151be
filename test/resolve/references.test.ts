import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { YAMLMap } from 'yaml';
import { objectKey } from '../../src/catalog/index.js';
import { createdObject, createdObjects, localObjects, objectReferences } from '../../src/resolve/index.js';

/**
 * docs/SPEC.md rule object-references, row by row: what an item creates and what it references, with the field
 * that names it. Each case is one item as a package would hold it.
 */

function item(yaml: string): YAMLMap {
  return parseDocument(yaml).contents as YAMLMap;
}

const noCrds = () => false;

/** `<field> -> <object key>` for each reference of the item. */
function refs(yaml: string, clusterScoped: (group: string, kind: string) => boolean = noCrds): string[] {
  return objectReferences(item(yaml), clusterScoped).map(({ ref, field }) => `${field} -> ${objectKey(ref)}`);
}

describe('what an item creates', () => {
  it.each([
    ['v1', 'Namespace', 'Namespace/nephio-system'],
    ['storage.k8s.io/v1', 'StorageClass', 'StorageClass/nephio-system'],
    ['networking.k8s.io/v1', 'IngressClass', 'IngressClass/nephio-system'],
    ['gateway.networking.k8s.io/v1beta1', 'GatewayClass', 'GatewayClass/nephio-system'],
    ['scheduling.k8s.io/v1', 'PriorityClass', 'PriorityClass/nephio-system'],
    ['node.k8s.io/v1', 'RuntimeClass', 'RuntimeClass/nephio-system'],
    ['cert-manager.io/v1', 'ClusterIssuer', 'ClusterIssuer/nephio-system'],
    ['cert-manager.io/v1alpha2', 'Issuer', 'Issuer/nephio-system'],
  ])('%s %s', (apiVersion, kind, key) => {
    const created = createdObject(item(`apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: nephio-system\n`));
    expect(created === undefined ? undefined : objectKey(created)).toBe(key);
  });

  it('an Issuer with its namespace; a cluster-scoped object without the namespace it may carry', () => {
    const issuer = createdObject(
      item('apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata: {name: ca, namespace: capi}'),
    );
    expect(issuer).toEqual({ kind: 'Issuer', namespace: 'capi', name: 'ca' });
    const storage = createdObject(
      item('apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: a, namespace: x}'),
    );
    expect(storage).toEqual({ kind: 'StorageClass', name: 'a' });
  });

  it('nothing for a kind of the table in another group, an item without a name, or another kind', () => {
    expect(createdObject(item('apiVersion: example.com/v1\nkind: Namespace\nmetadata: {name: a}'))).toBeUndefined();
    expect(createdObject(item('apiVersion: v1\nkind: Namespace\nmetadata: {}'))).toBeUndefined();
    expect(createdObject(item('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}'))).toBeUndefined();
  });

  it('items that are not applied create nothing (docs/SPEC.md rule skip-unapplied)', () => {
    const local = item(
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  annotations: {config.kubernetes.io/local-config: "true"}',
    );
    const applied = item('apiVersion: v1\nkind: Namespace\nmetadata: {name: b}');
    expect(createdObjects([local, applied, applied])).toEqual([{ kind: 'Namespace', name: 'b' }]);
  });
});

describe('what an item references (the table of docs/SPEC.md rule object-references)', () => {
  it('metadata.namespace of a namespaced item -> that Namespace', () => {
    expect(refs('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: nephio-system}')).toEqual([
      'metadata.namespace -> Namespace/nephio-system',
    ]);
    expect(refs('apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: a, namespace: apps}')).toEqual([
      'metadata.namespace -> Namespace/apps',
    ]);
  });

  it('no Namespace for an item without one, or of a cluster-scoped kind (built in, or a CRD that says so)', () => {
    expect(refs('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}')).toEqual([]);
    expect(refs('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: ""}')).toEqual([]);
    expect(
      refs('apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: a, namespace: x}'),
    ).toEqual([]);
    expect(refs('apiVersion: v1\nkind: Namespace\nmetadata: {name: a, namespace: x}')).toEqual([]);
    const widget = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: a, namespace: apps}';
    expect(refs(widget, (group, kind) => group === 'example.com' && kind === 'Widget')).toEqual([]);
  });

  it('PersistentVolumeClaim spec.storageClassName -> that StorageClass; "" asks for none', () => {
    const pvc = (value: string) =>
      refs(`apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\nspec: {storageClassName: ${value}}`);
    expect(pvc('local-path')).toEqual(['spec.storageClassName -> StorageClass/local-path']);
    expect(pvc('""')).toEqual([]);
  });

  it('StatefulSet spec.volumeClaimTemplates[].spec.storageClassName -> that StorageClass', () => {
    const yaml = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  template: {spec: {containers: []}}
  volumeClaimTemplates:
    - metadata: {name: a}
      spec: {storageClassName: fast}
    - metadata: {name: b}
    - metadata: {name: c}
      spec: {storageClassName: slow}
`;
    expect(refs(yaml)).toEqual([
      'spec.volumeClaimTemplates[0].spec.storageClassName -> StorageClass/fast',
      'spec.volumeClaimTemplates[2].spec.storageClassName -> StorageClass/slow',
    ]);
  });

  it('Ingress spec.ingressClassName -> that IngressClass (networking.k8s.io and the legacy extensions)', () => {
    for (const apiVersion of ['networking.k8s.io/v1', 'extensions/v1beta1']) {
      expect(
        refs(`apiVersion: ${apiVersion}\nkind: Ingress\nmetadata: {name: web}\nspec: {ingressClassName: nginx}`),
      ).toEqual(['spec.ingressClassName -> IngressClass/nginx']);
    }
  });

  it('Gateway spec.gatewayClassName -> that GatewayClass', () => {
    const yaml =
      'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw}\nspec: {gatewayClassName: istio}';
    expect(refs(yaml)).toEqual(['spec.gatewayClassName -> GatewayClass/istio']);
  });

  it.each([
    ['v1', 'Pod', 'spec', '{priorityClassName: high, runtimeClassName: gvisor}'],
    [
      'apps/v1',
      'Deployment',
      'spec.template.spec',
      '{template: {spec: {priorityClassName: high, runtimeClassName: gvisor}}}',
    ],
    [
      'apps/v1',
      'StatefulSet',
      'spec.template.spec',
      '{template: {spec: {priorityClassName: high, runtimeClassName: gvisor}}}',
    ],
    [
      'apps/v1',
      'DaemonSet',
      'spec.template.spec',
      '{template: {spec: {priorityClassName: high, runtimeClassName: gvisor}}}',
    ],
    [
      'apps/v1',
      'ReplicaSet',
      'spec.template.spec',
      '{template: {spec: {priorityClassName: high, runtimeClassName: gvisor}}}',
    ],
    [
      'batch/v1',
      'Job',
      'spec.template.spec',
      '{template: {spec: {priorityClassName: high, runtimeClassName: gvisor}}}',
    ],
    [
      'batch/v1',
      'CronJob',
      'spec.jobTemplate.spec.template.spec',
      '{jobTemplate: {spec: {template: {spec: {priorityClassName: high, runtimeClassName: gvisor}}}}}',
    ],
  ])('%s %s %s.priorityClassName and runtimeClassName', (apiVersion, kind, at, spec) => {
    expect(refs(`apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: w}\nspec: ${spec}`)).toEqual([
      `${at}.priorityClassName -> PriorityClass/high`,
      `${at}.runtimeClassName -> RuntimeClass/gvisor`,
    ]);
  });

  it('a pod spec at another place than its kind has it is not read', () => {
    expect(refs('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\nspec: {priorityClassName: high}')).toEqual(
      [],
    );
  });

  it('Certificate spec.issuerRef: a ClusterIssuer, or an Issuer in the Certificate namespace (kind Issuer or none)', () => {
    const certificate = (issuerRef: string, namespace = 'apps') =>
      refs(
        `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: tls, namespace: ${namespace}}\nspec: {issuerRef: ${issuerRef}}`,
      ).filter((ref) => ref.startsWith('spec.'));
    expect(certificate('{name: selfsigned, kind: ClusterIssuer}')).toEqual([
      'spec.issuerRef -> ClusterIssuer/selfsigned',
    ]);
    expect(certificate('{name: ca, kind: Issuer}')).toEqual(['spec.issuerRef -> Issuer/apps/ca']);
    expect(certificate('{name: ca}')).toEqual(['spec.issuerRef -> Issuer/apps/ca']);
    expect(certificate('{name: ca, kind: ClusterIssuer, group: cert-manager.io}')).toEqual([
      'spec.issuerRef -> ClusterIssuer/ca',
    ]);
    expect(certificate('{name: ca, kind: AWSPCAClusterIssuer, group: awspca.cert-manager.io}')).toEqual([]);
    expect(certificate('{name: ca, kind: Issuer, group: awspca.cert-manager.io}')).toEqual([]);
  });

  it('a Certificate without namespace references the Issuer of that name without namespace', () => {
    const yaml =
      'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: tls}\nspec: {issuerRef: {name: ca}}';
    expect(refs(yaml)).toEqual(['spec.issuerRef -> Issuer/ca']);
  });

  it('Ingress annotations cert-manager.io/cluster-issuer and cert-manager.io/issuer', () => {
    const ingress = (annotations: string) =>
      refs(
        `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  namespace: apps\n  annotations: ${annotations}`,
      );
    expect(ingress('{cert-manager.io/cluster-issuer: letsencrypt}')).toEqual([
      'metadata.namespace -> Namespace/apps',
      'metadata.annotations.cert-manager.io/cluster-issuer -> ClusterIssuer/letsencrypt',
    ]);
    expect(ingress('{cert-manager.io/issuer: ca}')).toEqual([
      'metadata.namespace -> Namespace/apps',
      'metadata.annotations.cert-manager.io/issuer -> Issuer/apps/ca',
    ]);
    expect(ingress('{cert-manager.io/issuer: ca, cert-manager.io/issuer-kind: ClusterIssuer}')).toEqual([
      'metadata.namespace -> Namespace/apps',
      'metadata.annotations.cert-manager.io/issuer -> ClusterIssuer/ca',
    ]);
    expect(ingress('{cert-manager.io/issuer: ca, cert-manager.io/issuer-group: example.com}')).toEqual([
      'metadata.namespace -> Namespace/apps',
    ]);
  });

  it("Porch's objects reference nothing: they live in the management cluster, not on the target", () => {
    const yaml =
      'apiVersion: config.porch.kpt.dev/v1alpha1\nkind: PackageVariant\nmetadata: {name: pv, namespace: porch}';
    expect(refs(yaml)).toEqual([]);
  });

  it('the annotations of another kind than Ingress name nothing', () => {
    const yaml =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations: {cert-manager.io/cluster-issuer: letsencrypt}';
    expect(refs(yaml)).toEqual([]);
  });
});

describe('local objects (docs/SPEC.md rule local-objects)', () => {
  const isLocal = localObjects([
    item('apiVersion: v1\nkind: Namespace\nmetadata: {name: apps}'),
    item('apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata: {name: ca, namespace: apps}'),
    item('apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata: {name: any}'),
  ]);

  it('the same kind and name; an Issuer also where one side has no namespace', () => {
    expect(isLocal({ kind: 'Namespace', name: 'apps' })).toBe(true);
    expect(isLocal({ kind: 'Namespace', name: 'other' })).toBe(false);
    expect(isLocal({ kind: 'StorageClass', name: 'apps' })).toBe(false);
    expect(isLocal({ kind: 'Issuer', namespace: 'apps', name: 'ca' })).toBe(true);
    expect(isLocal({ kind: 'Issuer', name: 'ca' })).toBe(true);
    expect(isLocal({ kind: 'Issuer', namespace: 'other', name: 'ca' })).toBe(false);
    expect(isLocal({ kind: 'Issuer', namespace: 'other', name: 'any' })).toBe(true);
  });
});
