import { describe, expect, it } from 'vitest';
import { itemFile } from '../../src/krm/index.js';
import { findPackages } from '../../src/catalog-build/index.js';
import type { PackageSource } from '../../src/catalog-build/index.js';
import { itemsOf, pkg, resourceText } from './helpers.js';

const cm = (name: string) => resourceText('v1', 'ConfigMap', name);

function summary(sources: PackageSource[]): Array<[string, string, string, string[]]> {
  return sources.map((source) => [
    source.repository,
    source.package,
    source.dir,
    source.items.map((item) => itemFile(item)?.path ?? ''),
  ]);
}

describe('findPackages', () => {
  const items = itemsOf([
    ...pkg('repo/app', { 'a.yaml': cm('a') }),
    ...pkg('repo/app/sub', { 'b.yaml': cm('b') }),
    ...pkg('repo/app-x', { 'c.yaml': cm('c') }),
    ...pkg('repo/group/deep', { 'd.yaml': cm('d') }),
    { path: 'repo/group/readme.yaml', yaml: cm('loose') },
    { path: 'top.yaml', yaml: cm('top') },
  ]);

  it('takes the outermost Kptfile directories under the repository directory; subpackages belong to their parent', () => {
    const { sources, results } = findPackages(items, [{ name: 'blueprints', directory: 'repo', revision: 'main' }]);
    expect(results).toEqual([]);
    expect(summary(sources)).toEqual([
      [
        'blueprints',
        'app',
        'repo/app',
        ['repo/app/Kptfile', 'repo/app/a.yaml', 'repo/app/sub/Kptfile', 'repo/app/sub/b.yaml'],
      ],
      ['blueprints', 'app-x', 'repo/app-x', ['repo/app-x/Kptfile', 'repo/app-x/c.yaml']],
      ['blueprints', 'group/deep', 'repo/group/deep', ['repo/group/deep/Kptfile', 'repo/group/deep/d.yaml']],
    ]);
    expect(sources.every((source) => source.revision === 'main' && source.workspaceName === undefined)).toBe(true);
  });

  it('names packages by their path inside each repository; one directory under two repositories is a package of each', () => {
    const { sources } = findPackages(items, [
      { name: 'whole', directory: '', revision: '2', workspaceName: 'v2' },
      { name: 'group', directory: 'repo/group', revision: 'main' },
    ]);
    expect(sources.map((source) => `${source.repository}/${source.package}@${source.revision}`)).toEqual([
      'whole/repo/app@2',
      'whole/repo/app-x@2',
      'whole/repo/group/deep@2',
      'group/deep@main',
    ]);
    expect(sources[0]?.workspaceName).toBe('v2');
  });

  it('a Kptfile at the repository directory itself makes one package, named by its metadata.name', () => {
    const { sources } = findPackages(items, [{ name: 'single', directory: 'repo/app', revision: 'main' }]);
    expect(summary(sources)).toEqual([
      [
        'single',
        'app',
        'repo/app',
        ['repo/app/Kptfile', 'repo/app/a.yaml', 'repo/app/sub/Kptfile', 'repo/app/sub/b.yaml'],
      ],
    ]);
  });

  it('warns about a repository directory without any package', () => {
    const { sources, results } = findPackages(items, [{ name: 'typo', directory: 'rpeo', revision: 'main' }]);
    expect(sources).toEqual([]);
    expect(results).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining('repository typo (repositories[0]): no Kptfile under directory "rpeo"'),
      }),
    ]);
  });

  it('warns about a file that does not parse; a broken Kptfile (not YAML, no Kptfile) leaves its package out', () => {
    const input = itemsOf([
      ...pkg('repo/a', { 'a.yaml': cm('a') }),
      { path: 'repo/b/Kptfile', yaml: cm('not-a-kptfile') },
      { path: 'repo/b/b.yaml', yaml: cm('b') },
      ...pkg('repo/c', { 'c.yaml': cm('c') }),
      ...pkg('repo/d', { 'd.yaml': cm('d') }),
    ]);
    const unread = [
      { path: 'repo/a/bad.yaml', reason: 'document 0 is not valid YAML: oops at line 1, column 1' },
      { path: 'repo/c/sub/Kptfile', reason: 'document 0 is not valid YAML: oops at line 2, column 3' },
    ];
    const repositories = [{ name: 'blueprints', directory: 'repo', revision: 'main' }];
    const { sources, results } = findPackages(input, repositories, unread);
    expect(summary(sources)).toEqual([
      ['blueprints', 'a', 'repo/a', ['repo/a/Kptfile', 'repo/a/a.yaml']],
      ['blueprints', 'd', 'repo/d', ['repo/d/Kptfile', 'repo/d/d.yaml']],
    ]);
    expect(results.map((result) => `${result.severity}: ${result.message}`)).toEqual([
      'warning: repo/a/bad.yaml: document 0 is not valid YAML: oops at line 1, column 1; the file is left out',
      'error: repo/c/sub/Kptfile: document 0 is not valid YAML: oops at line 2, column 3; ' +
        'the package it belongs to cannot be read and is left out until the Kptfile is fixed',
      'error: repo/b/Kptfile: holds v1 ConfigMap, not a kpt.dev Kptfile; ' +
        'the package it belongs to cannot be read and is left out until the Kptfile is fixed',
    ]);
  });
});
