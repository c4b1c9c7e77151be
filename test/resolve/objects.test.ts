import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { processText } from '../../src/krm/index.js';
import { resolveDependencies } from '../../functions/resolve-dependencies/processor.js';
import { catalogText, kptfileText, resourceListText } from '../support/resource-list.js';
import type { TestFile } from '../support/resource-list.js';

/** resolve-dependencies on named objects (docs/SPEC.md rules object-references, local-objects, platform-objects). */

interface OutItem {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
}
interface OutResult {
  message: string;
  severity: string;
  tags?: Record<string, string>;
  field?: { path: string };
}

const packages = `
- repository: sandbox
  package: nephio-operator
  revisions:
    - revision: "1"
      lifecycle: Published
      objects:
        - {kind: Namespace, name: nephio-system}
- repository: sandbox
  package: widgets
  revisions:
    - revision: "1"
      lifecycle: Published
      provides:
        - {group: example.com, kind: Widget, resource: widgets, versions: [v1], scope: Cluster}
`;

const catalog: TestFile = {
  path: 'catalog.yaml',
  yaml: catalogText({ packages, platform: '- {kind: Namespace, name: monitoring}' }),
};

function resource(path: string, apiVersion: string, kind: string, name: string, more = ''): TestFile {
  return { path, yaml: `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n${more}` };
}

function inNamespace(path: string, kind: string, name: string, namespace: string, more = ''): TestFile {
  return resource(path, 'v1', kind, name, `  namespace: ${namespace}\n${more}`);
}

function run(files: TestFile[]) {
  const output = processText(resourceListText(files), resolveDependencies, 'resolve-dependencies');
  const list = parse(output.stdout) as { items: OutItem[]; results?: OutResult[] };
  const annotations = (kind: string, name: string) =>
    list.items.find((item) => item.kind === kind && item.metadata.name === name)?.metadata.annotations ?? {};
  return { ...output, results: list.results ?? [], annotations, kptfile: annotations('Kptfile', 'app') };
}

describe('pkgdeps.dev/requires-objects (docs/SPEC.md rule kptfile-annotations)', () => {
  const files = [
    { path: 'Kptfile', yaml: kptfileText('app') },
    catalog,
    resource('ns.yaml', 'v1', 'Namespace', 'apps'),
    inNamespace('config.yaml', 'ConfigMap', 'settings', 'nephio-system'),
    inNamespace('own.yaml', 'ConfigMap', 'own', 'apps'),
    inNamespace('system.yaml', 'ConfigMap', 'system', 'kube-system'),
    inNamespace('monitoring.yaml', 'ConfigMap', 'monitoring', 'monitoring'),
    inNamespace('data.yaml', 'PersistentVolumeClaim', 'data', 'apps', 'spec:\n  storageClassName: fast\n'),
    resource('widget.yaml', 'example.com/v1', 'Widget', 'w', '  namespace: ignored\n'),
    {
      path: 'sub/Kptfile',
      yaml: kptfileText('sub', { 'pkgdeps.dev/requires-objects': 'Namespace/x' }),
    },
  ];

  it('lists the objects the package references and neither creates nor the platform has, sorted', () => {
    const { kptfile, annotations } = run(files);
    expect(kptfile['pkgdeps.dev/requires-objects']).toBe('Namespace/nephio-system,StorageClass/fast');
    expect(annotations('Kptfile', 'sub')['pkgdeps.dev/requires-objects']).toBeUndefined();
  });

  it('is removed when nothing is referenced any more', () => {
    const stale = {
      path: 'Kptfile',
      yaml: kptfileText('app', { 'pkgdeps.dev/requires-objects': 'Namespace/x' }),
    };
    expect(run([stale, catalog])['kptfile']['pkgdeps.dev/requires-objects']).toBeUndefined();
  });
});
