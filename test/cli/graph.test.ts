import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { graph } from '../../cli/graph.js';
import { runCli } from '../support/cli.js';
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

/** The graph's own edges: not the legend's, not the invisible ones that lay out rows. */
function edgesOf(dot: string): string[] {
  return dot
    .split('\n')
    .filter((line) => line.includes(' -> ') && !line.includes('"legend: ') && !line.includes('[style=invis]'))
    .map((line) => line.trim());
}

/** The DOT statement of one node. */
function nodeLine(dot: string, key: string): string | undefined {
  return dot
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.startsWith(`${key} [`));
}

describe('pkgdeps graph --format dot', () => {
  it('draws the example catalog: a box per repository, dependsOn edges, installed packages filled, a legend', async () => {
    const out = await runCli(graph, ['--catalog', edgeCatalog]);
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toBe('');
    expect(out.stdout).toMatch(
      /^digraph "package-catalog" \{\n {2}label="pkgdeps graph: catalog package-catalog"; labelloc=t;/,
    );
    expect(out.stdout).toContain(`  subgraph "cluster_0" {
    label="catalog-distros-sandbox"; style="rounded"; color="#90a4ae";
    "catalog-distros-sandbox/cert-manager" [label="cert-manager\\nrevision 3\\non edge01 (2)", fillcolor="#c8e6c9", color="#2e7d32", style="filled"];
    "catalog-distros-sandbox/metallb" [label="metallb"];
  }
  subgraph "cluster_1" {
    label="catalog-extras"; style="rounded"; color="#90a4ae";
    "catalog-extras/cert-manager-lite" [label="cert-manager-lite"];
  }
`);
    expect(edgesOf(out.stdout)).toEqual([
      '"catalog-distros-sandbox/metallb" -> "catalog-distros-sandbox/cert-manager";',
    ]);
    expect(out.stdout).toContain('  subgraph "cluster_legend" {\n    label="legend";');
    expect(out.stdout).toContain('[label="dependsOn of the latest Published revision", fontsize=9]');
    expect(out.stdout).not.toMatch(/^\/\//m);
  });

  it('without --target takes the latest Published revision and marks every target', async () => {
    const out = await runCli(graph, ['--catalog', mixedCatalog]);
    expect(out.exitCode).toBe(0);
    expect(edgesOf(out.stdout)).toEqual([
      '"apps/app" -> "infra/db";',
      '"infra/db" -> "elsewhere/storage";',
      '"odd \\"repo\\"/a\\\\b #1 <x>" -> "apps/app";',
    ]);
    expect(nodeLine(out.stdout, '"apps/app"')).toContain('[label="app\\nrevision 2\\non edge01 (1), edge02 (2)"');
    expect(nodeLine(out.stdout, '"elsewhere/storage"')).toBe(
      '"elsewhere/storage" [label="storage\\nnot in the catalog", color="#9e9e9e", fontcolor="#9e9e9e", style="dashed"];',
    );
    expect(nodeLine(out.stdout, '"infra/draft-only"')).toBe(
      '"infra/draft-only" [label="draft-only\\nno Published revision", color="#9e9e9e", fontcolor="#9e9e9e", style="dashed"];',
    );
  });

  it('drops the revision from the label of a package with one revision', async () => {
    const out = await runCli(graph, ['--catalog', mixedCatalog]);
    expect(nodeLine(out.stdout, '"infra/db"')).toBe('"infra/db" [label="db"];');
  });

  it('with --target takes the installed revision and marks only that target', async () => {
    const out = await runCli(graph, ['--catalog', mixedCatalog, '--target', 'edge01']);
    expect(out.exitCode).toBe(0);
    expect(edgesOf(out.stdout)).toEqual([
      '"apps/app" -> "infra/cache";',
      '"infra/db" -> "elsewhere/storage";',
      '"odd \\"repo\\"/a\\\\b #1 <x>" -> "apps/app";',
    ]);
    expect(nodeLine(out.stdout, '"apps/app"')).toContain('[label="app\\nrevision 1 (installed)\\non edge01 (1)"');
    expect(out.stdout).toContain(
      '[label="dependsOn of the revision installed on edge01, else of the latest Published", fontsize=9]',
    );
    expect(out.stdout).not.toContain('edge02');
  });

  it('shows installed entries the catalog does not know, dashed and without edges', async () => {
    const unknown = writeCatalog('unknown-installed', {
      packages,
      installed: `
- {target: edge03, repository: apps, package: app, revision: "9"}
- {target: edge03, repository: infra, package: ghost, revision: "1"}`,
    });
    const out = await runCli(graph, ['--catalog', unknown, '--target', 'edge03']);
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toContain(
      'warning: ConfigMap package-catalog: data.installed: [0]: target edge03 runs apps/app revision "9", which data.packages does not list',
    );
    expect(nodeLine(out.stdout, '"apps/app"')).toBe(
      '"apps/app" [label="app\\ninstalled revision \\"9\\" is not in the catalog\\non edge03 (9)", fillcolor="#c8e6c9", color="#2e7d32", style="filled,dashed"];',
    );
    expect(nodeLine(out.stdout, '"infra/ghost"')).toContain('[label="ghost\\nnot in the catalog\\non edge03 (1)"');
    expect(edgesOf(out.stdout).filter((edge) => edge.startsWith('"apps/app"'))).toEqual([]);
  });

  it('lays out packages without edges in rows of four, not one column', async () => {
    const lone = Array.from(
      { length: 9 },
      (_, i) => `- {repository: r, package: p${i}, revisions: [{revision: "1", lifecycle: Published}]}`,
    );
    const out = await runCli(graph, ['--catalog', writeCatalog('lonely', { packages: lone.join('\n') })]);
    const rows = out.stdout.split('\n').filter((line) => line.includes('[style=invis]') && !line.includes('legend'));
    expect(rows.map((line) => line.trim())).toEqual([
      '"r/p0" -> "r/p1" -> "r/p2" -> "r/p3" [style=invis];',
      '"r/p4" -> "r/p5" -> "r/p6" -> "r/p7" [style=invis];',
    ]);
  });

  it("draws the revision emit would install: the one the dependents' requires pin, with its dependsOn (docs/SPEC.md rule dependency-closure)", async () => {
    const pinned = writeCatalog('pinned', {
      packages: `
- repository: r
  package: gateway
  revisions:
    - {revision: "1", lifecycle: Published, requires: [{group: cert-manager.io, version: v1, kind: Certificate}], dependsOn: [{repository: r, package: cert-manager}]}
- repository: r
  package: cert-manager
  revisions:
    - {revision: "1", lifecycle: Published, provides: [{group: cert-manager.io, kind: Certificate, versions: [v1]}]}
    - {revision: "2", lifecycle: Published, provides: [{group: cert-manager.io, kind: Certificate, versions: [v2]}], dependsOn: [{repository: r, package: trust}]}
- repository: r
  package: trust
  revisions:
    - {revision: "1", lifecycle: Published}
- repository: r
  package: legacy
  revisions:
    - {revision: "1", lifecycle: Published, requires: [{group: cert-manager.io, version: v1alpha1, kind: Certificate}], dependsOn: [{repository: r, package: old-certs}]}
- repository: r
  package: old-certs
  revisions:
    - {revision: "1", lifecycle: Published, provides: [{group: cert-manager.io, kind: Certificate, versions: [v1]}]}
`,
      installed: '- {target: edge01, repository: r, package: old-certs, revision: "1"}',
    });
    const out = await runCli(graph, ['--catalog', pinned]);
    expect(out.exitCode).toBe(0);
    expect(edgesOf(out.stdout)).toEqual(['"r/gateway" -> "r/cert-manager";', '"r/legacy" -> "r/old-certs";']);
    expect(nodeLine(out.stdout, '"r/cert-manager"')).toContain(
      '[label="cert-manager\\nrevision 1 (pinned by requires)"',
    );
    expect(nodeLine(out.stdout, '"r/old-certs"')).toContain(
      '[label="old-certs\\nno Published revision serves what its dependents require',
    );
    const onEdge01 = await runCli(graph, ['--catalog', pinned, '--target', 'edge01']);
    expect(nodeLine(onEdge01.stdout, '"r/old-certs"')).toContain(
      '[label="old-certs\\ninstalled revision \\"1\\" misses what its dependents require\\non edge01 (1)"',
    );
  });

  it('draws the edges of a dependency cycle, and its packages, in red', async () => {
    const cyclic = writeCatalog('cyclic', {
      packages: [
        '- {repository: r, package: a, revisions: [{revision: "1", lifecycle: Published, dependsOn: [{repository: r, package: b}]}]}',
        '- {repository: r, package: b, revisions: [{revision: "1", lifecycle: Published, dependsOn: [{repository: r, package: a}]}]}',
        '- {repository: r, package: c, revisions: [{revision: "1", lifecycle: Published, dependsOn: [{repository: r, package: a}]}]}',
      ].join('\n'),
    });
    const out = await runCli(graph, ['--catalog', cyclic]);
    expect(edgesOf(out.stdout)).toEqual([
      '"r/a" -> "r/b" [color="#c62828", penwidth=2];',
      '"r/b" -> "r/a" [color="#c62828", penwidth=2];',
      '"r/c" -> "r/a";',
    ]);
    expect(nodeLine(out.stdout, '"r/a"')).toBe('"r/a" [label="a", color="#c62828", penwidth=2];');
    expect(nodeLine(out.stdout, '"r/c"')).toBe('"r/c" [label="c"];');
    const mermaid = await runCli(graph, ['--catalog', cyclic, '--format', 'mermaid']);
    expect(mermaid.stdout).toContain('  class p0,p1 cycle\n  linkStyle 0,1 stroke:#c62828,stroke-width:2px\n');
  });

  it('keeps a catalog name with a newline on one line of the picture and out of the Mermaid comment', async () => {
    const text = catalogText({ packages }).replace('name: package-catalog', 'name: "evil\\n}\\ndigraph x {"');
    const file = join(scratch, 'evil.yaml');
    writeFileSync(file, text);
    const dot = await runCli(graph, ['--catalog', file]);
    expect(dot.stdout.split('\n')[0]).toBe('digraph "evil } digraph x {" {');
    const mermaid = await runCli(graph, ['--catalog', file, '--format', 'mermaid']);
    expect(mermaid.stdout.split('\n')[1]).toBe('  %% pkgdeps graph: catalog evil } digraph x {');
    expect(mermaid.stdout.split('\n')[2]).toBe('  subgraph r0["apps"]');
  });

  it('is the same whatever the order of the catalog entries', async () => {
    const reverse = (list: string) =>
      list
        .trim()
        .split(/\n(?=- )/)
        .reverse()
        .join('\n');
    const shuffled = writeCatalog('reversed', { packages: reverse(packages), installed: reverse(installed) });
    expect((await runCli(graph, ['--catalog', shuffled])).stdout).toBe(
      (await runCli(graph, ['--catalog', mixedCatalog])).stdout,
    );
  });

  it('warns when the target has nothing installed, naming the known targets', async () => {
    const out = await runCli(graph, ['--catalog', mixedCatalog, '--target', 'edge9']);
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toBe(
      'warning: catalog "package-catalog" lists nothing installed on target edge9, so every dependency counts as missing there; the targets it knows are edge01, edge02\n',
    );
  });
});

describe('pkgdeps graph --format mermaid', () => {
  it('gives every package a plain ID, a subgraph per repository, escapes the labels and has a legend', async () => {
    const out = await runCli(graph, ['--catalog', mixedCatalog, '--format', 'mermaid', '--target', 'edge01']);
    expect(out.exitCode).toBe(0);
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('flowchart LR');
    expect(lines.slice(2)).toEqual([
      '  subgraph r0["apps"]',
      '    p0["app<br/>revision 1 (installed)<br/>on edge01 (1)"]',
      '  end',
      '  subgraph r1["elsewhere"]',
      '    p1["storage<br/>not in the catalog"]',
      '  end',
      '  subgraph r2["infra"]',
      '    p2["cache<br/>on edge01 (1)"]',
      '    p3["db"]',
      '    p4["draft-only<br/>no Published revision"]',
      '  end',
      '  subgraph r3["odd #quot;repo#quot;"]',
      '    p5["a\\b #35;1 #lt;x#gt;"]',
      '  end',
      '  p0 --> p2',
      '  p3 --> p1',
      '  p5 --> p0',
      '  subgraph legend["legend"]',
      '    l0["package"] -->|"dependsOn of the revision installed on edge01, else of the latest Published"| l1["a package it depends on"]',
      '    l2["installed on edge01"] ~~~ l3["not in the catalog, or no Published revision"]',
      '  end',
      '  classDef installed fill:#c8e6c9,stroke:#2e7d32',
      '  classDef missing stroke:#9e9e9e,stroke-dasharray:5 5,color:#9e9e9e',
      '  classDef cycle stroke:#c62828,stroke-width:2px',
      '  class p0,p2,l2 installed',
      '  class p1,p4,l3 missing',
    ]);
  });
});

describe('pkgdeps graph errors', () => {
  it.each([
    [[], '--catalog FILE is required'],
    [['--catalog', edgeCatalog, '--format', 'svg'], '--format must be dot or mermaid, got "svg"'],
    [['--catalog', edgeCatalog, 'extra'], 'expected 0 arguments (), got "extra"'],
  ])('%o: exit 2 with usage', async (args, message) => {
    const out = await runCli(graph, args);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toContain(message);
    expect(out.stderr).toContain('usage: pkgdeps graph [options]\n(pkgdeps graph --help lists the options)\n');
  });

  it('a file without a catalog, or with a YAML error, exits 1 saying so', async () => {
    const plain = join(scratch, 'plain.yaml');
    writeFileSync(plain, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    expect(await runCli(graph, ['--catalog', plain])).toMatchObject({
      exitCode: 1,
      stdout: '',
      stderr: expect.stringContaining('error: no catalog found'),
    });
    const broken = join(scratch, 'broken.yaml');
    writeFileSync(broken, 'kind: [\n');
    expect(await runCli(graph, ['--catalog', broken])).toMatchObject({
      exitCode: 1,
      stdout: '',
      stderr: expect.stringMatching(/^pkgdeps graph: .*broken\.yaml:\d+:\d+: /),
    });
  });
});

/** Whether Graphviz `dot` runs; under CI=true a missing dot fails the suite below instead of skipping it. */
const dotFound = spawnSync('dot', ['-V'], { encoding: 'utf8' }).status === 0;
const requireDot = process.env.CI === 'true';
if (!dotFound && !requireDot)
  console.warn('skipping the Graphviz rendering tests: `dot` is not on the PATH (CI=true makes this a failure)');

describe.skipIf(!dotFound && !requireDot)('DOT output renders with Graphviz', () => {
  const cases: Array<[string, string[]]> = [
    ['the example catalog', ['--catalog', edgeCatalog]],
    ['the mixed catalog', ['--catalog', mixedCatalog]],
    ['the mixed catalog on edge01', ['--catalog', mixedCatalog, '--target', 'edge01']],
  ];

  it.each(cases)(
    '%s: dot -Tsvg accepts it, one SVG node per package and legend entry, one edge per visible arrow',
    async (_name, args) => {
      expect(dotFound, 'Graphviz `dot` is not on the PATH; .ci/run installs it from Debian packages').toBe(true);
      const out = await runCli(graph, args);
      const nodes = out.stdout.split('\n').filter((line) => / \[label=/.test(line) && !line.includes(' -> ')).length;
      // Invisible edges (they lay out rows) are left out of the SVG.
      const edges = out.stdout
        .split('\n')
        .filter((line) => line.includes(' -> ') && !line.includes('[style=invis]')).length;
      const svg = spawnSync('dot', ['-Tsvg'], { input: out.stdout, encoding: 'utf8' });
      expect(svg.stderr).toBe('');
      expect(svg.status).toBe(0);
      expect(svg.stdout).toContain('<svg');
      expect(svg.stdout.match(/<g id="node\d+" class="node">/g)?.length).toBe(nodes);
      expect(svg.stdout.match(/<g id="edge\d+" class="edge">/g)?.length ?? 0).toBe(edges);
    },
  );

  it('renders the graph of the Nephio catalog to PNG: repositories in boxes, lone packages in rows', () => {
    const repos = [
      'catalog-distros-sandbox=distros/sandbox',
      'catalog-infra-capi=infra/capi',
      'catalog-nephio-core=nephio/core',
      'catalog-nephio-optional=nephio/optional',
      'catalog-workloads-oai=workloads/oai',
    ].flatMap((repo) => ['--repo', repo]);
    const catalog = join(scratch, 'nephio-catalog.yaml');
    const cli = join(repoRoot, 'dist/cli.js');
    const fixture = join(repoRoot, 'test/fixtures/nephio-catalog');
    const built = spawnSync(process.execPath, [cli, 'catalog', 'build', fixture, ...repos, '-q', '-o', catalog], {
      encoding: 'utf8',
    });
    expect(built.status, built.stderr).toBe(0);
    const dot = spawnSync(process.execPath, [cli, 'graph', '--catalog', catalog], { encoding: 'utf8' }).stdout;
    expect(dot.match(/subgraph "cluster_\d+"/g)).toHaveLength(5);
    expect(dot).not.toContain('latest Published\\n');
    const rows = dot.split('\n').filter((line) => line.includes('[style=invis]') && !line.includes('legend'));
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const png = spawnSync('dot', ['-Tpng'], { input: dot });
    expect(png.status, png.stderr.toString()).toBe(0);
    expect(png.stdout.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const width = png.stdout.readUInt32BE(16);
    const height = png.stdout.readUInt32BE(20);
    // One column of stacked boxes would be many times taller than wide.
    expect(height / width).toBeLessThan(3);
  });

  it('keeps quoted names intact through Graphviz', async () => {
    const out = await runCli(graph, ['--catalog', mixedCatalog]);
    const plain = spawnSync('dot', ['-Tplain'], { input: out.stdout, encoding: 'utf8' });
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain('edge "odd \\"repo\\"/a\\\\b #1 <x>" "apps/app" ');
  });
});

describe('the built pkgdeps command', () => {
  it('dispatches graph and prints what graph() returns', async () => {
    const cli = join(repoRoot, 'dist/cli.js');
    expect(existsSync(cli), 'run `npm run build` first').toBe(true);
    const run = spawnSync(process.execPath, [cli, 'graph', '--catalog', edgeCatalog, '--format', 'mermaid'], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe((await runCli(graph, ['--catalog', edgeCatalog, '--format', 'mermaid'])).stdout);
  });
});
