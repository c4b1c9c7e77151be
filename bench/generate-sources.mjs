// Synthetic blueprint packages for the CLI rows of `npm run bench`: the files of package p at
// revision r, a git repository of their history (real git, through `git fast-import`) and a
// fake Porch cluster serving them (test/cluster/server.ts). Each package provides 10 APIs
// (one CRD file) and every seventh one uses an API of the next package from revision 3 on,
// as the catalog of generate.mjs does. Deterministic: the same sizes give the same content.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const APIS = 10;
const pad = (n, width) => String(n).padStart(width, '0');
export const packageName = (p) => `pkg-${pad(p, 4)}`;
const group = (p) => `g${pad(p, 4)}.io`;

function crd(p, a, r, padding) {
  const version = r <= 2 ? 'v1beta1' : 'v1';
  const description = padding > 0 ? `\n            description: "${'x'.repeat(padding)}"` : '';
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widget${a}s.${group(p)}
spec:
  group: ${group(p)}
  names:
    kind: Widget${a}
    plural: widget${a}s
  scope: Namespaced
  versions:
  - name: ${version}
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object${description}
`;
}

/**
 * The files of package `p` (of `packages`) at revision `r`: Kptfile, the CRDs (changed at
 * revision 3, v1beta1 to v1) and, for every seventh package from revision 3 on, a resource of
 * the next package's API. `padding` bytes of description per CRD make the resources larger
 * without changing the catalog.
 */
export function packageFiles(p, r, packages, padding = 0) {
  const name = packageName(p);
  const files = {
    Kptfile: `apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: ${name}\n  annotations:\n    config.kubernetes.io/local-config: "true"\ninfo:\n  description: generated blueprint ${p}\n`,
    'crds.yaml': Array.from({ length: APIS }, (_, a) => crd(p, a, r, padding)).join('---\n'),
  };
  if (p % 7 === 3 && r >= 3 && packages > 1) {
    const dep = (p + 1) % packages;
    files['uses.yaml'] = `apiVersion: ${group(dep)}/v1\nkind: Widget0\nmetadata:\n  name: uses-${name}\nspec: {}\n`;
  }
  return files;
}

function data(text) {
  return `data ${Buffer.byteLength(text)}\n${text}\n`;
}

/**
 * A git repository at `dir` holding `packages` packages at its top, one commit per revision
 * 1..`revisions` changing what changed, each package tagged `<package>/v<r>` at it (Porch's
 * convention) when `tagged`: `packages` x `revisions` tags. HEAD is the last revision.
 */
export function gitHistory(dir, { packages, revisions, tagged = true }) {
  mkdirSync(dir, { recursive: true });
  const run = (args, input) => {
    const result = spawnSync('git', args, { cwd: dir, input, maxBuffer: 1 << 30, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  };
  run(['init', '-q', '-b', 'main']);
  const stream = [];
  let previous = {};
  for (let r = 1; r <= revisions; r += 1) {
    const changes = [];
    const current = {};
    for (let p = 0; p < packages; p += 1) {
      for (const [file, text] of Object.entries(packageFiles(p, r, packages))) {
        const path = `${packageName(p)}/${file}`;
        current[path] = text;
        if (previous[path] !== text) changes.push(`M 100644 inline ${path}\n${data(text)}`);
      }
    }
    const message = `revision ${r}`;
    stream.push(
      `commit refs/heads/main\nmark :${r}\ncommitter bench <bench@pkgdeps.invalid> ${1700000000 + r} +0000\n${data(message)}`,
    );
    if (r > 1) stream.push(`from :${r - 1}\n`);
    stream.push(...changes, '\n');
    if (tagged)
      for (let p = 0; p < packages; p += 1) stream.push(`reset refs/tags/${packageName(p)}/v${r}\nfrom :${r}\n\n`);
    previous = current;
  }
  run(['fast-import', '--quiet'], stream.join(''));
  return dir;
}

/**
 * A fake Porch cluster (the FakeCluster of test/cluster/server.ts) with one blueprint repository
 * of `packages` packages x `revisions` Published revisions, each PackageRevision's resources the
 * files of {@link packageFiles} with `padding`.
 */
export function fakePorch({ packages, revisions, padding, namespace, token }) {
  const repository = 'catalog-fleet';
  const packageRevisions = [];
  const packageResources = {};
  for (let p = 0; p < packages; p += 1) {
    for (let r = 1; r <= revisions; r += 1) {
      const name = `${repository}.${packageName(p)}.v${r}`;
      const spec = {
        packageName: packageName(p),
        repository,
        revision: r,
        workspaceName: `v${r}`,
        lifecycle: 'Published',
      };
      packageRevisions.push({
        apiVersion: 'porch.kpt.dev/v1alpha1',
        kind: 'PackageRevision',
        metadata: { name, namespace },
        spec,
        status: {},
      });
      packageResources[name] = packageFiles(p, r, packages, padding);
    }
  }
  return {
    groups: [
      { name: 'porch.kpt.dev', versions: ['v1alpha1'] },
      { name: 'config.porch.kpt.dev', versions: ['v1alpha1'] },
    ],
    resources: {},
    namespace,
    repositories: [
      {
        metadata: { name: repository, namespace },
        spec: { deployment: false, git: { repo: 'https://example.com/fleet.git', directory: '' } },
      },
    ],
    packageRevisions,
    packageResources,
    configMaps: {},
    token,
  };
}
