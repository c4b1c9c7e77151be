import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { graph } from '../../cli/graph.js';
import { catalogText } from '../support/resource-list.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const edgeCatalog = join(repoRoot, 'examples/resolve-dependencies-edge-app/catalog.yaml');

const scratch = mkdtempSync(join(tmpdir(), 'pkgdeps-graph-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function writeCatalog(name: string, data: Parameters<typeof catalogText>[0]): string {
  const file = join(scratch, `${name}.yaml`);
  writeFileSync(file, catalogText(data));
  return file;
}

/**
 * app depends on db in revision 2 (latest) but on cache in revision 1 (installed on edge01);
 * db depends on a package the catalog does not list; draft-only has no Published revision;
 * the last package's names need quoting in DOT and escaping in Mermaid.
 */
const packages = `
- repository: apps
  package: app
  revisions:
    - {revision: "1", lifecycle: Published, dependsOn: [{repository: infra, package: cache}]}
    - {revision: "2", lifecycle: Published, dependsOn: [{repository: infra, package: db}, {repository: infra, package: db}]}
    - {revision: "3", lifecycle: Draft, dependsOn: [{repository: infra, package: queue}]}
- repository: infra
  package: db
  revisions:
    - {revision: v1, lifecycle: Published, dependsOn: [{repository: elsewhere, package: storage}]}
- repository: infra
  package: cache
  revisions:
    - {revision: "1", lifecycle: Published}
- repository: infra
  package: draft-only
  revisions:
    - {revision: "1", lifecycle: Draft}
- repository: 'odd "repo"'
  package: 'a\\b #1 <x>'
  revisions:
    - {revision: "1", lifecycle: Published, dependsOn: [{repository: apps, package: app}]}
`;
const installed = `
- {target: edge02, repository: apps, package: app, revision: "2"}
- {target: edge01, repository: apps, package: app, revision: "1"}
- {target: edge01, repository: infra, package: cache, revision: "1"}
`;
const mixedCatalog = writeCatalog('mixed', { packages, installed });

function edgesOf(dot: string): string[] {
  return dot.split('\n').filter((line) => line.includes(' -> ')).map((line) => line.trim());
}

describe('pkgdeps graph --format dot', () => {
  it('draws the example catalog: dependsOn edges, installed packages filled', () => {
    const out = graph(['--catalog', edgeCatalog]);
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toBe('');
    expect(out.stdout).toBe(`// pkgdeps graph of catalog package-catalog: an edge points from a package to one it depends on; filled: installed on any target; dashed: not in the catalog or no revision
digraph "package-catalog" {
  rankdir=LR;
  node [shape=box];
  "catalog-distros-sandbox/cert-manager" [label="catalog-distros-sandbox/cert-manager\\nrevision 3, latest Published\\ninstalled: edge01 (2)", fillcolor="#c8e6c9", color="#2e7d32", style="filled"];
  "catalog-distros-sandbox/metallb" [label="catalog-distros-sandbox/metallb\\nrevision 1, latest Published"];
  "catalog-extras/cert-manager-lite" [label="catalog-extras/cert-manager-lite\\nrevision 1, latest Published"];
  "catalog-distros-sandbox/metallb" -> "catalog-distros-sandbox/cert-manager";
}
`);
  });

  it('without --target takes the latest Published revision and marks every target', () => {
    const out = graph(['--catalog', mixedCatalog]);
    expect(out.exitCode).toBe(0);
    expect(edgesOf(out.stdout)).toEqual([
      '"apps/app" -> "infra/db";',
      '"infra/db" -> "elsewhere/storage";',
      '"odd \\"repo\\"/a\\\\b #1 <x>" -> "apps/app";',
    ]);
    expect(out.stdout).toContain('"apps/app" [label="apps/app\\nrevision 2, latest Published\\ninstalled: edge01 (1), edge02 (2)"');
    expect(out.stdout).toContain('"elsewhere/storage" [label="elsewhere/storage\\nnot in the catalog", color="#9e9e9e", style="dashed"];');
    expect(out.stdout).toContain('"infra/draft-only" [label="infra/draft-only\\nno Published revision", color="#9e9e9e", style="dashed"];');
  });

  it('with --target takes the installed revision and marks only that target', () => {
    const out = graph(['--catalog', mixedCatalog, '--target', 'edge01']);
    expect(out.exitCode).toBe(0);
    expect(edgesOf(out.stdout)).toEqual([
      '"apps/app" -> "infra/cache";',
      '"infra/db" -> "elsewhere/storage";',
      '"odd \\"repo\\"/a\\\\b #1 <x>" -> "apps/app";',
    ]);
    expect(out.stdout).toContain('"apps/app" [label="apps/app\\nrevision 1, as installed\\ninstalled: edge01 (1)"');
    expect(out.stdout).toContain('"infra/db" [label="infra/db\\nrevision v1, latest Published"];');
    expect(out.stdout).not.toContain('edge02');
  });

  it('shows installed entries the catalog does not know, dashed and without edges', () => {
    const unknown = writeCatalog('unknown-installed', {
      packages,
      installed: `
- {target: edge03, repository: apps, package: app, revision: "9"}
- {target: edge03, repository: infra, package: ghost, revision: "1"}`,
    });
    const out = graph(['--catalog', unknown, '--target', 'edge03']);
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toContain('warning: ConfigMap package-catalog: data.installed: [0]: target edge03 runs apps/app revision "9", which data.packages does not list');
    expect(out.stdout).toContain(
      '"apps/app" [label="apps/app\\ninstalled revision \\"9\\" is not in the catalog\\ninstalled: edge03 (9)", fillcolor="#c8e6c9", color="#2e7d32", style="filled,dashed"];',
    );
    expect(out.stdout).toContain('"infra/ghost" [label="infra/ghost\\nnot in the catalog\\ninstalled: edge03 (1)"');
    expect(edgesOf(out.stdout).filter((edge) => edge.startsWith('"apps/app"'))).toEqual([]);
  });

  it('is the same whatever the order of the catalog entries', () => {
    const reverse = (list: string) => list.trim().split(/\n(?=- )/).reverse().join('\n');
    const shuffled = writeCatalog('reversed', { packages: reverse(packages), installed: reverse(installed) });
    expect(graph(['--catalog', shuffled]).stdout).toBe(graph(['--catalog', mixedCatalog]).stdout);
  });

  it('warns when the target has nothing installed, naming the known targets', () => {
    const out = graph(['--catalog', mixedCatalog, '--target', 'edge9']);
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toBe('warning: catalog "package-catalog" lists nothing installed on target edge9, so every dependency counts as missing there; the targets it knows are edge01, edge02\n');
  });
});

describe('pkgdeps graph --format mermaid', () => {
  it('gives every package a plain ID and escapes the labels', () => {
    const out = graph(['--catalog', mixedCatalog, '--format', 'mermaid', '--target', 'edge01']);
    expect(out.exitCode).toBe(0);
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('flowchart LR');
    expect(lines.slice(2)).toEqual([
      '  p0["apps/app<br/>revision 1, as installed<br/>installed: edge01 (1)"]',
      '  p1["elsewhere/storage<br/>not in the catalog"]',
      '  p2["infra/cache<br/>revision 1, as installed<br/>installed: edge01 (1)"]',
      '  p3["infra/db<br/>revision v1, latest Published"]',
      '  p4["infra/draft-only<br/>no Published revision"]',
      '  p5["odd #quot;repo#quot;/a\\b #35;1 #lt;x#gt;<br/>revision 1, latest Published"]',
      '  p0 --> p2',
      '  p3 --> p1',
      '  p5 --> p0',
      '  classDef installed fill:#c8e6c9,stroke:#2e7d32',
      '  classDef missing stroke:#9e9e9e,stroke-dasharray:5 5',
      '  class p0,p2 installed',
      '  class p1,p4 missing',
    ]);
  });
});

describe('pkgdeps graph errors', () => {
  it.each([
    [[], '--catalog FILE is required'],
    [['--catalog', edgeCatalog, '--format', 'svg'], '--format must be dot or mermaid, got "svg"'],
    [['--catalog', edgeCatalog, 'extra'], "Unexpected argument 'extra'"],
  ])('%o: exit 2 with usage', (args, message) => {
    const out = graph(args);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toContain(message);
    expect(out.stderr).toContain('usage: pkgdeps graph --catalog FILE');
  });

  it('a file without a catalog, or with a YAML error, exits 1 saying so', () => {
    const plain = join(scratch, 'plain.yaml');
    writeFileSync(plain, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    expect(graph(['--catalog', plain])).toMatchObject({ exitCode: 1, stdout: '', stderr: expect.stringContaining('error: no catalog found') });
    const broken = join(scratch, 'broken.yaml');
    writeFileSync(broken, 'kind: [\n');
    expect(graph(['--catalog', broken])).toMatchObject({ exitCode: 1, stdout: '', stderr: expect.stringMatching(/^pkgdeps graph: .*broken\.yaml:\d+:\d+: /) });
  });
});

/** Whether Graphviz `dot` runs; under CI=true a missing dot fails the suite below instead of skipping it. */
const dotFound = spawnSync('dot', ['-V'], { encoding: 'utf8' }).status === 0;
const requireDot = process.env.CI === 'true';
if (!dotFound && !requireDot) console.warn('skipping the Graphviz rendering tests: `dot` is not on the PATH (CI=true makes this a failure)');

describe.skipIf(!dotFound && !requireDot)('DOT output renders with Graphviz', () => {
  const cases: Array<[string, string[]]> = [
    ['the example catalog', ['--catalog', edgeCatalog]],
    ['the mixed catalog', ['--catalog', mixedCatalog]],
    ['the mixed catalog on edge01', ['--catalog', mixedCatalog, '--target', 'edge01']],
  ];

  it.each(cases)('%s: dot -Tsvg accepts it, one SVG node per package and one edge per dependsOn', (_name, args) => {
    expect(dotFound, 'Graphviz `dot` is not on the PATH; .ci/run installs it from Debian packages').toBe(true);
    const out = graph(args);
    const nodes = out.stdout.split('\n').filter((line) => / \[label=/.test(line)).length;
    const edges = edgesOf(out.stdout).length;
    const svg = spawnSync('dot', ['-Tsvg'], { input: out.stdout, encoding: 'utf8' });
    expect(svg.stderr).toBe('');
    expect(svg.status).toBe(0);
    expect(svg.stdout).toContain('<svg');
    expect(svg.stdout.match(/<g id="node\d+" class="node">/g)?.length).toBe(nodes);
    expect(svg.stdout.match(/<g id="edge\d+" class="edge">/g)?.length ?? 0).toBe(edges);
  });

  it('keeps quoted names intact through Graphviz', () => {
    const out = graph(['--catalog', mixedCatalog]);
    const plain = spawnSync('dot', ['-Tplain'], { input: out.stdout, encoding: 'utf8' });
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain('edge "odd \\"repo\\"/a\\\\b #1 <x>" "apps/app" ');
  });
});

describe('the built pkgdeps command', () => {
  it('dispatches graph and prints what graph() returns', () => {
    const cli = join(repoRoot, 'dist/cli.js');
    expect(existsSync(cli), 'run `npm run build` first').toBe(true);
    const run = spawnSync(process.execPath, [cli, 'graph', '--catalog', edgeCatalog, '--format', 'mermaid'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(graph(['--catalog', edgeCatalog, '--format', 'mermaid']).stdout);
  });
});
