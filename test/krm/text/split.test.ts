import { describe, expect, it } from 'vitest';
import { findItems } from '../../../src/krm/text/split.js';
import { parseResourceList, processText } from '../../../src/krm/index.js';
import type { Processor } from '../../../src/krm/index.js';
import { removeAnnotation, setAnnotation } from '../../../src/krm/index.js';

const header = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
const item = (name: string): string => `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ${name}\n`;

function itemTexts(text: string): string[] | undefined {
  const region = findItems(text);
  if (region === undefined) return undefined;
  return region.starts.map((start, i) => text.slice(start, region.starts[i + 1] ?? region.end));
}

describe('findItems', () => {
  it('splits the items of the layout kpt writes, at their dashes', () => {
    const text = `${header}items:\n${item('a')}${item('b')}functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n`;
    expect(itemTexts(text)).toEqual([item('a'), item('b')]);
  });

  it('gives column-0 comment lines above a dash to the item below, blank lines to the item above', () => {
    const text = `${header}items:\n# first\n${item('a')}\n# b's comment\n\n${item('b')}# after the items\nfunctionConfig: {}\n`;
    expect(itemTexts(text)).toEqual([`# first\n${item('a')}\n`, `# b's comment\n\n${item('b')}`]);
  });

  it('keeps the blank lines a keep-chomping block scalar ends with in its item', () => {
    const secret = '- kind: Secret\n  stringData:\n    key: |+\n      text\n\n\n';
    expect(itemTexts(`${header}items:\n${secret}${item('b')}`)).toEqual([secret, item('b')]);
  });

  it('leaves the list of another key, such as results, to the whole parse', () => {
    const text = `${header}items:\n${item('a')}results:\n- message: x\n  severity: info\n`;
    expect(itemTexts(text)).toEqual([item('a')]);
  });

  it('keeps a column-0 comment inside an item in that item', () => {
    const commented = '- kind: ConfigMap\n# inside\n  data: {}\n';
    expect(itemTexts(`${header}items:\n${commented}${item('b')}`)).toEqual([commented, item('b')]);
  });

  it.each([
    ['flow items', `${header}items: [{kind: A}]\n`],
    ['an indented list', `${header}items:\n  - kind: A\n`],
    ['JSON', '{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": []}'],
    ['a document marker', `---\n${header}items:\n${item('a')}`],
    ['a directive', `%YAML 1.2\n---\n${header}items:\n${item('a')}`],
    ['a comment on the items line', `${header}items: # all\n${item('a')}`],
    ['two items keys', `${header}items:\n${item('a')}items:\n${item('b')}`],
    ['a dash before any key', `- a\n${header}items:\n${item('a')}`],
    ['a tab at column 0', `${header}items:\n${item('a')}\tkind: B\n`],
    ['no items', `${header}items:\n`],
    ['a quoted top-level key', `${header}"items":\n${item('a')}`],
  ])('finds nothing in %s, so the whole text is parsed', (_, text) => {
    expect(findItems(text)).toBeUndefined();
  });
});

describe('split items', () => {
  const base = `${header}items:\n${item('a')}- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: b\n    annotations:\n      x: 'y'\n`;

  it('are read without being parsed, and parsed on the first edit of their nodes', () => {
    const list = parseResourceList(base);
    expect(list.split).toBeDefined();
    const [a, b] = list.items;
    expect(a?.getIn(['metadata', 'name'])).toBe('a');
    b?.setIn(['data', 'k'], 'v');
    const out = processText(
      base,
      (l) => {
        l.items[1]?.setIn(['data', 'k'], 'v');
        return [];
      },
      'test',
    ).stdout;
    expect(out).toBe(`${base}  data:\n    k: v\n`);
  });

  it('print an annotation set on an unparsed item as a text edit, equal to the whole parse', () => {
    const annotate: Processor = (list) => {
      for (const node of list.items) setAnnotation(node, 'pkgdeps.dev/provided-by', 'repo/pkg');
      setAnnotation(list.items[1] as never, 'x', 'z');
      return [];
    };
    const split = processText(base, annotate, 'test');
    const whole = processText(base, annotate, 'test', { split: false });
    expect(split).toEqual(whole);
    expect(split.stdout).toContain('      x: \'z\'\n      pkgdeps.dev/provided-by: "repo/pkg"\n');
  });

  it('fall back to the whole parse for anchors and for items js-yaml cannot read alone', () => {
    expect(parseResourceList(`${header}items:\n- &a\n  kind: A\n- kind: B\n  copy: *a\n`).split).toBeUndefined();
    expect(parseResourceList(`${header}items:\n- kind: A\n  data: &d\n    a: b\n`).split).toBeUndefined();
    expect(
      parseResourceList(`${header}items:\n- kind: A\n  rules:\n  - verbs: ["*"]\n    run: test -f a && echo *.txt\n`)
        .split,
    ).toBeDefined();
    expect(parseResourceList(`${header}items:\n- kind: A\n  kind: B\n`).split).toBeUndefined();
    expect(processText(`${header}items:\n- just a string\n`, () => [], 'test').stderr).toMatch(
      /items\[0\] is not a resource/,
    );
  });

  it('keep the blank lines after an item that is printed through yaml', () => {
    const edited = `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n    annotations:\n      # a comment: the text edit leaves this item to yaml\n      pkgdeps.dev/provided-by: 'stale/package'\n      note: |\n        text\n\n`;
    const text = `${header}items:\n${edited}${item('b')}`;
    const remove: Processor = (list) => {
      removeAnnotation(list.items[0] as never, 'pkgdeps.dev/provided-by');
      return [];
    };
    const split = processText(text, remove, 'test');
    expect(split.stdout).toContain('        text\n\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: b\n');
    expect(split.stdout).not.toContain('stale/package');
    expect(split.stdout).toBe(processText(text, remove, 'test', { split: false }).stdout);
  });
});
