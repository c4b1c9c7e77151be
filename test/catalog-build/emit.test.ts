import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { normalisePackages } from '../../src/catalog/normalise.js';
import { schemaViolations } from '../../src/catalog/index.js';
import type { CatalogPackage } from '../../src/catalog/index.js';
import { packagesText } from '../../src/catalog-build/index.js';
import { scalar } from '../../src/catalog-build/emit.js';

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
  it('writes the layout of docs/SPEC.md section 3: block packages and revisions, one flow map per entry, revisions quoted', () => {
    expect(packagesText(packages)).toBe(`- repository: catalog-distros-sandbox
  package: metallb
  revisions:
    - revision: "main"
      lifecycle: Published
      provides:
        - {group: metallb.io, kind: IPAddressPool, resource: ipaddresspools, versions: [v1beta1], scope: Namespaced}
        - {group: metrics.example.io, versions: [v1beta1], source: APIService}
      requires:
        - {group: cert-manager.io, version: v1, kind: Certificate}
      dependsOn:
        - {repository: catalog-distros-sandbox, package: cert-manager}
      objects:
        - {kind: Namespace, name: metallb-system}
        - {kind: Issuer, namespace: metallb-system, name: "true"}
      requiresObjects:
        - {kind: PriorityClass, name: high}
    - revision: "3"
      workspaceName: v3
      lifecycle: Published
`);
    expect(packagesText([])).toBe('[]\n');
  });

  it('reads back, through the catalog schema, as the same packages', () => {
    const value: unknown = parse(packagesText(packages));
    expect(schemaViolations('packages', value)).toEqual([]);
    expect(normalisePackages(value)).toEqual({ packages, problems: [] });
  });

  it('quotes exactly the strings YAML would not read back as the same string', () => {
    expect(
      [
        'v1',
        'cert-manager.io',
        'a/b',
        '',
        'true',
        'no',
        'Y',
        '1',
        '1.5',
        '1e3',
        '0x1f',
        'null',
        '~',
        'a: b',
        'a,b',
        '[x]',
        '#x',
        '-x',
        '*',
        'é',
      ].map(scalar),
    ).toEqual([
      'v1',
      'cert-manager.io',
      'a/b',
      '""',
      '"true"',
      '"no"',
      '"Y"',
      '"1"',
      '"1.5"',
      '"1e3"',
      '"0x1f"',
      '"null"',
      '"~"',
      '"a: b"',
      '"a,b"',
      '"[x]"',
      '"#x"',
      '"-x"',
      '"*"',
      '"é"',
    ]);
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(parse(`{k: ${scalar(text)}}`)).toEqual({ k: text });
        expect(parse(`k: [${scalar(text)}]`)).toEqual({ k: [text] });
      }),
    );
  });
});
