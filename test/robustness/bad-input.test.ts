import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { processText } from '../../src/krm/index.js';
import type { Output } from '../../src/krm/index.js';
import { HEADER, KPTFILE, baseCatalog, certificate, revision, scenarioInput } from '../support/arbitraries.js';
import type { CatalogModel, Scenario } from '../support/arbitraries.js';
import { contractViolations, registeredFunctions } from '../support/invariants.js';
import type { RegisteredFunction } from '../support/invariants.js';

/**
 * The bad-input table of issue 7, for every function of the registry: each broken or hostile
 * input, the exact error it gets (one stderr line, or an error result naming the place), and
 * docs/SPEC.md section 7 kept on the way (full ResourceList, nothing lost, exit code from the results).
 */

const functions = await registeredFunctions();
const input = (fn: RegisteredFunction, scenario: Scenario = {}): string => scenarioInput(fn.spec, scenario);

interface PlainResult {
  message: string;
  severity: string;
}

function resultsOf(output: Output): PlainResult[] {
  return ((parse(output.stdout) as { results?: PlainResult[] } | null)?.results ?? []).map(({ message, severity }) => ({
    message,
    severity,
  }));
}

/** Runs a function and checks docs/SPEC.md section 7 against a processor that changes nothing. */
function run(fn: RegisteredFunction, text: string | Uint8Array): Output {
  const output = processText(text, fn.processor, fn.name);
  expect(
    contractViolations(
      fn.name,
      output,
      processText(text, () => [], fn.name),
    ),
  ).toEqual([]);
  return output;
}

/** Functions whose output for `text` holds `message`: the ones a catalog or config row concerns. */
function reporting(text: (fn: RegisteredFunction) => string, message: string): RegisteredFunction[] {
  return functions.filter((fn) =>
    resultsOf(processText(text(fn), fn.processor, fn.name)).some((result) => result.message.includes(message)),
  );
}

it('the registry lists functions and each gets the base package through without a config error', () => {
  expect(functions.length).toBeGreaterThan(0);
  for (const fn of functions) {
    const configErrors = resultsOf(run(fn, input(fn))).filter((result) => result.message.startsWith('function config'));
    expect(configErrors, fn.name).toEqual([]);
  }
});

// ---------------------------------------------------------------------------------------------
// Input that is not a ResourceList: exit 1, nothing on stdout, one stderr line

const deep = (depth: number) =>
  `${HEADER}items:\n- apiVersion: v1\n  kind: ConfigMap\n  data:\n    x: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
const laughs = [
  'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
  ...'bcdef'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdef'[i]}`).join(', ')}]`),
];
const latin1 = Buffer.concat([
  Buffer.from(`${HEADER}items:\n- apiVersion: v1\n  kind: ConfigMap\n  data:\n    k: "caf`),
  Buffer.from([0xe9]),
  Buffer.from('"\n'),
]);

const notResourceLists: Array<[string, string | Uint8Array, string | RegExp]> = [
  ['empty input', '', 'expected a ResourceList on stdin, got empty input'],
  ['blank lines only', '\n \n\t\n', 'expected a ResourceList on stdin, got empty input'],
  ['comments only', '# nothing here\n', 'expected a ResourceList (a YAML map), got only comments'],
  [
    'not YAML',
    'kind: ResourceList\nitems: [\n',
    'input is not valid YAML at line 3, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]',
  ],
  [
    'a tab as indentation',
    `${HEADER}items:\n\t- a\n`,
    'input is not valid YAML at line 4, column 1: Tabs are not allowed as indentation',
  ],
  ['a list', '- a\n- b\n', 'expected a ResourceList (a YAML map), got a list'],
  ['a scalar', 'hello\n', 'expected a ResourceList (a YAML map), got a scalar'],
  [
    'another kind',
    'apiVersion: v1\nkind: ConfigMap\n',
    'expected apiVersion config.kubernetes.io/v1 and kind ResourceList, got apiVersion "v1" and kind "ConfigMap"',
  ],
  [
    'no apiVersion',
    'kind: ResourceList\nitems: []\n',
    'expected apiVersion config.kubernetes.io/v1 and kind ResourceList, got apiVersion null and kind "ResourceList"',
  ],
  [
    'several documents',
    `${HEADER}items: []\n---\n${HEADER}`,
    'input is not valid YAML at line 4, column 1: several documents, where a ResourceList is one',
  ],
  ['items a map', `${HEADER}items:\n  a: b\n`, 'ResourceList.items must be a list of resources'],
  ['items a string', `${HEADER}items: all of them\n`, 'ResourceList.items must be a list of resources'],
  [
    'an item not a map',
    `${HEADER}items:\n- apiVersion: v1\n  kind: ConfigMap\n- just text\n`,
    'items[1] is not a resource (a YAML map)',
  ],
  ['an item a list', `${HEADER}items:\n- [a, b]\n`, 'items[0] is not a resource (a YAML map)'],
  [
    'functionConfig a list',
    `${HEADER}items: []\nfunctionConfig: [a]\n`,
    'ResourceList.functionConfig must be a resource (a YAML map)',
  ],
  ['invalid UTF-8', latin1, 'input is not valid UTF-8 at line 7, column 12 (byte 0xe9)'],
  [
    'an alias bomb',
    `${HEADER}items:\n- apiVersion: v1\n  kind: ConfigMap\n  data:\n${laughs.map((line) => `    ${line}`).join('\n')}\n`,
    'input expands YAML aliases beyond the limit of 100: Excessive alias count indicates a resource exhaustion attack',
  ],
  // The column is where the parser ran out of stack, which depends on the stack size.
  ['deep nesting', deep(3000), /^input nests collections too deeply to read at line 7, column \d+$/],
];

describe.each(functions)('$name on input that is not a ResourceList', (fn) => {
  it.each(notResourceLists)('%s', (_label, text, message) => {
    const output = run(fn, text);
    expect(output).toEqual({ stdout: '', stderr: expect.any(String), exitCode: 1, results: [] });
    const line = output.stderr.slice(`${fn.name}: `.length, -1);
    if (typeof message === 'string') expect(line).toBe(message);
    else expect(line).toMatch(message);
  });
});

// ---------------------------------------------------------------------------------------------
// ResourceLists with odd items: kept as they are, whatever the function makes of them

/** Functions that write `pkgdeps.dev/provided-by` on the base Certificate. */
const annotators = functions.filter((fn) =>
  processText(input(fn), fn.processor, fn.name).stdout.includes('pkgdeps.dev/provided-by'),
);

describe.each(functions)('$name on odd items', (fn) => {
  it('keeps items without apiVersion, kind, metadata or name', () => {
    const items = [
      KPTFILE,
      ['kind: Certificate', 'metadata:', '  name: no-api-version'],
      ['apiVersion: cert-manager.io/v1', 'metadata:', '  name: no-kind'],
      ['apiVersion: cert-manager.io/v1', 'kind: Certificate'],
      ['apiVersion: cert-manager.io/v1', 'kind: Certificate', 'metadata: {}'],
      ['{}'],
    ];
    const output = run(fn, input(fn, { items }));
    for (const name of ['no-api-version', 'no-kind']) expect(output.stdout).toContain(`name: ${name}`);
  });

  it('reads annotations that are not strings without changing them', () => {
    const odd = [
      '    number: 1',
      '    list: [a, b]',
      '    map: {x: 1}',
      '    empty:',
      '    internal.config.kubernetes.io/index: 7',
    ];
    const output = run(fn, input(fn, { items: [KPTFILE, certificate('cert', odd)] }));
    for (const line of odd) expect(output.stdout).toContain(`\n  ${line}\n`);
  });

  it('keeps duplicate items, each once, in their place', () => {
    const output = run(fn, input(fn, { items: [KPTFILE, certificate(), certificate()] }));
    expect(output.stdout.match(/^ {4}name: cert$/gm)).toHaveLength(2);
  });

  it('treats CRLF line ends and a byte order mark as the same input', () => {
    const text = input(fn);
    const plain = run(fn, text);
    expect(run(fn, text.replace(/\n/g, '\r\n'))).toEqual(plain);
    expect(run(fn, `\ufeff${text}`)).toEqual(plain);
    expect(run(fn, Buffer.from(`\ufeff${text}`))).toEqual(plain);
  });

  it('keeps very long strings and names whole', () => {
    const long = 'x'.repeat(1_000_000);
    const name = `n${'a'.repeat(100_000)}`;
    const output = run(
      fn,
      input(fn, { items: [KPTFILE, [...certificate(name), `  long: ${long}`, `  quoted: "${long}"`]] }),
    );
    expect(output.stdout).toContain(`  long: ${long}\n`);
    expect(output.stdout).toContain(`  quoted: "${long}"\n`);
    expect(output.stdout).toContain(`name: ${name}`);
  });

  it('keeps nesting as deep as the parser reads', () => {
    run(fn, input(fn, { items: [KPTFILE, [...certificate(), `  deep: ${'['.repeat(500)}${']'.repeat(500)}`]] }));
  });

  it('reads aliases as the values they name', () => {
    const crd = [
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'metadata:',
      '  name: certificates.cert-manager.io',
      'x-group: &group cert-manager.io',
      'spec:',
      '  group: *group',
      '  names: {kind: Certificate, plural: certificates}',
    ];
    const output = run(fn, input(fn, { items: [KPTFILE, certificate(), crd] }));
    expect(output.stdout).toContain('  group: *group\n');
    // The local CRD provides Certificate (docs/SPEC.md rule local-apis): no function resolves it to a catalog package.
    expect(output.stdout).not.toContain('pkgdeps.dev/provided-by');
  });

  it('refuses to annotate an item whose annotations are not a map, changing nothing', () => {
    const text = input(fn, {
      items: [
        KPTFILE,
        ['apiVersion: cert-manager.io/v1', 'kind: Certificate', 'metadata:', '  name: cert', '  annotations: [a, b]'],
      ],
    });
    const output = run(fn, text);
    if (!annotators.includes(fn)) return;
    expect(resultsOf(output)).toEqual([
      {
        severity: 'error',
        message:
          'Certificate/cert: metadata.annotations is not a map, so pkgdeps cannot annotate it without losing what it holds; make it a map; nothing was changed',
      },
    ]);
    expect(output.stdout).toContain('  annotations: [a, b]\n');
  });
});

// ---------------------------------------------------------------------------------------------
// Catalogs that break their schema, field by field: every function that reads the catalog
// answers with the same error result, naming the ConfigMap and the path inside the key

const PACKAGES = `- repository: catalog
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
const INSTALLED = '- {target: edge01, repository: catalog, package: cert-manager, revision: "1"}';
const PLATFORM = '- {group: monitoring.coreos.com}';

function catalogItem(packages: string, installed = INSTALLED, platform = PLATFORM, extraData = ''): string {
  const block = (key: string, value: string) =>
    `    ${key}: |\n${value
      .split('\n')
      .map((line) => (line === '' ? '' : `      ${line}`))
      .join('\n')}\n`;
  return `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: package-catalog\n    annotations:\n      config.kubernetes.io/local-config: "true"\n      pkgdeps.dev/catalog: "v1"\n  data:\n${block('packages', packages)}${block('installed', installed)}${block('platform', platform)}${extraData}`;
}

const edit = (from: string, to: string) => {
  if (!PACKAGES.includes(from)) throw new Error(`row does not apply: ${from}`);
  return catalogItem(PACKAGES.replace(from, to));
};
const CM = 'ConfigMap package-catalog';
const FORMS =
  'accepted forms are "main", an integer ("3"), "v" and an integer ("v3"), or a semantic version ("1.2.0", "v1.2.0-rc.1")';

const catalogRows: Array<[string, string, string]> = [
  [
    'format annotation v2',
    catalogItem(PACKAGES).replace('pkgdeps.dev/catalog: "v1"', 'pkgdeps.dev/catalog: "v2"'),
    `${CM}: annotation pkgdeps.dev/catalog is "v2", expected "v1" (the catalog format this version of pkgdeps reads)`,
  ],
  [
    'data a list',
    catalogItem(PACKAGES).replace(/ {2}data:\n[\s\S]*$/, '  data: [x]\n'),
    `${CM}: data: must be a map of strings, found a list`,
  ],
  [
    'data.packages missing',
    catalogItem(PACKAGES).replace(/ {4}packages: \|\n( {6}.*\n)+/, ''),
    `${CM}: data.packages: is missing; list the catalog's packages there (an empty catalog holds packages: "[]")`,
  ],
  [
    'data key unknown',
    catalogItem(PACKAGES, INSTALLED, PLATFORM, '    packagez: "[]"\n'),
    `${CM}: data.packagez: not a catalog key; accepted keys are packages, installed, platform`,
  ],
  [
    'data.packages a list',
    catalogItem(PACKAGES).replace(/ {4}packages: \|\n( {6}.*\n)+/, '    packages: [a]\n'),
    `${CM}: data.packages: must be a string holding YAML (write "packages: |" and indent the list below it), found a list`,
  ],
  [
    'data.packages broken YAML',
    edit('versions: [v1], scope', 'versions: [v1, scope'),
    `${CM}: data.packages: YAML syntax error at line 8, column 107 of the string: missed comma between flow collection entries`,
  ],
  [
    'data.packages several documents',
    catalogItem(`${PACKAGES}\n---\n- {}`),
    `${CM}: data.packages: YAML syntax error at line 20, column 1 of the string: the string holds several YAML documents; keep one list and remove the "---" separators`,
  ],
  ['data.packages a map', catalogItem('repository: x'), `${CM}: data.packages: must be array, found a map`],
  [
    'repository missing',
    edit('- repository: catalog\n  package: cert-manager', '- package: cert-manager'),
    `${CM}: data.packages: [0]: must have required property 'repository'`,
  ],
  [
    'repository empty',
    edit('- repository: catalog\n  package: cert-manager', '- repository: ""\n  package: cert-manager'),
    `${CM}: data.packages: [0].repository: must NOT have fewer than 1 characters`,
  ],
  [
    // a number is its text there (docs/SPEC.md rule catalog-format): a boolean is no text
    'package a boolean',
    edit('package: cert-manager', 'package: true'),
    `${CM}: data.packages: [0].package: must be string, found true`,
  ],
  [
    'package field unknown',
    edit('  package: cert-manager', '  package: cert-manager\n  owner: me'),
    `${CM}: data.packages: [0]: must NOT have additional property 'owner' (accepted: repository, package, revisions)`,
  ],
  [
    'revisions empty',
    catalogItem('- {repository: catalog, package: cert-manager, revisions: []}'),
    `${CM}: data.packages: [0].revisions: must NOT have fewer than 1 items`,
  ],
  [
    'revision missing',
    edit('  - revision: "1"\n    workspaceName', '  - workspaceName'),
    `${CM}: data.packages: [0].revisions[0]: must have required property 'revision'`,
  ],
  [
    'revision written as a float: its text, of no accepted form',
    edit('  - revision: "1"\n    workspaceName', '  - revision: 1.5\n    workspaceName'),
    `${CM}: data.packages: [0] catalog/cert-manager: revision "1.5" is not a valid revision; ${FORMS}`,
  ],
  [
    'revision unparsable',
    edit('  - revision: "1"\n    workspaceName', '  - revision: "1.x"\n    workspaceName'),
    `${CM}: data.packages: [0] catalog/cert-manager: revision "1.x" is not a valid revision; ${FORMS}`,
  ],
  [
    'one revision twice',
    edit(
      '    - {repository: catalog, package: widgets}',
      '    - {repository: catalog, package: widgets}\n  - revision: "v1"\n    lifecycle: Published',
    ),
    `${CM}: data.packages: [0] catalog/cert-manager: revisions "1" and "v1" are the same revision; keep one of them`,
  ],
  [
    'workspaceName empty',
    edit('workspaceName: v1', 'workspaceName: ""'),
    `${CM}: data.packages: [0].revisions[0].workspaceName: must NOT have fewer than 1 characters`,
  ],
  [
    'lifecycle unknown',
    edit(
      'lifecycle: Published\n    provides:\n    - {group: cert',
      'lifecycle: Released\n    provides:\n    - {group: cert',
    ),
    `${CM}: data.packages: [0].revisions[0].lifecycle: must be one of Draft, Proposed, Published, DeletionProposed, found "Released"`,
  ],
  [
    'revision field unknown',
    edit('workspaceName: v1', 'workspaceName: v1\n    published: yes'),
    `${CM}: data.packages: [0].revisions[0]: must NOT have additional property 'published' (accepted: revision, workspaceName, lifecycle, provides, requires, dependsOn, objects, requiresObjects)`,
  ],
  [
    'provides a map',
    edit(
      '    provides:\n    - {group: cert-manager.io, kind: Certificate, resource: certificates, versions: [v1], scope: Namespaced}',
      '    provides: {group: cert-manager.io}',
    ),
    `${CM}: data.packages: [0].revisions[0].provides: must NOT have additional property 'group' (accepted: drop, add): a list, or a change {drop, add} against the previous revision (docs/SPEC.md rule catalog-compact)`,
  ],
  [
    'provides without group',
    edit('{group: cert-manager.io, kind: Certificate', '{kind: Certificate'),
    `${CM}: data.packages: [0].revisions[0].provides[0]: must have required property 'group'`,
  ],
  [
    'provides kind empty',
    edit('kind: Certificate, resource', 'kind: "", resource'),
    `${CM}: data.packages: [0].revisions[0].provides[0].kind: must NOT have fewer than 1 characters`,
  ],
  [
    'provides versions empty',
    edit('versions: [v1], scope', 'versions: [], scope'),
    `${CM}: data.packages: [0].revisions[0].provides[0].versions: must NOT have fewer than 1 items`,
  ],
  [
    'provides version a boolean',
    edit('versions: [v1], scope', 'versions: [false], scope'),
    `${CM}: data.packages: [0].revisions[0].provides[0].versions[0]: must be string, found false`,
  ],
  [
    'provides scope unknown',
    edit('scope: Namespaced', 'scope: Global'),
    `${CM}: data.packages: [0].revisions[0].provides[0].scope: must be one of Namespaced, Cluster, found "Global"`,
  ],
  [
    'provides source unknown',
    edit('scope: Namespaced}', 'scope: Namespaced, source: Aggregated}'),
    `${CM}: data.packages: [0].revisions[0].provides[0].source: must be one of CustomResourceDefinition, APIService, found "Aggregated"`,
  ],
  [
    'provides field unknown',
    edit('scope: Namespaced', 'scope: Namespaced, plural: x'),
    `${CM}: data.packages: [0].revisions[0].provides[0]: must NOT have additional property 'plural' (accepted: group, kind, resource, versions, scope, source)`,
  ],
  [
    // The package every input uses: a package's own entries are checked when a lookup reads it (rule catalog-lazy).
    'an APIService entry with a kind',
    edit(
      '{group: cert-manager.io, kind: Certificate, resource: certificates, versions: [v1], scope: Namespaced}',
      '{group: cert-manager.io, kind: Certificate, versions: [v1], source: APIService}',
    ),
    `${CM}: data.packages: [0].revisions[0].provides[0]: an APIService entry lists only group and versions (its kinds are unknown), found kind; remove it or set source: CustomResourceDefinition`,
  ],
  [
    'a CRD entry without a kind',
    edit(
      '{group: cert-manager.io, kind: Certificate, resource: certificates, versions: [v1], scope: Namespaced}',
      '{group: cert-manager.io, resource: certificates, versions: [v1], scope: Namespaced}',
    ),
    `${CM}: data.packages: [0].revisions[0].provides[0]: must have required property 'kind' (a CustomResourceDefinition entry names its kind; set source: APIService when only the group and versions are known)`,
  ],
  [
    'requires without version',
    edit('{group: example.com, version: v1, kind: Widget}', '{group: example.com, kind: Widget}'),
    `${CM}: data.packages: [0].revisions[0].requires[0]: must have required property 'version'`,
  ],
  [
    'dependsOn without package',
    edit('{repository: catalog, package: widgets}', '{repository: catalog}'),
    `${CM}: data.packages: [0].revisions[0].dependsOn[0]: must have required property 'package'`,
  ],
  [
    'installed without target',
    catalogItem(PACKAGES, '- {repository: catalog, package: cert-manager, revision: "1"}'),
    `${CM}: data.installed: [0]: must have required property 'target'`,
  ],
  [
    'installed twice on one target',
    catalogItem(
      PACKAGES,
      `${INSTALLED}\n- {target: edge01, repository: catalog, package: cert-manager, revision: "2"}`,
    ),
    `${CM}: data.installed: [1]: target edge01 lists catalog/cert-manager again (first at [0]); a target runs one revision of a package, keep one entry`,
  ],
  [
    'platform without group',
    catalogItem(PACKAGES, INSTALLED, '- {kind: Widget}'),
    `${CM}: data.platform: [0]: must have required property 'group'`,
  ],
  [
    'platform kind empty',
    catalogItem(PACKAGES, INSTALLED, '- {group: x.io, kind: ""}'),
    `${CM}: data.platform: [0].kind: must NOT have fewer than 1 characters`,
  ],
];

/** Functions that read the catalog: they report a catalog in a format they do not know. */
const catalogReaders = reporting(
  (fn) => input(fn, { catalogText: catalogRows[0]?.[1] }),
  'annotation pkgdeps.dev/catalog is "v2"',
);

describe.each(functions)('$name on a catalog that breaks its schema', (fn) => {
  it.each(catalogRows)('%s', (_label, catalogText, message) => {
    const output = run(fn, input(fn, { catalogText }));
    if (!catalogReaders.includes(fn)) return;
    expect(output.exitCode).toBe(1);
    expect(resultsOf(output).filter((result) => result.severity === 'error')).toEqual([{ severity: 'error', message }]);
  });
});

it('some functions read the catalog', () => {
  expect(catalogReaders.length).toBeGreaterThan(0);
});

describe.each(catalogReaders)('$name on an alias bomb inside a catalog string', (fn) => {
  // 60 packages x 60 revisions x 60 APIs x 60 versions through aliases: 3 KB of YAML.
  const bomb = `- &P\n  repository: r\n  package: cm\n  revisions: [&R {revision: "1", lifecycle: Published, provides: [&A {group: g.io, kind: K, versions: [${Array(60).fill('v1').join(', ')}]}, ${Array(59).fill('*A').join(', ')}]}, ${Array(59).fill('*R').join(', ')}]\n- ${Array(59).fill('*P').join('\n- ')}`;
  it('answers at once with one error about the aliases', () => {
    const started = performance.now();
    const output = run(fn, input(fn, { catalogText: catalogItem(bomb) }));
    expect(performance.now() - started).toBeLessThan(5_000);
    const errors = resultsOf(output).filter((result) => result.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/^ConfigMap package-catalog: data\.packages: .*alias/);
  });
});

// ---------------------------------------------------------------------------------------------
// Catalog content a function must survive: dependsOn cycles, preferences for unknown packages,
// a target with nothing installed, names past 63 characters

function cyclic(): CatalogModel {
  const catalog = baseCatalog();
  const trust = catalog.packages[1];
  if (trust === undefined) throw new Error('no trust package');
  trust.revisions = [revision('1', { dependsOn: [{ repository: 'catalog', package: 'cert-manager' }] })];
  return catalog;
}

describe.each(functions)('$name on catalog content it must survive', (fn) => {
  it('ends on a dependsOn cycle', () => {
    const output = run(fn, input(fn, { catalog: cyclic() }));
    const cycle =
      'dependsOn cycle: catalog/cert-manager revision "2" -> catalog/trust revision "1" -> catalog/cert-manager; ' +
      'none of these packages can be installed first: remove one of these dependsOn entries from the catalog';
    // docs/SPEC.md section 5: emit-package-variants reports a cycle as an error result printing the whole cycle.
    if (fn.name === 'emit-package-variants')
      expect(resultsOf(output)).toContainEqual({ severity: 'error', message: cycle });
  });

  it('warns about preferences that name packages the catalog does not know', () => {
    const preferences = [{ group: 'cert-manager.io', repository: 'nowhere', package: 'nothing' }];
    const output = run(fn, input(fn, { config: { preferences } }));
    if (fn.spec?.properties.preferences === undefined) return;
    const warnings = resultsOf(output).filter((result) => result.message.startsWith('preference for'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.severity).toBe('warning');
    expect(warnings[0]?.message).toMatch(
      /^preference for cert-manager\.io names nowhere\/nothing, which is not in catalog "?package-catalog"?; it settles nothing$/,
    );
  });

  it('works for a target with nothing installed', () => {
    const output = run(fn, input(fn, { config: { target: 'edge99' } }));
    const claims = resultsOf(output).filter((result) => /(?<!neither )installed on edge99/.test(result.message));
    expect(claims).toEqual([]);
  });

  it('keeps names past 63 characters and writes none itself', () => {
    const longPackage = `cert-manager-${'x'.repeat(60)}`;
    const catalog = baseCatalog();
    const certManager = catalog.packages[0];
    if (certManager === undefined) throw new Error('no cert-manager package');
    certManager.package = longPackage;
    catalog.installed = [];
    const name = `cert-${'y'.repeat(70)}`;
    const output = run(
      fn,
      input(fn, { catalog, items: [KPTFILE, certificate(name)], config: { package: longPackage } }),
    );
    expect(output.stdout).toContain(`name: ${name}`);
    const generated =
      (
        parse(output.stdout) as {
          items?: Array<{ metadata?: { name?: string; annotations?: Record<string, string> } }>;
        }
      ).items ?? [];
    for (const item of generated.filter((i) => i.metadata?.annotations?.['pkgdeps.dev/generated-by'] !== undefined)) {
      expect(item.metadata?.name).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
    }
    // docs/SPEC.md rule package-variants: emit-package-variants names its PackageVariants <target>-<package>,
    // shortened with a hash past 63.
    if (fn.name === 'emit-package-variants')
      expect(output.stdout).toMatch(/name: edge02-cert-manager-x+-[0-9a-f]{4,}\n/);
  });
});

// ---------------------------------------------------------------------------------------------
// The runtime under every function: what a function's own mistakes turn into

describe('a function whose edit cannot be printed', () => {
  it('gives the input back unchanged with one error result, not an exception', () => {
    const text = `${HEADER}items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n  data: &shared\n    k: v\n  copy: *shared\n`;
    const dropsTheAnchor = (list: Parameters<RegisteredFunction['processor']>[0]): [] => {
      list.items[0]?.set('data', 'replaced');
      return [];
    };
    const output = processText(text, dropsTheAnchor, 'fn');
    expect(output.exitCode).toBe(1);
    expect(output.stdout.startsWith(text)).toBe(true);
    expect(resultsOf(output)).toEqual([
      {
        severity: 'error',
        message:
          'fn stopped on an internal error, nothing was changed: Unresolved alias (the anchor must be set before the alias): shared',
      },
    ]);
  });
});
