import { describe, expect, it } from 'vitest';
import { providedApis } from '../../src/catalog-build/index.js';
import { apiServiceText, crdText, itemsOf, resourceText } from './helpers.js';

const files = (...texts: string[]) => itemsOf(texts.map((yaml, i) => ({ path: `p/f${i}.yaml`, yaml })));

describe('providedApis', () => {
  it('lists group, kind, plural, scope and the served versions of each CRD', () => {
    const { provides, problems } = providedApis(
      files(
        crdText(
          'b.io',
          'Widget',
          'widgets',
          [
            ['v1alpha1', false],
            ['v1beta1', true],
            ['v1', true],
          ],
          'Cluster',
        ),
        crdText('a.io', 'Gadget', 'gadgets', [['v1', true]]),
      ),
    );
    expect(problems).toEqual([]);
    expect(provides).toEqual([
      {
        group: 'a.io',
        kind: 'Gadget',
        resource: 'gadgets',
        versions: ['v1'],
        scope: 'Namespaced',
        source: 'CustomResourceDefinition',
      },
      {
        group: 'b.io',
        kind: 'Widget',
        resource: 'widgets',
        versions: ['v1beta1', 'v1'],
        scope: 'Cluster',
        source: 'CustomResourceDefinition',
      },
    ]);
  });

  it('reads the single spec.version of apiextensions v1beta1 CRDs', () => {
    const old =
      'apiVersion: apiextensions.k8s.io/v1beta1\nkind: CustomResourceDefinition\nmetadata:\n  name: olds.c.io\nspec:\n  group: c.io\n  version: v1alpha1\n  names: {kind: Old, plural: olds}\n  scope: Namespaced\n';
    expect(providedApis(files(old)).provides).toEqual([
      {
        group: 'c.io',
        kind: 'Old',
        resource: 'olds',
        versions: ['v1alpha1'],
        scope: 'Namespaced',
        source: 'CustomResourceDefinition',
      },
    ]);
  });

  it('one entry per group/kind: the same CRD again adds its versions', () => {
    const { provides } = providedApis(
      files(
        crdText('a.io', 'Gadget', 'gadgets', [['v1', true]]),
        crdText('a.io', 'Gadget', 'gadgets', [
          ['v2', true],
          ['v1', true],
        ]),
      ),
    );
    expect(provides.map((api) => api.versions)).toEqual([['v1', 'v2']]);
  });

  it('APIServices with a spec.service provide their group and versions, kinds unknown; without one they provide nothing', () => {
    const { provides } = providedApis(
      files(
        apiServiceText('metrics.x.io', 'v1beta1'),
        apiServiceText('metrics.x.io', 'v1'),
        apiServiceText('local.x.io', 'v1', 'null'),
        crdText('metrics.x.io', 'Rule', 'rules', [['v1', true]]),
      ),
    );
    expect(provides).toEqual([
      {
        group: 'metrics.x.io',
        kind: 'Rule',
        resource: 'rules',
        versions: ['v1'],
        scope: 'Namespaced',
        source: 'CustomResourceDefinition',
      },
      { group: 'metrics.x.io', versions: ['v1beta1', 'v1'], source: 'APIService' },
    ]);
  });

  it('leaves out local-config CRDs, other kinds, and reports CRDs that serve nothing or lack a kind', () => {
    const local = crdText('l.io', 'Local', 'locals', [['v1', true]]).replace(
      'metadata:\n',
      'metadata:\n  annotations:\n    config.kubernetes.io/local-config: "true"\n',
    );
    const unserved = crdText('u.io', 'Unserved', 'unserveds', [['v1', false]]);
    const nameless =
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: x\nspec:\n  group: n.io\n';
    const { provides, problems } = providedApis(
      files(local, unserved, nameless, resourceText('v1', 'ConfigMap', 'cm')),
    );
    expect(provides).toEqual([]);
    expect(problems.map((problem) => problem.message)).toEqual([
      'CustomResourceDefinition of u.io/Unserved serves no version (no spec.versions entry with served: true), so it provides nothing',
      'CustomResourceDefinition without spec.group or spec.names.kind provides nothing',
    ]);
  });
});
