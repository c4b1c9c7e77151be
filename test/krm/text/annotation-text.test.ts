import { describe, expect, it } from 'vitest';
import { editAnnotationText } from '../../../src/krm/text/annotation-text.js';

const item = (annotations: string, after = '  data:\n    a: b\n'): string =>
  `- apiVersion: v1\n  kind: ConfigMap\n  metadata: # kpt-merge: /x\n    name: x\n    annotations:\n${annotations}${after}`;
const base = item(
  "      internal.config.kubernetes.io/path: 'x.yaml'\n      plain: a\n      single: 'a'\n      double: \"a\"\n",
);

describe('editAnnotationText', () => {
  it('replaces a value in the quoting it has', () => {
    expect(editAnnotationText(base, 'plain', 'b/c')).toBe(base.replace('plain: a', 'plain: b/c'));
    expect(editAnnotationText(base, 'single', 'b c')).toBe(base.replace("single: 'a'", "single: 'b c'"));
    expect(editAnnotationText(base, 'double', 'b c')).toBe(base.replace('double: "a"', 'double: "b c"'));
  });

  it('appends a new annotation double-quoted after the last one', () => {
    expect(editAnnotationText(base, 'pkgdeps.dev/provided-by', 'repo/pkg')).toBe(
      base.replace('double: "a"\n', 'double: "a"\n      pkgdeps.dev/provided-by: "repo/pkg"\n'),
    );
  });

  it('removes an annotation, and leaves a text without it as it is', () => {
    expect(editAnnotationText(base, 'plain', undefined)).toBe(base.replace('      plain: a\n', ''));
    expect(editAnnotationText(base, 'absent', undefined)).toBe(base);
  });

  it.each([
    ['a plain value that would read as another type', base, 'plain', 'true'],
    ['a value that needs escapes', base, 'double', 'a "quoted" word'],
    ['a quote in a single-quoted value', base, 'single', "it's"],
    ['a value over several lines', item('      multi: |\n        line\n'), 'multi', 'x'],
    ['a comment among the annotations', item('      # note\n      a: b\n'), 'pkgdeps.dev/x', 'y'],
    ['a blank line right after them', item('      a: b\n', '\n  data: {}\n'), 'pkgdeps.dev/x', 'y'],
    ['the last annotation removed', item('      a: b\n'), 'a', undefined],
    ['no annotations block', '- apiVersion: v1\n  metadata:\n    name: x\n', 'a', 'b'],
    ['a flow annotations map', '- metadata:\n    annotations: {a: b}\n', 'a', 'c'],
    ['annotations indented another way', '- metadata:\n    annotations:\n        a: b\n', 'a', 'c'],
  ])('leaves %s to yaml (undefined)', (_, text, key, value) => {
    expect(editAnnotationText(text, key, value)).toBeUndefined();
  });
});
