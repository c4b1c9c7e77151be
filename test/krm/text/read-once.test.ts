import { describe, expect, it, vi } from 'vitest';
import { buildPackages, compactSource, findPackages } from '../../../src/catalog-build/index.js';
import { readFiles } from '../../../src/krm/index.js';
import { crdText, pkg, resourceText } from '../../catalog-build/helpers.js';

/**
 * The CLI's readers of resource files (src/krm/text/file-items.ts) read each item's text once:
 * what they read of it answers its header and the rest, so that a catalog build of what `catalog
 * from-cluster` keeps (compactSource) reads each item with js-yaml once, not once for its
 * header and again for the rest.
 */

const loads = vi.hoisted(() => ({ count: 0 }));

vi.mock('js-yaml', async (original) => {
  const actual = await original<typeof import('js-yaml')>();
  return {
    ...actual,
    load: (...args: Parameters<typeof actual.load>) => {
      loads.count += 1;
      return actual.load(...args);
    },
  };
});

describe('file items: read once', () => {
  it('a catalog build of the compacted items reads each item with js-yaml once', () => {
    const files = pkg('repo/app', {
      'crds.yaml': [
        crdText('example.com', 'Widget', 'widgets', [['v1', true]]),
        crdText('example.com', 'Gadget', 'gadgets', [['v1beta1', true]]),
      ].join('---\n'),
      'ns.yaml': resourceText('v1', 'Namespace', 'app-system'),
      'pvc.yaml': resourceText('v1', 'PersistentVolumeClaim', 'data', 'spec:\n  storageClassName: local-path\n'),
    });
    loads.count = 0;
    const { items, unread } = readFiles(files.map((file) => ({ path: file.path, text: file.yaml })));
    expect(unread).toEqual([]);
    expect(items).toHaveLength(5);
    const { sources } = findPackages(items, [{ name: 'blueprints', directory: 'repo', revision: 'main' }]);
    const built = buildPackages(sources.map(compactSource), undefined, [], 'catalog');
    expect(built.packages?.[0]?.revisions[0]?.provides).toHaveLength(2);
    expect(loads.count).toBe(items.length);
  });
});
