import { describe, expect, it } from 'vitest';
import { readPackagesText } from '../support/catalog-data.js';
import type { CatalogPackage } from '../../src/catalog/index.js';
import { packagesText } from '../../src/catalog-build/index.js';

const packages: CatalogPackage[] = [
  {
    repository: 'catalog-distros-sandbox',
    package: 'metallb',
    revisions: [
      {
        revision: 'main',
        lifecycle: 'Published',
        provides: [
          {
            group: 'metallb.io',
            kind: 'IPAddressPool',
            resource: 'ipaddresspools',
            versions: ['v1beta1'],
            scope: 'Namespaced',
            source: 'CustomResourceDefinition',
          },
          { group: 'metrics.example.io', versions: ['v1beta1'], source: 'APIService' },
        ],
        requires: [{ group: 'cert-manager.io', version: 'v1', kind: 'Certificate' }],
        dependsOn: [{ repository: 'catalog-distros-sandbox', package: 'cert-manager' }],
        objects: [
          { kind: 'Namespace', name: 'metallb-system' },
          { kind: 'Issuer', namespace: 'metallb-system', name: 'true' },
        ],
        requiresObjects: [{ kind: 'PriorityClass', name: 'high' }],
      },
      {
        revision: '3',
        workspaceName: 'v3',
        lifecycle: 'Published',
        provides: [],
        requires: [],
        dependsOn: [],
        objects: [],
        requiresObjects: [],
      },
    ],
  },
];

describe('packagesText', () => {
  it('writes the compact notation of docs/SPEC.md rule catalog-compact: JSON, a line per package and per revision', () => {
    expect(packagesText(packages)).toBe(`[
{"repository":"catalog-distros-sandbox","package":"metallb","revisions":[
  {"revision":"main","lifecycle":"Published","provides":["metallb.io/v1beta1/IPAddressPool/ipaddresspools","metrics.example.io/v1beta1"],"requires":["cert-manager.io/v1/Certificate"],"dependsOn":["catalog-distros-sandbox/cert-manager"],"objects":["Namespace/metallb-system","Issuer/metallb-system/true"],"requiresObjects":["PriorityClass/high"]},
  {"revision":"3","workspaceName":"v3","lifecycle":"Published"}]}
]
`);
    expect(packagesText([])).toBe('[]\n');
  });

  it('reads back, through the catalog schema, as the same packages', () => {
    expect(readPackagesText(packagesText(packages))).toEqual(packages);
  });
});
