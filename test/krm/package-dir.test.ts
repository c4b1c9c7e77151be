import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { itemFile, parseResourceList, readPackageDir, unreadResult } from '../../src/krm/index.js';

describe('readPackageDir', () => {
  it('reads every resource file like kpt fn source, one item per document, honouring .krmignore', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pkgdeps-dir-'));
    mkdirSync(join(dir, 'sub'));
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'Kptfile'), 'apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: p\n');
    writeFileSync(
      join(dir, 'b.yaml'),
      '# first\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b2\n',
    );
    writeFileSync(join(dir, 'sub', 'c.yml'), 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: c\n');
    writeFileSync(join(dir, 'node_modules', 'x.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: ignored\n');
    writeFileSync(join(dir, 'notes.txt'), 'not a resource');
    writeFileSync(join(dir, '.krmignore'), 'node_modules/\n');
    const list = parseResourceList(readPackageDir(dir).text);
    expect(
      list.items.map((item) => [itemFile(item)?.path, itemFile(item)?.index, item.getIn(['metadata', 'name'])]),
    ).toEqual([
      ['Kptfile', 0, 'p'],
      ['b.yaml', 0, 'b1'],
      ['b.yaml', 1, 'b2'],
      ['sub/c.yml', 0, 'c'],
    ]);
    expect(
      list.items[1]?.commentBefore ?? (list.items[1]?.items[0]?.key as { commentBefore?: string }).commentBefore,
    ).toBe(' first');
  });

  it('leaves out, whole, a file that does not parse and says why (docs/SPEC.md rule malformed-files)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pkgdeps-dir-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'Kptfile'), 'apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: p\n');
    writeFileSync(join(dir, 'good.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: good\n---\n# note\n');
    writeFileSync(join(dir, 'bad.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first\n---\nkind: [\n');
    writeFileSync(join(dir, 'list.yaml'), '- apiVersion: v1\n  kind: ConfigMap\n');
    writeFileSync(join(dir, 'sub', 'Kptfile'), 'not: yaml: [\n');
    const read = readPackageDir(dir);
    expect(parseResourceList(read.text).items.map((item) => itemFile(item)?.path)).toEqual(['Kptfile', 'good.yaml']);
    expect(read.unread.map((file) => file.path)).toEqual(['bad.yaml', 'list.yaml', 'sub/Kptfile']);
    expect(read.unread[0]?.reason).toMatch(/^document 1 is not valid YAML: .* at line 7, column 1$/);
    expect(read.unread[1]?.reason).toBe('document 0 is a sequence, not a resource (a mapping)');
    expect(read.unread.map(unreadResult).map((result) => `${result.severity} ${result.file?.path}`)).toEqual([
      'warning bad.yaml',
      'warning list.yaml',
      'error sub/Kptfile',
    ]);
  });
});
