import { describe, expect, it } from 'vitest';
import { checkRepositories, normaliseDirectory, parseRepositories } from '../../src/catalog-build/index.js';

describe('repositories of the build-catalog config', () => {
  it('reads the ConfigMap form name=directory[@revision[:workspaceName]]', () => {
    expect(parseRepositories('a=distros/sandbox, b=/@v3:v3,c=x@1.2.0')).toEqual([
      { name: 'a', directory: 'distros/sandbox' },
      { name: 'b', directory: '/', revision: 'v3', workspaceName: 'v3' },
      { name: 'c', directory: 'x', revision: '1.2.0' },
    ]);
    expect(parseRepositories('')).toEqual([]);
    expect(parseRepositories('just-a-name')).toBeInstanceOf(Error);
    expect((parseRepositories('a=b@') as Error).message).toContain('<name>=<directory>[@<revision>[:<workspaceName>]]');
  });

  it('normalises directories as Porch writes them onto the paths of the input', () => {
    expect(normaliseDirectory('/distros/sandbox')).toBe('distros/sandbox');
    expect(normaliseDirectory('./distros/sandbox/')).toBe('distros/sandbox');
    expect(normaliseDirectory('/')).toBe('');
    expect(normaliseDirectory('.')).toBe('');
    expect(normaliseDirectory('')).toBe('');
    expect(normaliseDirectory('a/../../b')).toBeUndefined();
  });

  it('defaults the revision to main and rejects revisions the catalog cannot order', () => {
    const ok = checkRepositories([
      { name: 'a', directory: '/x/' },
      { name: 'b', directory: 'y', revision: '3', workspaceName: 'v3' },
    ]);
    expect(ok.results).toEqual([]);
    expect(ok.repositories).toEqual([
      { name: 'a', directory: 'x', revision: 'main', workspaceName: 'main' },
      { name: 'b', directory: 'y', revision: '3', workspaceName: 'v3' },
    ]);
    expect(checkRepositories([{ name: 'a', directory: '' }], 'v7').repositories[0]?.revision).toBe('v7');
    const bad = checkRepositories([
      { name: 'a', directory: '../up' },
      { name: 'b', directory: '', revision: 'latest' },
    ]);
    expect(bad.repositories).toEqual([]);
    expect(bad.results.map((result) => [result.severity, result.field?.path])).toEqual([
      ['error', 'repositories[0].directory'],
      ['error', 'repositories[1].revision'],
    ]);
    expect(bad.results[1]?.message).toContain('"latest" is not a valid revision');
  });
});
