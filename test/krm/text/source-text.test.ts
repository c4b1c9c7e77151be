import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Document, Scalar, YAMLMap, YAMLSeq, isMap, isScalar, isSeq, parse, parseDocument, visit } from 'yaml';
import type { Node } from 'yaml';
import { formatResourceList, parseResourceList, processText, setAnnotation } from '../../../src/krm/index.js';
import type { Processor, ResourceList } from '../../../src/krm/index.js';
import { asListItem, renderMap, userMap } from '../../support/arbitraries.js';

const header = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';

/** Text yaml's printer would change: each line here is one such case. */
const items = `items:
- apiVersion: v1
  kind: ConfigMap
  metadata: # kpt-merge: default/app
    name: app
    annotations:
      internal.config.kubernetes.io/path: 'app.yaml'
  data:
    escaped: "line one\\nline two"
    empty:
    nulls:
      a:
      b:
    wide:
        four: spaces
    list:
      - indented
      - list
- # kpt writes an item's comment after the dash
  apiVersion: v1
  kind: Secret
  metadata:
    name: s
  stringData:
    key: |+
      kept trailing blank line

- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  spec:
    replicas: 010
    template: # pod
      spec:
        containers:
        - name: web
          args: ["--a", '--b']
`;

const noop: Processor = () => [];

function listOf(text: string): ResourceList {
  return parseResourceList(text);
}

function item(list: ResourceList, index: number): YAMLMap {
  const found = list.items[index];
  if (found === undefined) throw new Error(`no item ${index}`);
  return found;
}

function print(list: ResourceList): string {
  return formatResourceList(list, []);
}

describe('items a function did not change', () => {
  it('print as their input text, where yaml would have rewritten it', () => {
    const text = header + items;
    expect(processText(text, noop, 'test').stdout).toBe(text);
  });

  it('print as their input text next to an item that changed', () => {
    const list = listOf(header + items);
    item(list, 2).setIn(['spec', 'replicas'], 3);
    const out = print(list);
    expect(out.slice(0, out.indexOf('- apiVersion: apps/v1'))).toBe(
      (header + items).slice(0, (header + items).indexOf('- apiVersion: apps/v1')),
    );
    expect(out).toContain(
      '    replicas: 3\n    template: # pod\n      spec:\n        containers:\n        - name: web\n          args: ["--a", \'--b\']\n',
    );
  });

  it('fall back to yaml for input with aliases, whose anchors a function may change', () => {
    const text = `${header}items:\n- kind: A\n  metadata:\n    name: a\n  data: &shared\n    k: v\n  copy: *shared\n  list:\n      - wide\n`;
    const list = listOf(text);
    item(list, 0).setIn(['data', 'k'], 'w');
    const out = print(list);
    expect(parse(out)).toEqual({
      apiVersion: 'config.kubernetes.io/v1',
      kind: 'ResourceList',
      items: [{ kind: 'A', metadata: { name: 'a' }, data: { k: 'w' }, copy: { k: 'w' }, list: ['wide'] }],
    });
    expect(out).toContain('  list:\n  - wide\n');
  });

  it('print the same for CRLF line ends as for LF', () => {
    expect(processText((header + items).replace(/\n/g, '\r\n'), noop, 'test').stdout).toBe(header + items);
  });

  it('keep their relative indentation in a list indented deeper than kpt writes it', () => {
    // The list comes out at column 0; the comment above a dash moves after it, as kpt writes it.
    const text = `${header}items:\n  - kind: A\n  # c\n  - metadata:\n      name: a\n      annotations:\n        x: y\n    kind: W\n`;
    expect(processText(text, noop, 'test').stdout).toBe(
      `${header}items:\n- kind: A\n- # c\n  metadata:\n    name: a\n    annotations:\n      x: y\n  kind: W\n`,
    );
  });
});

describe('items a function changed', () => {
  it('keep a map indented deeper than kpt writes it, and the spaces inside flow brackets', () => {
    const deep = `${header}items:\n- kind: A\n  metadata:\n      name: a # c\n      labels: { app: a }\n      annotations:\n          x: 'y'\n  data: {k: v}\n`;
    const list = listOf(deep);
    setAnnotation(item(list, 0), 'pkgdeps.dev/provided-by', 'catalog/app');
    (item(list, 0).getIn(['metadata', 'labels'], true) as YAMLMap).set('tier', 'web');
    const out = print(list);
    expect(out).toBe(
      `${header}items:\n- kind: A\n  metadata:\n      name: a # c\n      labels: { app: a, tier: web }\n      annotations:\n          x: 'y'\n          pkgdeps.dev/provided-by: "catalog/app"\n  data: {k: v}\n`,
    );
    expect(processText(out, noop, 'test').stdout).toBe(out);
  });

  it('keep a comment on the line of a key whose map changed (kpt-merge)', () => {
    const list = listOf(header + items);
    setAnnotation(item(list, 0), 'pkgdeps.dev/provided-by', 'catalog/app');
    const out = print(list);
    expect(out).toContain(
      '  metadata: # kpt-merge: default/app\n    name: app\n    annotations:\n      internal.config.kubernetes.io/path: \'app.yaml\'\n      pkgdeps.dev/provided-by: "catalog/app"\n  data:\n    escaped: "line one\\nline two"\n',
    );
  });

  it('show every kind of edit made through the plain yaml API', () => {
    const edits: Array<[string, (node: YAMLMap) => void, RegExp]> = [
      [
        'scalar value assigned',
        (node) => ((node.getIn(['spec', 'replicas'], true) as Scalar).value = 7),
        /replicas: 7\n/,
      ],
      [
        'scalar style',
        (node) => ((node.getIn(['metadata', 'name'], true) as Scalar).type = Scalar.QUOTE_DOUBLE),
        /name: "web"\n/,
      ],
      [
        'comment added',
        (node) => ((node.getIn(['spec', 'template', 'spec'], true) as YAMLMap).comment = ' edited'),
        /# edited/,
      ],
      [
        'comment before a key',
        (node) =>
          ((
            (node.getIn(['spec', 'template', 'spec', 'containers', 0], true) as YAMLMap).items[0]!.key as Scalar
          ).commentBefore = ' first'),
        /# first\n/,
      ],
      [
        'list item appended',
        (node) =>
          (node.getIn(['spec', 'template', 'spec', 'containers', 0, 'args'], true) as YAMLSeq).items.push(
            new Scalar('--c'),
          ),
        /--c/,
      ],
      [
        'list item removed',
        (node) => (node.getIn(['spec', 'template', 'spec', 'containers'], true) as YAMLSeq).items.splice(0, 1),
        /containers: \[\]/,
      ],
      ['key deleted', (node) => node.deleteIn(['spec', 'template']), /replicas: 010\n$/],
      [
        'node replaced by an equal one',
        (node) => node.setIn(['spec', 'template', 'spec'], new YAMLMap()),
        /template: # pod\n {6}spec: \{\}\n/,
      ],
      [
        'flow style',
        (node) => ((node.getIn(['spec', 'template'], true) as YAMLMap).flow = true),
        /template: # pod\n {6}\{spec: \{containers: \[\{name: web/,
      ],
      [
        'blank line before a key',
        (node) => (((node.getIn(['spec'], true) as YAMLMap).items[1]!.key as Scalar).spaceBefore = true),
        /replicas: 010\n\n {4}template/,
      ],
      [
        'key renamed',
        (node) => (((node.getIn(['spec'], true) as YAMLMap).items[0]!.key as Scalar).value = 'instances'),
        /instances: 010/,
      ],
      [
        'pairs reordered',
        (node) => (node.get('spec', true) as unknown as YAMLMap).items.reverse(),
        /spec:\n {4}template: # pod\n[^]*replicas: 010\n$/,
      ],
      [
        'node moved',
        (node) => node.setIn(['metadata', 'labels'], node.getIn(['spec', 'template', 'spec'], true)),
        /labels:\n {6}containers:/,
      ],
    ];
    for (const [name, edit, expected] of edits) {
      const list = listOf(header + items);
      edit(item(list, 2));
      const out = print(list);
      expect(out, name).toMatch(expected);
      expect(parse(out), name).toEqual(list.doc.toJS());
    }
  });

  it.each([true, false])(
    'print no blank line after a kept |+ value where it would join the value (split: %s)',
    (split) => {
      const text = `${header}items:\n- kind: K\n  data:\n    keep: |+\n      0\n    gone:\n      a: b\n\n    next: x\n`;
      const list = parseResourceList(text, { split });
      const data = item(list, 0).get('data') as YAMLMap;
      data.delete('gone');
      const out = print(list);
      expect(parse(out)).toEqual({
        apiVersion: 'config.kubernetes.io/v1',
        kind: 'ResourceList',
        items: [{ kind: 'K', data: { keep: '0\n', next: 'x' } }],
      });
    },
  );

  it('show a PackageVariant updated in place, keeping its comments', () => {
    const pv = `items:
- apiVersion: config.porch.kpt.dev/v1alpha1
  kind: PackageVariant
  metadata:
    name: edge01-cert-manager # generated
  spec:
    upstream: {repo: catalog, package: cert-manager, workspaceName: v2}
    downstream:
      repo: edge01 # the target
      package: edge01-cert-manager
`;
    const list = listOf(header + pv);
    item(list, 0).setIn(['spec', 'upstream', 'workspaceName'], 'v3');
    const out = print(list);
    expect(out).toContain('workspaceName: v3');
    expect(out).toContain('    name: edge01-cert-manager # generated\n');
    expect(out).toContain('      repo: edge01 # the target\n');
  });

  it('never lose an edit: random edits on random items all reach the output', () => {
    const marker = (n: number) => `EDIT_${n}_Q`;
    type Edit = { at: number; op: number };
    fc.assert(
      fc.property(
        fc.array(userMap, { minLength: 1, maxLength: 3 }),
        fc.array(fc.record({ at: fc.nat(), op: fc.nat() }), { maxLength: 4 }),
        (maps, edits) => {
          const text = `${header}items:\n${maps.map((map, i) => asListItem([`kind: K${i}`, ...renderMap(map)])).join('\n')}\n`;
          const list = listOf(text);
          // Every node of the items; `editable` leaves out map keys (renamed, they could clash).
          const nodes = (): { all: Set<Node>; editable: Node[] } => {
            const all = new Set<Node>();
            const editable: Node[] = [];
            for (const root of list.items) {
              visit(root, (key, node) => {
                if (!(isScalar(node) || isMap(node) || isSeq(node))) return;
                all.add(node);
                if (key !== 'key') editable.push(node);
              });
            }
            return { all, editable };
          };
          // The text each edited node must show, by what was edited (a later edit of the same kind wins).
          const printed = new Map<Node, Map<string, string>>();
          const expect_ = (node: Node, kind: string, text: string) =>
            printed.set(node, (printed.get(node) ?? new Map()).set(kind, text));
          edits.forEach(({ at, op }: Edit, n) => {
            const { editable } = nodes();
            const node = editable[at % editable.length];
            const mark = marker(n);
            if (isScalar(node)) {
              node.value = mark;
              printed.get(node)?.delete('value');
              if (op % 2 === 0) {
                node.type = Scalar.QUOTE_SINGLE;
                expect_(node, 'value', `'${mark}'`);
              }
              if (op % 3 === 0) {
                node.comment = ` ${mark}`;
                expect_(node, 'comment', `#${node.comment}`);
              }
            } else if (isMap(node)) {
              const index = op % (node.items.length + 1);
              const key = node.items[index]?.key;
              if (op % 5 === 0) node.set(mark, mark);
              else if (op % 5 === 1) node.items.splice(index, 1);
              else if (op % 5 === 2) node.items.splice(index, 0, list.doc.createPair(mark, mark));
              else if (op % 5 === 3 && isScalar(key)) {
                key.commentBefore = ` ${mark}`;
                expect_(key, 'commentBefore', `#${key.commentBefore}`);
              } else {
                node.commentBefore = ` ${mark}`;
                expect_(node, 'commentBefore', `#${node.commentBefore}`);
              }
            } else if (isSeq(node)) {
              if (op % 2 === 0) node.items.push(new Scalar(mark));
              else node.items.splice(0, 1);
            }
          });
          const out = print(list);
          // yaml itself cannot print some edited trees (an emptied list under a key can come out
          // as `key:\n[]`); those say nothing about what is printed from source.
          const plain = new Document();
          plain.contents = list.doc.contents;
          fc.pre(parseDocument(plain.toString({ lineWidth: 0, indentSeq: false })).errors.length === 0);
          expect(parse(out)).toEqual(list.doc.toJS());
          const reachable = nodes().all;
          for (const [node, texts] of printed) {
            if (reachable.has(node)) for (const expected of texts.values()) expect(out).toContain(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
