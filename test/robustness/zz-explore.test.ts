import { it } from 'vitest';
import { processText } from '../../src/krm/index.js';
import { registeredFunctions } from '../support/invariants.js';

const H = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
const base = `- apiVersion: kpt.dev/v1
  kind: Kptfile
  metadata:
    name: app
- apiVersion: cert-manager.io/v1
  kind: Certificate
  metadata:
    name: cert
`;
const pkg = `- repository: catalog
  package: cert-manager
  revisions:
  - revision: "1"
    workspaceName: v1
    lifecycle: Published
    provides:
    - {group: cert-manager.io, kind: Certificate, resource: certificates, versions: [v1], scope: Namespaced}
    requires:
    - {group: example.com, version: v1, kind: Widget}
    dependsOn:
    - {repository: catalog, package: widgets}
- repository: catalog
  package: widgets
  revisions:
  - revision: "1"
    lifecycle: Published
    provides:
    - {group: example.com, versions: [v1], source: APIService}`;
const inst = `- {target: edge01, repository: catalog, package: cert-manager, revision: "1"}`;
const plat = `- {group: monitoring.coreos.com}`;
function catalog(packages: string, installed = inst, platform = plat, extra = '') {
  const block = (k: string, v: string) => `    ${k}: |\n${v.split('\n').map((l) => `      ${l}`).join('\n')}\n`;
  return `- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: package-catalog
    annotations:
      pkgdeps.dev/catalog: "v1"
  data:
${block('packages', packages)}${block('installed', installed)}${block('platform', platform)}${extra}`;
}
const rows: Array<[string, string]> = [
  ['ok', catalog(pkg)],
  ['packages not string', catalog(pkg).replace(/    packages: \|\n(      .*\n)+/, '    packages: [a]\n')],
  ['packages yaml error', catalog(pkg.replace('versions: [v1], scope', 'versions: [v1, scope'))],
  ['packages not list', catalog('repository: x')],
  ['repository missing', catalog(pkg.replace('- repository: catalog\n  package: cert-manager', '- package: cert-manager'))],
  ['repository empty', catalog(pkg.replace('- repository: catalog\n  package: cert-manager', '- repository: ""\n  package: cert-manager'))],
  ['package number', catalog(pkg.replace('package: cert-manager', 'package: 7'))],
  ['revisions empty', catalog(pkg.replace(/  revisions:\n  - revision: "1"\n    workspaceName: v1\n    lifecycle: Published\n    provides:\n    - .*\n    requires:\n    - .*\n    dependsOn:\n    - .*/, '  revisions: []'))],
  ['revision missing', catalog(pkg.replace('  - revision: "1"\n    workspaceName', '  - workspaceName'))],
  ['revision float', catalog(pkg.replace('  - revision: "1"\n    workspaceName', '  - revision: 1.5\n    workspaceName'))],
  ['revision unparsable', catalog(pkg.replace('  - revision: "1"\n    workspaceName', '  - revision: "1.x"\n    workspaceName'))],
  ['revision mixed', catalog(pkg.replace('    provides:\n    - {group: example.com', '  - revision: "1.0.0"\n    lifecycle: Published\n    provides:\n    - {group: example.com'))],
  ['revision twice', catalog(pkg.replace('    provides:\n    - {group: example.com', '  - revision: "v1"\n    lifecycle: Published\n    provides:\n    - {group: example.com'))],
  ['workspaceName empty', catalog(pkg.replace('workspaceName: v1', 'workspaceName: ""'))],
  ['lifecycle bad', catalog(pkg.replace('lifecycle: Published\n    provides:\n    - {group: cert', 'lifecycle: Released\n    provides:\n    - {group: cert'))],
  ['unknown field package', catalog(pkg.replace('  package: cert-manager', '  package: cert-manager\n  owner: me'))],
  ['unknown field revision', catalog(pkg.replace('workspaceName: v1', 'workspaceName: v1\n    published: yes'))],
  ['provides group missing', catalog(pkg.replace('{group: cert-manager.io, kind: Certificate', '{kind: Certificate'))],
  ['provides kind empty', catalog(pkg.replace('kind: Certificate, resource', 'kind: "", resource'))],
  ['provides versions empty', catalog(pkg.replace('versions: [v1], scope', 'versions: [], scope'))],
  ['provides versions not strings', catalog(pkg.replace('versions: [v1], scope', 'versions: [1], scope'))],
  ['provides scope bad', catalog(pkg.replace('scope: Namespaced', 'scope: Global'))],
  ['provides source bad', catalog(pkg.replace('source: APIService', 'source: Aggregated'))],
  ['apiservice with kind', catalog(pkg.replace('{group: example.com, versions: [v1], source: APIService}', '{group: example.com, kind: Widget, versions: [v1], source: APIService}'))],
  ['crd without kind', catalog(pkg.replace('{group: example.com, versions: [v1], source: APIService}', '{group: example.com, versions: [v1]}'))],
  ['provides unknown field', catalog(pkg.replace('scope: Namespaced', 'scope: Namespaced, plural: x'))],
  ['requires version missing', catalog(pkg.replace('{group: example.com, version: v1, kind: Widget}', '{group: example.com, kind: Widget}'))],
  ['dependsOn package missing', catalog(pkg.replace('{repository: catalog, package: widgets}', '{repository: catalog}'))],
  ['dependsOn unknown', catalog(pkg.replace('{repository: catalog, package: widgets}', '{repository: catalog, package: nothing}'))],
  ['provides not list', catalog(pkg.replace('    provides:\n    - {group: cert-manager.io, kind: Certificate, resource: certificates, versions: [v1], scope: Namespaced}', '    provides: {group: cert-manager.io}'))],
  ['installed target missing', catalog(pkg, '- {repository: catalog, package: cert-manager, revision: "1"}')],
  ['installed twice', catalog(pkg, `${inst}\n- {target: edge01, repository: catalog, package: cert-manager, revision: "2"}`)],
  ['installed unknown package', catalog(pkg, '- {target: edge01, repository: catalog, package: nothing, revision: "1"}')],
  ['installed unknown revision', catalog(pkg, '- {target: edge01, repository: catalog, package: cert-manager, revision: "9"}')],
  ['platform group missing', catalog(pkg, inst, '- {kind: Widget}')],
  ['platform kind empty', catalog(pkg, inst, '- {group: x.io, kind: ""}')],
  ['unknown data key', catalog(pkg, inst, plat, '    packagez: "[]"\n')],
  ['data not map', catalog(pkg).replace(/  data:\n[\s\S]*$/, '  data: [x]\n')],
  ['packages missing', catalog(pkg).replace(/    packages: \|\n(      .*\n)+/, '')],
  ['format v2', catalog(pkg).replace('pkgdeps.dev/catalog: "v1"', 'pkgdeps.dev/catalog: "v2"')],
  ['several docs', catalog(`${pkg}\n---\n- {}`)],
  ['empty string', catalog('')],
  ['alias bomb', catalog(`- &P\n  repository: r\n  package: cm\n  revisions: [&R {revision: "1", lifecycle: Published, provides: [&A {group: g.io, kind: K, versions: [v1, ${Array(59).fill('v1').join(', ')}]}, ${Array(59).fill('*A').join(', ')}]}, ${Array(59).fill('*R').join(', ')}]\n- ${Array(59).fill('*P').join('\n- ')}`)],
];
it('catalog rows', async () => {
  const fns = await registeredFunctions();
  for (const [label, cat] of rows) {
    for (const fn of fns.filter((f) => ['resolve-dependencies', 'build-catalog'].includes(f.name))) {
      const t0 = Date.now();
      const out = processText(H + base + cat, fn.processor, fn.name);
      console.log(`### ${label} | ${fn.name} exit=${out.exitCode} ${Date.now() - t0}ms ${out.stderr}`);
      console.log([...out.stdout.matchAll(/message: (.*)\n  severity: (\w+)/g)].map((m) => `  ${m[2]}: ${m[1]!.slice(0, 300)}`).join('\n'));
    }
  }
});
