import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { copyPackage, kpt, locateKpt, readTree, repoRoot, scratchDir } from '../support/kpt.js';
import type { Run } from '../support/kpt.js';

/**
 * `kpt fn render --allow-exec` of the edge-app example, whose Kptfile pipeline runs
 * `./dist/functions/resolve-dependencies.js` (exec paths resolve against the directory kpt
 * runs in: the repository root). The user's comments and quoting must come through. kpt
 * itself drops blank lines between keys (even with `cat` as the function), so the rendered
 * files are compared with a pass of the same package through `cat`: they may differ only by
 * the annotations pkgdeps writes.
 */

const example = join(repoRoot, 'examples', 'resolve-dependencies-edge-app');
const kptStatus = locateKpt();
const title = kptStatus.found
  ? 'kpt fn render of the edge-app pipeline'
  : `kpt fn render: skipped, ${kptStatus.reason}`;

/** Lines a user wrote on purpose: comments and quoted scalars. */
const deliberate = (line: string): boolean => /#|'|"/.test(line);
/** Lines resolve-dependencies may add. */
const added = (line: string): boolean =>
  /^\s*(annotations:|pkgdeps\.dev\/(depends-on|requires-apis|requires-objects|provided-by): "[^"]*")$/.test(line);

function explain(run: Run): string {
  return `kpt exited ${run.status}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
}

/** The lines of `actual` not matched, in order, by the lines of `base`; null when `base` is not a subsequence. */
function insertedLines(base: string, actual: string): string[] | null {
  const baseLines = base.split('\n');
  const extra: string[] = [];
  let next = 0;
  for (const line of actual.split('\n')) {
    if (line === baseLines[next]) next += 1;
    else extra.push(line);
  }
  return next === baseLines.length ? extra : null;
}

describe.skipIf(!kptStatus.found)(title, () => {
  const original = readTree(example);
  let scratch = { dir: '', remove: () => {} };
  let rendered = '';
  let after = new Map<string, string>();
  let baseline = new Map<string, string>();

  beforeAll(() => {
    scratch = scratchDir();
    rendered = join(scratch.dir, 'rendered');
    const passedThrough = join(scratch.dir, 'passed-through');
    copyPackage(example, rendered);
    copyPackage(example, passedThrough);
    const render = kpt(['fn', 'render', rendered, '--allow-exec']);
    expect(render.status, explain(render)).toBe(0);
    const identity = kpt(['fn', 'eval', passedThrough, '--exec', 'cat']);
    expect(identity.status, explain(identity)).toBe(0);
    after = readTree(rendered);
    baseline = readTree(passedThrough);
  });
  afterAll(() => scratch.remove());

  test('the Kptfile records the dependencies', () => {
    expect(after.get('Kptfile')).toContain(
      '    pkgdeps.dev/depends-on: "catalog-distros-sandbox/cert-manager,catalog-distros-sandbox/metallb"\n',
    );
  });

  test('every comment and quoted line of the user files survives, in order', () => {
    for (const [file, text] of original) {
      if (file.startsWith('.expected/')) continue;
      const kept = text.split('\n').filter(deliberate);
      const renderedLines = (after.get(file) ?? '')
        .split('\n')
        .filter(deliberate)
        .filter((line) => !added(line));
      expect(renderedLines, file).toEqual(kept);
    }
  });

  test('specific lines come through byte for byte', () => {
    const lines = (file: string) => (after.get(file) ?? '').split('\n');
    expect(lines('certificate.yaml')[0]).toBe(
      '# TLS for the web front end. Two packages provide Certificate; the one installed on edge01 wins.',
    );
    expect(lines('certificate.yaml')).toContain("  secretName: 'web-tls' # single quotes kept");
    expect(lines('certificate.yaml')).toContain('    - "web.edge01.example.com"');
    expect(lines('Kptfile')).toContain(
      '    # Records which catalog packages this package needs (paths are relative to the directory kpt runs in).',
    );
    expect(lines('deployment.yaml')).toContain('        # the web server');
    expect(lines('rbac.yaml')).toContain('  - apiGroups: ["cert-manager.io"]');
    expect(lines('site-settings.yaml')).toContain('  region: "eu-west" # quoted on purpose');
  });

  test('the function changes nothing but its annotations: the rest is what kpt gives back with `cat`', () => {
    expect([...after.keys()]).toEqual([...baseline.keys()]);
    for (const [file, text] of after) {
      const extra = insertedLines(baseline.get(file) ?? '', text);
      expect(extra, `${file}: lines of the pass-through went missing`).not.toBeNull();
      expect(
        extra?.filter((line) => !added(line)),
        file,
      ).toEqual([]);
    }
  });

  test('a second render changes nothing', () => {
    const again = kpt(['fn', 'render', rendered, '--allow-exec']);
    expect(again.status, explain(again)).toBe(0);
    expect(readTree(rendered)).toEqual(after);
  });
});
