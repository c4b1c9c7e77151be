import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { YAMLMap } from 'yaml';
import { annotation, isLocalConfig, itemFile, itemRef, removeAnnotation, setAnnotation } from '../../src/krm/index.js';

function item(text: string): { node: YAMLMap; print: () => string } {
  const doc = parseDocument(text);
  return { node: doc.contents as YAMLMap, print: () => doc.toString() };
}

describe('item helpers', () => {
  it('adds a double-quoted annotation, creating metadata.annotations when missing', () => {
    const { node, print } = item('kind: A\nmetadata:\n  name: a # keep\n');
    setAnnotation(node, 'x.dev/y', 'v');
    expect(print()).toBe('kind: A\nmetadata:\n  name: a # keep\n  annotations:\n    x.dev/y: "v"\n');
    expect(annotation(node, 'x.dev/y')).toBe('v');
  });

  it('keeps the quoting of an annotation it updates and changes nothing when the value is the same', () => {
    const { node, print } = item("metadata:\n  annotations:\n    a: 'old' # c\n");
    setAnnotation(node, 'a', 'old');
    expect(print()).toBe("metadata:\n  annotations:\n    a: 'old' # c\n");
    setAnnotation(node, 'a', 'new');
    expect(print()).toBe("metadata:\n  annotations:\n    a: 'new' # c\n");
  });

  it('removes an annotation and an annotations map it leaves empty', () => {
    const { node, print } = item('metadata:\n  name: a\n  annotations:\n    a: "1"\n');
    removeAnnotation(node, 'missing');
    expect(print()).toBe('metadata:\n  name: a\n  annotations:\n    a: "1"\n');
    removeAnnotation(node, 'a');
    expect(print()).toBe('metadata:\n  name: a\n');
  });

  it('reads the file from the internal annotations, else the legacy ones', () => {
    expect(
      itemFile(
        item(
          "metadata:\n  annotations:\n    internal.config.kubernetes.io/path: 'a/b.yaml'\n    internal.config.kubernetes.io/index: '2'\n",
        ).node,
      ),
    ).toEqual({ path: 'a/b.yaml', index: 2 });
    expect(itemFile(item("metadata:\n  annotations:\n    config.kubernetes.io/path: 'c.yaml'\n").node)).toEqual({
      path: 'c.yaml',
    });
    expect(itemFile(item('metadata: {}\n').node)).toBeUndefined();
  });

  it('builds a resourceRef and reads local-config', () => {
    const { node } = item(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: n\n  annotations:\n    config.kubernetes.io/local-config: "true"\n',
    );
    expect(itemRef(node)).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'a', namespace: 'n' });
    expect(isLocalConfig(node)).toBe(true);
    expect(itemRef(item('kind: X\n').node)).toEqual({ apiVersion: '', kind: 'X', name: '' });
  });
});
