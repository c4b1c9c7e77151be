import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments, parseDocument } from 'yaml';
import { readPackageDir } from '../../src/krm/index.js';
import { cli, cliHarness, pkgdeps } from '../cluster/cli-run.js';
import { fixtureCluster } from '../cluster/porch-fixture.js';
import type { FakeConfigMap } from '../cluster/server.js';
import { repoRoot } from '../support/kpt.js';

/**
 * examples/porch-injection: a blueprint whose catalog ConfigMap item is a Porch injection point,
 * and the PackageVariant, PackageVariantSet and RBAC that make Porch fill it from the ConfigMap
 * deploy/catalog-sync keeps current. Checked for consistency with deploy/catalog-sync and
 * Porch's types, then run: the catalog written by `--apply` to the stand-in API server is
 * injected as Porch's PackageVariant controller injects (its injection.go: the item's group,
 * version and kind must match the injector's where given, the in-cluster object of that kind
 * in the PackageVariant's namespace is chosen by the injector's name, its whole `data`
 * replaces the item's, and the item is annotated kpt.dev/injected-resource), and
 * resolve-dependencies on the downstream finds the dependency the blueprint alone does not.
 */

const example = join(repoRoot, 'examples', 'porch-injection');
const deploy = join(repoRoot, 'deploy', 'catalog-sync');

interface Injector {
  group?: string;
  version?: string;
  kind?: string;
  name: string;
}

interface Item {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  data?: Record<string, string>;
  rules?: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>;
  subjects?: Array<{ kind: string; name: string; namespace: string }>;
  spec?: {
    upstream?: { repo: string; package: string; workspaceName?: string };
    downstream?: { repo: string; package: string };
    injectors?: Injector[];
    targets?: Array<{ repositories: Array<{ name: string }>; template: { injectors?: Injector[] } }>;
  };
}

function items(dir: string): Item[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yaml') || file === 'Kptfile')
    .flatMap((file) => parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((doc) => doc.toJS() as Item));
}

const blueprint = items(join(example, 'blueprint'));
const management = items(join(example, 'management'));
const deployed = items(deploy);
const deployNamespace = deployed.find((item) => item.kind === 'ServiceAccount')?.metadata.namespace;
const containerArgs =
  (
    parse(readFileSync(join(deploy, 'deployment.yaml'), 'utf8')) as {
      spec: { template: { spec: { containers: Array<{ args: string[] }> } } };
    }
  ).spec.template.spec.containers[0]?.args ?? [];
const syncedName = containerArgs[containerArgs.indexOf('--name') + 1];
const variant = management.find((item) => item.kind === 'PackageVariant') as Item;
const variantSet = management.find((item) => item.kind === 'PackageVariantSet') as Item;
const INJECTION = 'kpt.dev/config-injection';
const injectionPoints = blueprint.filter((item) => item.metadata.annotations?.[INJECTION] !== undefined);

/** Porch's matchSelector: the injector's group, version and kind, where given, are the injection point's. */
function selects(injector: Injector, point: Item): boolean {
  const [group, version] = point.apiVersion.includes('/') ? point.apiVersion.split('/') : ['', point.apiVersion];
  return (
    (injector.group === undefined || injector.group === group) &&
    (injector.version === undefined || injector.version === version) &&
    (injector.kind === undefined || injector.kind === point.kind)
  );
}

describe('examples/porch-injection', () => {
  it('has one catalog ConfigMap item that requires injection', () => {
    expect(injectionPoints).toHaveLength(1);
    const [point] = injectionPoints;
    expect(point?.kind).toBe('ConfigMap');
    expect(point?.metadata.annotations).toMatchObject({ [INJECTION]: 'required', 'pkgdeps.dev/catalog': 'v1' });
  });

  it('injects the ConfigMap deploy/catalog-sync writes, from the namespace it writes it in', () => {
    const templates = (variantSet.spec?.targets ?? []).map((target) => target.template.injectors);
    const injectorLists = [variant.spec?.injectors, ...templates];
    for (const injectors of injectorLists) {
      expect(injectors).toEqual([{ kind: 'ConfigMap', name: syncedName }]);
      expect(injectionPoints.every((point) => injectors?.some((injector) => selects(injector, point)))).toBe(true);
    }
    expect(variant.apiVersion).toBe('config.porch.kpt.dev/v1alpha1');
    expect(variantSet.apiVersion).toBe('config.porch.kpt.dev/v1alpha2');
    for (const item of management.filter((one) => one.kind !== 'Kptfile')) {
      expect(item.metadata.namespace).toBe(deployNamespace);
    }
    // Porch picks the upstream by workspaceName only (docs/SPEC.md rule upstream-pin).
    for (const upstream of [variant.spec?.upstream, variantSet.spec?.upstream]) {
      expect(upstream).toEqual({ repo: expect.any(String), package: 'edge-app', workspaceName: expect.any(String) });
    }
  });

  it("grants Porch's PackageVariant controller get and list on the ConfigMaps there", () => {
    const role = management.find((item) => item.kind === 'Role');
    const binding = management.find((item) => item.kind === 'RoleBinding');
    expect(
      role?.rules?.some(
        (rule) =>
          rule.apiGroups.includes('') &&
          rule.resources.includes('configmaps') &&
          ['get', 'list'].every((verb) => rule.verbs.includes(verb)),
      ),
    ).toBe(true);
    const controller = { kind: 'ServiceAccount', name: 'porch-controllers', namespace: 'porch-system' };
    expect(binding?.subjects).toEqual([controller]);
  });

  const { scratch, serve } = cliHarness();

  /** resolve-dependencies on the package in `dir`, as the Kptfile's pipeline runs it. */
  function resolve(dir: string): { dependsOn: string | undefined; stdout: string } {
    const config = ['catalog=package-catalog', 'onUnresolved=warning'];
    const run = spawnSync(process.execPath, [cli, 'fn', 'resolve-dependencies', ...config], {
      input: readPackageDir(dir).text,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const list = parse(run.stdout) as { items: Item[] };
    const kptfile = list.items.find((item) => item.kind === 'Kptfile');
    return { dependsOn: kptfile?.metadata.annotations?.['pkgdeps.dev/depends-on'], stdout: run.stdout };
  }

  it('a downstream with the catalog injected as Porch does resolves what the blueprint alone cannot', async () => {
    const fake = fixtureCluster();
    const { kubeconfig } = await serve(fake);
    const args = ['--kubeconfig', kubeconfig, '--apply', '--name', syncedName ?? ''];
    const applied = await pkgdeps(['catalog', 'from-cluster', ...args]);
    expect(applied.status, applied.stderr).toBe(0);
    const inCluster: FakeConfigMap[] = Object.values(fake.configMaps);

    const downstream = mkdtempSync(join(scratch, 'downstream-'));
    cpSync(join(example, 'blueprint'), downstream, { recursive: true });
    expect(resolve(downstream).dependsOn).toBeUndefined();

    for (const file of readdirSync(downstream).filter((name) => name.endsWith('.yaml'))) {
      const docs = parseAllDocuments(readFileSync(join(downstream, file), 'utf8'));
      for (const doc of docs) {
        const point = doc.toJS() as Item;
        if (point.metadata.annotations?.[INJECTION] === undefined) continue;
        const injector = (variant.spec?.injectors ?? []).find((one) => selects(one, point));
        const source = inCluster.find((configMap) => configMap.metadata.name === injector?.name);
        expect(source?.data).toBeDefined();
        doc.set('data', doc.createNode(source?.data));
        doc.setIn(['metadata', 'annotations', 'kpt.dev/injected-resource'], source?.metadata.name);
      }
      writeFileSync(join(downstream, file), docs.map((doc) => doc.toString()).join('---\n'));
    }
    const injected = parseDocument(readFileSync(join(downstream, 'package-catalog.yaml'), 'utf8')).toJS() as Item;
    expect(injected.data).toEqual(inCluster[0]?.data);
    expect(resolve(downstream).dependsOn).toBe('catalog-distros-sandbox/cert-manager');
  });
});
