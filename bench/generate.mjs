// Synthetic ResourceLists for `npm run bench`: one kpt package of `resources` items, as
// `kpt fn source` writes it (Kptfile, path/index annotations, sequences not indented), plus a
// catalog ConfigMap item of `packages` packages x 5 revisions x 10 APIs (about 100 bytes per
// API entry), in the hand-written form. Consecutive revisions share most APIs, as real ones do:
// each revision serves one more version of one API. Deterministic: the same sizes give the same text.

export const REVISIONS = 5;
export const APIS = 10;
const REPOSITORY = 'catalog-fleet';
/** How many catalog packages the generated resources use (the package's dependencies). */
const USED_PACKAGES = 40;

const pad = (n, width = 5) => String(n).padStart(width, '0');
const pkgName = (p) => `pkg-${pad(p, 4)}`;
const group = (p) => `g${pad(p, 4)}.io`;

/** Every revision serves v1 of each API; revision r also serves v2 of APIs 0 to r - 2. */
function apiEntry(p, a, r) {
  const versions = a <= r - 2 ? '[v1, v2]' : '[v1]';
  return `    - {group: ${group(p)}, kind: Widget${a}, resource: widget${a}s, versions: ${versions}, scope: Namespaced}`;
}

function catalogPackage(p, packages) {
  const lines = [`- repository: ${REPOSITORY}  # generated package ${p}`, `  package: ${pkgName(p)}`, '  revisions:'];
  for (let r = 1; r <= REVISIONS; r += 1) {
    lines.push(
      `  - revision: "${r}"`,
      `    workspaceName: v${r}`,
      `    lifecycle: ${r === REVISIONS ? 'Draft' : 'Published'}`,
      '    provides:',
    );
    for (let a = 0; a < APIS; a += 1) lines.push(apiEntry(p, a, r));
    if (p % 7 === 3 && r >= 3 && packages > 1) {
      const dep = (p + 1) % packages;
      lines.push('    requires:', `    - {group: ${group(dep)}, version: v1, kind: Widget0}`);
      lines.push('    dependsOn:', `    - {repository: ${REPOSITORY}, package: ${pkgName(dep)}}`);
    }
  }
  return lines.join('\n');
}

/** Packages each target but edge01 runs (edge01, the target of the function configs, runs one). */
export const INSTALLED_PER_TARGET = 20;

/** `installed` of `targets` targets: edge01 runs pkg-0000 revision 3, edge02 ... run 20 packages each. */
function installedLines(packages, targets) {
  const lines = [`- {target: edge01, repository: ${REPOSITORY}, package: ${pkgName(0)}, revision: "3"}`];
  for (let t = 2; t <= targets; t += 1) {
    for (let k = 0; k < Math.min(INSTALLED_PER_TARGET, packages); k += 1) {
      const p = (t * 37 + k * 53) % packages;
      lines.push(`- {target: edge${pad(t, 2)}, repository: ${REPOSITORY}, package: ${pkgName(p)}, revision: "4"}`);
    }
  }
  return lines;
}

/**
 * The catalog ConfigMap as a ResourceList item (lines start with `- ` / two spaces), with `installed`
 * for `targets` targets.
 */
export function catalogItem(packages, targets = 1) {
  const body = [];
  for (let p = 0; p < packages; p += 1) body.push(catalogPackage(p, packages));
  const packagesText = body
    .join('\n')
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n');
  const installed = installedLines(packages, targets)
    .map((line) => `      ${line}`)
    .join('\n');
  return `- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: package-catalog
    annotations:
      config.kubernetes.io/local-config: "true"
      pkgdeps.dev/catalog: "v1"
      internal.config.kubernetes.io/path: 'catalog.yaml'
      internal.config.kubernetes.io/index: '0'
  data:
    packages: |
${packagesText}
    installed: |
${installed}
    platform: |
      - {group: monitoring.coreos.com}
`;
}

function kptfile() {
  return `- apiVersion: kpt.dev/v1
  kind: Kptfile
  metadata:
    name: fleet-app
    annotations:
      config.kubernetes.io/local-config: "true"
      internal.config.kubernetes.io/path: 'Kptfile'
      internal.config.kubernetes.io/index: '0'
  info:
    description: generated workload for the benchmark
`;
}

function annotations(path) {
  return `    annotations:
      internal.config.kubernetes.io/path: 'resources/${path}.yaml'
      internal.config.kubernetes.io/index: '0'
`;
}

/** One resource: a custom resource of a catalog package (2 in 3) or a platform ConfigMap/Deployment. */
function resource(i, packages) {
  const id = pad(i);
  if (i % 3 === 2) {
    if (i % 2 === 0) {
      return `- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: settings-${id} # per-site settings
${annotations(`cm-${id}`)}  data:
    mode: 'edge'
    retries: "3"
`;
    }
    return `- # deployment ${id}
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: app-${id}
${annotations(`deploy-${id}`)}  spec:
    replicas: 010
    template: {spec: {containers: [{name: app, image: "registry.example.com/app:1.${i % 10}"}]}}
`;
  }
  const p = (i * 7) % Math.min(packages, USED_PACKAGES);
  return `- apiVersion: ${group(p)}/v1
  kind: Widget${i % APIS}
  metadata:
    name: widget-${id}
${annotations(`w-${id}`)}  spec:
    size: 0x1F
    # nested settings
    config:
      url: "https://example.com/${id}"
`;
}

function functionConfig(kind) {
  const extra = kind === 'EmitPackageVariants' ? '\n  downstreamRepository: edge01' : '';
  return `functionConfig:
  apiVersion: fn.pkgdeps.dev/v1alpha1
  kind: ${kind}
  metadata:
    name: config
  target: edge01${extra}
`;
}

/** A ResourceList text: Kptfile, `resources` items, the catalog, a function config of `kind`. */
export function resourceList({ resources, packages, kind = 'ResolveDependencies' }) {
  const parts = ['apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n', kptfile()];
  for (let i = 0; i < resources; i += 1) parts.push(resource(i, packages));
  if (packages > 0) parts.push(catalogItem(packages));
  parts.push(functionConfig(kind));
  return parts.join('');
}

/** The smallest ResourceList a function can get: no items, no config. */
export const EMPTY_LIST = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n';
