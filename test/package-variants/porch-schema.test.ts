import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import type { SchemaObject } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { processText } from '../../src/krm/index.js';
import { emitPackageVariants } from '../../functions/emit-package-variants/processor.js';
import { nephioCatalogDir } from '../support/fixture-package.js';
import { catalogText, kptfileText, resourceListText } from '../support/resource-list.js';

/**
 * Every PackageVariant the function writes must be one Porch accepts: it is checked against the
 * `openAPIV3Schema` of Porch's own CRD, read from the Nephio fixture at test time. The API
 * server also prunes fields a structural schema does not declare, so the check forbids them
 * (`additionalProperties: false` wherever the schema lists properties and does not keep
 * unknown fields): a field Porch would silently drop fails the test too.
 */

const crdFile = join(nephioCatalogDir, 'nephio/core/porch/0-packagevariants.yaml');

type Schema = Record<string, unknown>;

function pruning(schema: Schema): Schema {
  const copy: Schema = { ...schema };
  const properties = copy.properties as Record<string, Schema> | undefined;
  if (properties !== undefined) {
    copy.properties = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, pruning(value)]));
    if (copy.additionalProperties === undefined && copy['x-kubernetes-preserve-unknown-fields'] !== true)
      copy.additionalProperties = false;
  }
  if (typeof copy.items === 'object' && copy.items !== null) copy.items = pruning(copy.items as Schema);
  if (typeof copy.additionalProperties === 'object' && copy.additionalProperties !== null)
    copy.additionalProperties = pruning(copy.additionalProperties as Schema);
  return copy;
}

function loadSchema(): SchemaObject {
  const crd = parse(readFileSync(crdFile, 'utf8')) as {
    spec: { versions: Array<{ name: string; schema: { openAPIV3Schema: Schema } }> };
  };
  const version = crd.spec.versions.find((v) => v.name === 'v1alpha1');
  if (version === undefined) throw new Error(`${crdFile}: no v1alpha1 version`);
  return pruning(version.schema.openAPIV3Schema);
}

const packages = `
- repository: catalog-distros-sandbox
  package: cert-manager
  revisions:
    - {revision: "3", workspaceName: v3, lifecycle: Published, provides: [{group: cert-manager.io, kind: Certificate, versions: [v1]}]}
- repository: catalog-distros-sandbox
  package: metallb
  revisions:
    - revision: v2
      lifecycle: Published
      provides: [{group: metallb.io, kind: IPAddressPool, versions: [v1beta1]}]
      dependsOn: [{repository: catalog-infra, package: frr/frr-k8s}]
- repository: catalog-infra
  package: frr/frr-k8s
  revisions:
    - {revision: v0.0.14, lifecycle: Published, provides: [{group: frrk8s.metallb.io, kind: FRRConfiguration, versions: [v1beta1]}]}
- repository: catalog-infra
  package: a-package-whose-path-is-far-too-long-for-a-kubernetes-name/really
  revisions:
    - {revision: v1.0.0, lifecycle: Published, provides: [{group: long.example.io, kind: Long, versions: [v1]}]}
`;

const files = [
  { path: 'Kptfile', yaml: kptfileText('app') },
  { path: 'catalog.yaml', yaml: catalogText({ packages }) },
  { path: 'cert.yaml', yaml: 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\n' },
  { path: 'pool.yaml', yaml: 'apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: pool\n' },
  { path: 'long.yaml', yaml: 'apiVersion: long.example.io/v1\nkind: Long\nmetadata:\n  name: long\n' },
];

function emitted(): unknown[] {
  const config =
    'apiVersion: fn.pkgdeps.dev/v1alpha1\nkind: EmitPackageVariants\nmetadata:\n  name: emit\n' +
    'target: Edge_01\ndownstreamRepository: edge01\n';
  const out = processText(resourceListText(files, config), emitPackageVariants, 'emit-package-variants');
  expect(out.exitCode).toBe(0);
  const items = (parse(out.stdout) as { items: Array<{ kind: string }> }).items;
  return items.filter((item) => item.kind === 'PackageVariant');
}

describe("emitted PackageVariants against Porch's CRD schema", () => {
  let validate: ReturnType<Ajv['compile']>;
  beforeAll(() => {
    validate = new Ajv({ strict: false, allErrors: true }).compile(loadSchema());
  });

  it('reads upstream.revision as an integer and workspaceName as a string from the fixture', () => {
    const schema = loadSchema() as {
      properties: { spec: { properties: { upstream: { properties: Record<string, { type: string }> } } } };
    };
    const upstream = schema.properties.spec.properties.upstream.properties;
    expect(upstream.revision?.type).toBe('integer');
    expect(upstream.workspaceName?.type).toBe('string');
  });

  it('gives valid PackageVariants', () => {
    const variants = emitted();
    expect(variants).toHaveLength(4);
    for (const variant of variants) {
      expect(validate(variant), JSON.stringify({ variant, errors: validate.errors })).toBe(true);
    }
  });

  it('keeps names DNS-1123 labels of at most 63 characters', () => {
    for (const variant of emitted()) {
      const { name } = (variant as { metadata: { name: string } }).metadata;
      expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      expect(name.length).toBeLessThanOrEqual(63);
    }
  });

  it('rejects what Porch would reject: a string revision, an unknown upstream field', () => {
    const good = emitted()[0] as { spec: { upstream: Record<string, unknown> } };
    const stringRevision = structuredClone(good);
    stringRevision.spec.upstream = { ...stringRevision.spec.upstream, revision: '2' };
    expect(validate(stringRevision)).toBe(false);
    const unknownField = structuredClone(good);
    unknownField.spec.upstream = { ...unknownField.spec.upstream, tag: 'v2' };
    expect(validate(unknownField)).toBe(false);
  });
});
