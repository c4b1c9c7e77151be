import { isMap, parse, parseDocument } from 'yaml';
import { ApiIndex, readCatalog } from '../../src/catalog/index.js';
import { processText } from '../../src/krm/index.js';
import type { Processor } from '../../src/krm/index.js';
import { catalogText } from '../support/resource-list.js';
import type { TestFile } from '../support/resource-list.js';

/**
 * A catalog for the validators: cert-manager in four revisions (2 -> 3 drops v1alpha2, 4 is a
 * Draft without Certificate), MetalLB depending on cert-manager, an edge app depending on
 * MetalLB (so on cert-manager through it), and a legacy app that lists what it requires but no
 * dependsOn. edge01 runs all of them on cert-manager "2"; edge02 runs cert-manager "3" alone;
 * edge03 runs cert-manager "2" alone; edge04 runs nothing.
 */
export const packages = `
- repository: sandbox
  package: cert-manager
  revisions:
    - revision: "1"
      lifecycle: Published
      provides:
        - {group: cert-manager.io, kind: Certificate, resource: certificates, versions: [v1alpha2]}
    - revision: "2"
      lifecycle: Published
      provides:
        - {group: cert-manager.io, kind: Certificate, resource: certificates, versions: [v1, v1alpha2]}
        - {group: cert-manager.io, kind: Issuer, resource: issuers, versions: [v1]}
    - revision: "3"
      lifecycle: Published
      provides:
        - {group: cert-manager.io, kind: Certificate, resource: certificates, versions: [v1]}
        - {group: cert-manager.io, kind: Issuer, resource: issuers, versions: [v1]}
    - revision: "4"
      lifecycle: Draft
      provides:
        - {group: cert-manager.io, kind: Issuer, resource: issuers, versions: [v1]}
- repository: sandbox
  package: metallb
  revisions:
    - revision: "1"
      lifecycle: Published
      provides:
        - {group: metallb.io, kind: IPAddressPool, resource: ipaddresspools, versions: [v1beta1]}
      requires:
        - {group: cert-manager.io, version: v1, kind: Certificate}
      dependsOn:
        - {repository: sandbox, package: cert-manager}
- repository: sandbox
  package: edge-app
  revisions:
    - revision: "1"
      lifecycle: Published
      requires:
        - {group: metallb.io, version: v1beta1, kind: IPAddressPool}
      dependsOn:
        - {repository: sandbox, package: metallb}
- repository: extras
  package: legacy-app
  revisions:
    - revision: "1"
      lifecycle: Published
      requires:
        - {group: cert-manager.io, version: v1alpha2, kind: Certificate}
    - revision: "2"
      lifecycle: Published
      requires:
        - {group: cert-manager.io, version: v1, kind: Certificate}
`;

export const installed = `
- {target: edge01, repository: sandbox, package: cert-manager, revision: "2"}
- {target: edge01, repository: sandbox, package: metallb, revision: "1"}
- {target: edge01, repository: sandbox, package: edge-app, revision: "1"}
- {target: edge01, repository: extras, package: legacy-app, revision: "1"}
- {target: edge02, repository: sandbox, package: cert-manager, revision: "3"}
- {target: edge03, repository: sandbox, package: cert-manager, revision: "2"}
`;

export const catalog: TestFile = { path: 'catalog.yaml', yaml: catalogText({ packages, installed }) };

/**
 * A `requires` that pins an older revision: gateway "1" requires cert-manager.io/v1 Certificate of
 * cert-manager, which only cert-manager "1" serves; the latest, "2", serves v2 and depends on
 * trust-manager. So gateway's closure is cert-manager "1", without trust-manager. edge09 runs
 * trust-manager alone.
 */
export const pinnedCatalog: TestFile = {
  path: 'catalog.yaml',
  yaml: catalogText({
    packages: `
- repository: sandbox
  package: gateway
  revisions:
    - revision: "1"
      lifecycle: Published
      provides:
        - {group: gateway.example.io, kind: Gateway, resource: gateways, versions: [v1]}
      requires:
        - {group: cert-manager.io, version: v1, kind: Certificate}
      dependsOn:
        - {repository: sandbox, package: cert-manager}
- repository: sandbox
  package: cert-manager
  revisions:
    - revision: "1"
      lifecycle: Published
      provides:
        - {group: cert-manager.io, kind: Certificate, resource: certificates, versions: [v1]}
    - revision: "2"
      lifecycle: Published
      provides:
        - {group: cert-manager.io, kind: Certificate, resource: certificates, versions: [v2]}
      dependsOn:
        - {repository: sandbox, package: trust-manager}
- repository: sandbox
  package: trust-manager
  revisions:
    - {revision: "1", lifecycle: Published}
`,
    installed: '- {target: edge09, repository: sandbox, package: trust-manager, revision: "1"}',
    platform: '- {group: config.porch.kpt.dev}',
  }),
};

/** An item that needs gateway (of {@link pinnedCatalog}). */
export const gateway: TestFile = {
  path: 'gateway.yaml',
  yaml: 'apiVersion: gateway.example.io/v1\nkind: Gateway\nmetadata:\n  name: gw\n',
};

export interface OutResult {
  message: string;
  severity: 'error' | 'warning' | 'info';
  resourceRef?: { kind: string; name: string };
  field?: { path: string };
  file?: { path: string };
  tags?: Record<string, string>;
}

export interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
  results: OutResult[];
  /** The `items` of the output, as YAML text (everything before `results:` / `functionConfig:`). */
  itemsText: string;
}

/** The text of the `items:` block of a ResourceList text. */
export function itemsText(text: string): string {
  const start = text.indexOf('\nitems:\n');
  const rest = text.slice(start);
  const end = rest.search(/\n(results|functionConfig):/);
  return end < 0 ? rest : rest.slice(0, end);
}

export function run(processor: Processor, input: string): Run {
  const output = processText(input, processor, 'test');
  const parsed = parse(output.stdout) as { results?: OutResult[] } | null;
  return { ...output, results: parsed?.results ?? [], itemsText: itemsText(output.stdout) };
}

export function messages(result: Run, severity: OutResult['severity']): string[] {
  return result.results.filter((r) => r.severity === severity).map((r) => r.message);
}

/** A function config of `kind` with the given top-level fields (YAML text). */
export function fnConfig(kind: string, fields: string): string {
  return `apiVersion: fn.pkgdeps.dev/v1alpha1\nkind: ${kind}\nmetadata:\n  name: config\n${fields.trim()}\n`;
}

/** The ApiIndex of a catalog ConfigMap built from the given data strings; throws on catalog errors. */
export function indexOf(data: { packages: string; installed?: string }): ApiIndex {
  const node = parseDocument(catalogText(data)).contents;
  if (!isMap(node)) throw new Error('catalogText gave no map');
  const { catalog, results } = readCatalog(node);
  if (catalog === undefined) throw new Error(results.map((result) => result.message).join('\n'));
  return new ApiIndex(catalog);
}
