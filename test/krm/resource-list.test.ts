import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { InputError, formatResourceList, parseResourceList, processText, setAnnotation } from '../../src/krm/index.js';
import type { Processor, Result } from '../../src/krm/index.js';

const header = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';

const userItems = `items:
- # the app's config map
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: app # trailing comment
    annotations:
      internal.config.kubernetes.io/path: 'app.yaml'
      config.k8s.io/id: '1'

  data:
    single: 'quoted'
    double: "quoted"
    plain: yes
    number: 010
    folded: >-
      a long folded string that must stay folded and never be re-wrapped by the printer at any width
    flow: {a: 1}
`;

const noop: Processor = () => [];

describe('ResourceList round trip', () => {
  it('prints input it did not change byte for byte', () => {
    const text = header + userItems;
    const out = processText(text, noop, 'test');
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toBe('');
    expect(out.stdout).toBe(text);
  });

  it('keeps the source text of numbers, booleans and nulls', () => {
    const text = `${header}items:\n- apiVersion: v1\n  kind: ConfigMap\n  data:\n    a: 0x1F\n    b: 1e3\n    c: ~\n    d: True\n    e: 1.50\n    f: +7\n`;
    expect(processText(text, noop, 'test').stdout).toBe(text);
  });

  it('moves a comment above the first key of an item onto that key, so kpt does not write it twice', () => {
    const out = processText(header + userItems, noop, 'test').stdout;
    expect(out).toContain("- # the app's config map\n  apiVersion: v1");
    expect(out).not.toContain("# the app's config map\n- ");
    const list = parseResourceList(header + userItems);
    const item = list.items[0];
    expect(item?.commentBefore).toBe(" the app's config map");
    const printed = formatResourceList(list, []);
    expect(printed.split('\n').filter((line) => line.includes("the app's config map"))).toHaveLength(1);
  });

  it('keeps quoting, comments, blank lines, flow maps and internal annotations of an edited item', () => {
    const list = parseResourceList(header + userItems);
    const [item] = list.items;
    if (item === undefined) throw new Error('no item');
    setAnnotation(item, 'pkgdeps.dev/provided-by', 'sandbox/app');
    const out = formatResourceList(list, []);
    expect(out).toContain('    name: app # trailing comment\n');
    expect(out).toContain(
      "      internal.config.kubernetes.io/path: 'app.yaml'\n      config.k8s.io/id: '1'\n      pkgdeps.dev/provided-by: \"sandbox/app\"\n\n  data:",
    );
    expect(out).toContain('    single: \'quoted\'\n    double: "quoted"\n    plain: yes\n    number: 010\n');
    expect(out).toContain('    folded: >-\n      a long folded string');
    expect(out).toContain('    flow: {a: 1}\n');
  });

  it('writes results after the items, errors first, with kpt key order and block style', () => {
    const results: Result[] = [
      { severity: 'info', message: 'fyi' },
      {
        severity: 'error',
        message: 'broken',
        resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'app' },
        field: { path: 'data' },
        file: { path: 'app.yaml', index: 0 },
      },
    ];
    const out = processText(header + userItems, () => results, 'test');
    expect(out.exitCode).toBe(1);
    const tail = out.stdout.slice(out.stdout.indexOf('results:'));
    expect(tail).toBe(
      'results:\n- message: broken\n  severity: error\n  resourceRef:\n    apiVersion: v1\n    kind: ConfigMap\n    name: app\n' +
        '  field:\n    path: data\n  file:\n    path: app.yaml\n    index: 0\n- message: fyi\n  severity: info\n',
    );
  });

  it('writes results that share a resourceRef out in full, without anchors and aliases', () => {
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'app' };
    const out = processText(
      header + userItems,
      () => [
        { severity: 'info', message: 'a', resourceRef: ref },
        { severity: 'info', message: 'b', resourceRef: ref },
      ],
      'test',
    ).stdout;
    expect(out).not.toMatch(/[&*]a1/);
    expect(out.match(/resourceRef:\n {4}apiVersion: v1\n {4}kind: ConfigMap\n {4}name: app\n/g)).toHaveLength(2);
  });

  it('replaces results of a previous run instead of appending to them', () => {
    const once = processText(header + userItems, () => [{ severity: 'warning', message: 'w' }], 'test').stdout;
    const twice = processText(once, () => [{ severity: 'warning', message: 'w' }], 'test').stdout;
    expect(twice).toBe(once);
    const cleared = processText(once, noop, 'test').stdout;
    expect(cleared).not.toContain('results:');
  });

  it('turns JSON input into block style so kpt does not rewrite the files as JSON', () => {
    const json = JSON.stringify({
      apiVersion: 'config.kubernetes.io/v1',
      kind: 'ResourceList',
      items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'j' } }],
    });
    const out = processText(json, noop, 'test').stdout;
    expect(out).not.toMatch(/[{[]/);
    expect(parse(out)).toEqual(JSON.parse(json));
  });

  it('reads CRLF and a lone CR as line breaks (YAML 1.2), so a rerun prints the same', () => {
    const text = `${header}items:\r\n- apiVersion: v1\r\n  kind: ConfigMap # keep me\r  metadata:\r\n    name: a\r\n`;
    const once = processText(text, noop, 'test').stdout;
    expect(once).toBe(`${header}items:\n- apiVersion: v1\n  kind: ConfigMap # keep me\n  metadata:\n    name: a\n`);
    expect(processText(once, noop, 'test').stdout).toBe(once);
  });

  it('accepts a ResourceList without items', () => {
    const out = processText(header, noop, 'test');
    expect(out.exitCode).toBe(0);
    expect(parse(out.stdout)).toEqual({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList' });
  });
});

describe('input that is not a ResourceList', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['empty input', '', /empty input/],
    ['broken YAML', 'kind: ResourceList\nitems: [\n', /not valid YAML at line 3, column 1/],
    ['a list', '- a\n- b\n', /got a list/],
    [
      'another kind',
      'apiVersion: v1\nkind: ConfigMap\n',
      /expected apiVersion config.kubernetes.io\/v1 and kind ResourceList, got apiVersion "v1" and kind "ConfigMap"/,
    ],
    ['items not a list', `${header}items: 3\n`, /items must be a list/],
    ['an item not a map', `${header}items:\n- 3\n`, /items\[0\] is not a resource/],
    ['functionConfig not a map', `${header}functionConfig: [1]\n`, /functionConfig must be a resource/],
    ['several documents', `${header}---\n${header}`, /not valid YAML/],
  ];
  for (const [name, text, message] of cases) {
    it(`${name}: exit 1, one stderr line, nothing on stdout`, () => {
      const out = processText(text, noop, 'fn');
      expect(out.exitCode).toBe(1);
      expect(out.stdout).toBe('');
      expect(out.stderr).toMatch(message);
      expect(out.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(out.stderr.startsWith('fn: ')).toBe(true);
    });
  }

  it('parseResourceList throws InputError, not a generic error', () => {
    expect(() => parseResourceList('a: [')).toThrow(InputError);
  });
});

describe('a processor that crashes', () => {
  it('gives the input back unchanged with an error result', () => {
    const crash: Processor = (list) => {
      const [item] = list.items;
      if (item !== undefined) setAnnotation(item, 'half', 'done');
      throw new Error('boom');
    };
    const out = processText(header + userItems, crash, 'fn');
    expect(out.exitCode).toBe(1);
    expect(out.stdout).not.toContain('half');
    expect(out.stdout).toContain('fn stopped on an internal error, nothing was changed: boom');
    expect(out.stdout.startsWith(header)).toBe(true);
  });
});
