import { parse, parseDocument } from 'yaml';
import { processText } from '../../src/krm/index.js';
import { emitPackageVariants } from '../../functions/emit-package-variants/processor.js';
import { catalogText, kptfileText, resourceListText } from '../support/resource-list.js';
import type { TestFile } from '../support/resource-list.js';

/** What the emit-package-variants tests share: a catalog, a package's files, running and reading the output. */

export interface OutItem {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec?: { upstream?: Record<string, unknown>; downstream?: Record<string, unknown>; injectors?: unknown };
}
export interface OutResult {
  message: string;
  severity: string;
  resourceRef?: { kind: string; name: string };
  field?: { path: string };
}

export const packages = `
- repository: sandbox
  package: cert-manager
  revisions:
    - revision: "2"
      workspaceName: v2
      lifecycle: Published
      provides:
        - {group: cert-manager.io, kind: Certificate, resource: certificates, versions: [v1]}
    - revision: "3"
      workspaceName: v3
      lifecycle: Published
      provides:
        - {group: cert-manager.io, kind: Certificate, resource: certificates, versions: [v1]}
        - {group: cert-manager.io, kind: ClusterIssuer, resource: clusterissuers, versions: [v1]}
- repository: sandbox
  package: metallb
  revisions:
    - revision: "1"
      workspaceName: v1
      lifecycle: Published
      provides:
        - {group: metallb.io, kind: IPAddressPool, resource: ipaddresspools, versions: [v1beta1]}
      requires:
        - {group: frrk8s.metallb.io, version: v1beta1, kind: FRRConfiguration}
      dependsOn:
        - {repository: infra, package: networking/frr-k8s}
- repository: infra
  package: networking/frr-k8s
  revisions:
    - revision: v1.2.0
      lifecycle: Published
      provides:
        - {group: frrk8s.metallb.io, kind: FRRConfiguration, resource: frrconfigurations, versions: [v1beta1]}
- repository: sandbox
  package: prometheus
  revisions:
    - revision: "4"
      lifecycle: Published
      provides:
        - {group: monitoring.coreos.com, kind: ServiceMonitor, resource: servicemonitors, versions: [v1]}
`;
export const platform = '- {group: config.porch.kpt.dev}';

export function catalog(installed = ''): TestFile {
  return {
    path: 'catalog.yaml',
    yaml: catalogText({ packages, platform, ...(installed === '' ? {} : { installed }) }),
  };
}

export const kptfile: TestFile = { path: 'Kptfile', yaml: kptfileText('app') };
export const pool: TestFile = {
  path: 'pool.yaml',
  yaml: 'apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: pool\n',
};
export const cert: TestFile = {
  path: 'cert.yaml',
  yaml: 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\n',
};
export const monitor: TestFile = {
  path: 'monitor.yaml',
  yaml: 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: web\n',
};

export function config(fields: string): string {
  return `apiVersion: fn.pkgdeps.dev/v1alpha1\nkind: EmitPackageVariants\nmetadata:\n  name: emit\n${fields}`;
}

export const edge01 = config('target: edge01\ndownstreamRepository: edge01-deployments\n');

export function run(files: TestFile[], functionConfig: string | undefined = edge01) {
  const out = processText(resourceListText(files, functionConfig), emitPackageVariants, 'emit-package-variants');
  const doc = parse(out.stdout) as { items: OutItem[]; results?: OutResult[] };
  return { ...out, items: doc.items, results: doc.results ?? [] };
}

export function variants(items: OutItem[]): OutItem[] {
  return items.filter((item) => item.kind === 'PackageVariant');
}

/** An output item as a test file again, for a second run on the output. */
export function asFiles(stdout: string): TestFile[] {
  const doc = parseDocument(stdout);
  return (doc.get('items') as { items: unknown[] }).items.map((node) => {
    const item = parseDocument(String(node));
    const path = String(item.getIn(['metadata', 'annotations', 'internal.config.kubernetes.io/path']));
    item.deleteIn(['metadata', 'annotations', 'internal.config.kubernetes.io/path']);
    item.deleteIn(['metadata', 'annotations', 'internal.config.kubernetes.io/index']);
    return { path, yaml: item.toString() };
  });
}
