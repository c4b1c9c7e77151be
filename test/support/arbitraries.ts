import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import { isMap, isSeq, parseDocument } from 'yaml';
import { readPackageDir } from '../../src/krm/index.js';

/**
 * fast-check generators of what pkgdeps functions read: catalogs and kpt packages as
 * ResourceList text the way kpt sends it, written by hand so that comments, quoting, flow
 * maps, block scalars, odd plain scalars, key order and stale pkgdeps annotations all occur.
 * Models are plain data (readable in counterexamples); `render*` turn them into YAML text.
 */

// ---------------------------------------------------------------------------------------------
// YAML values with the styles users write

export type ScalarModel =
  | { type: 'plain'; text: string }
  | { type: 'single'; value: string }
  | { type: 'double'; value: string }
  | { type: 'block'; header: '|' | '|-' | '|+' | '>-' | '>'; lines: string[] }
  | { type: 'flow'; text: string };

export interface Entry {
  key: string;
  value: ScalarModel | MapModel | SeqModel;
  comment?: string;
  commentBefore?: string;
  blankBefore?: boolean;
}
export interface MapModel {
  type: 'map';
  entries: Entry[];
}
export interface SeqModel {
  type: 'seq';
  values: Array<ScalarModel | MapModel>;
  indented: boolean;
}

/** Plain scalars whose source text differs from how a YAML library would print their value. */
const ODD_PLAIN = [
  '010',
  '0x1F',
  '0o17',
  '~',
  'null',
  'Null',
  'yes',
  'no',
  'on',
  'True',
  'FALSE',
  '1e3',
  '+7',
  '.5',
  '.inf',
  '-.Inf',
  '.NaN',
  '2001-12-14',
  '2001-12-14t21:59:43.10-05:00',
  '1_000',
  '12:30',
  '1.50',
  '-0',
  '0.',
  'a b  c',
  'x#y',
  'a:b',
  'http://x.example/z?a=b&c',
  'café',
  '✓ ok',
  '日本語',
  '🚀',
  '?x',
  'a,b',
  'pkgdeps',
  'v1.2.3-rc.1+build',
];

const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
const commentText = fc.constantFrom('note', 'keep me', 'TODO: check', '# double', 'x: y', "it's", 'üñí', '');

const scalar: Arbitrary<ScalarModel> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...ODD_PLAIN).map((text) => ({ type: 'plain' as const, text })) },
  { weight: 3, arbitrary: word.map((text) => ({ type: 'plain' as const, text })) },
  {
    weight: 2,
    arbitrary: fc
      .string({ unit: 'grapheme', maxLength: 20 })
      .filter((s) => !/[\n\r]/.test(s))
      .map((value) => ({ type: 'single' as const, value })),
  },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        fc.constantFrom('tab\there', 'line\nbreak', 'nul\u0000', 'bell\u0007', ' lead', 'trail ', '"q"', '\\'),
      )
      .map((value) => ({ type: 'double' as const, value })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        header: fc.constantFrom('|' as const, '|-' as const, '|+' as const, '>-' as const, '>' as const),
        lines: fc.array(fc.oneof(fc.stringMatching(/^[a-z0-9.:#-][a-z0-9 .:#-]{0,30}$/), fc.constant('')), {
          minLength: 1,
          maxLength: 4,
        }),
      })
      .filter(({ lines }) => lines[0] !== '')
      .map(({ header, lines }) => ({ type: 'block' as const, header, lines })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('{}', '[]', '{a: 1, b: [x, "y"]}', '[1, two, {3: x}]', "{k: 'v', n: ~}", '[a, b]')
      .map((text) => ({ type: 'flow' as const, text })),
  },
  {
    weight: 1,
    arbitrary: fc
      .string({ unit: 'grapheme-ascii', minLength: 300, maxLength: 600 })
      .map((value) => ({ type: 'double' as const, value })),
  },
);

function mapOf(values: Arbitrary<ScalarModel | MapModel | SeqModel>, maxEntries: number): Arbitrary<MapModel> {
  return fc
    .uniqueArray(
      fc.record(
        {
          key: fc.oneof(word, fc.constantFrom('"quoted.key/x"', "'single'", 'with space', 'UPPER', 'x-y_z')),
          value: values,
          comment: commentText,
          commentBefore: commentText,
          blankBefore: fc.boolean(),
        },
        { requiredKeys: ['key', 'value'] },
      ),
      { selector: (entry) => entry.key, maxLength: maxEntries },
    )
    .map((entries) => ({ type: 'map' as const, entries }));
}

/** User content: maps of odd scalars, nested maps and lists, two levels deep. */
export const userMap: Arbitrary<MapModel> = fc.letrec<{ map: MapModel; value: ScalarModel | MapModel | SeqModel }>(
  (tie) => ({
    map: mapOf(tie('value'), 4),
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar,
      tie('map'),
      fc.record({
        type: fc.constant('seq' as const),
        values: fc.array(fc.oneof(scalar, tie('map') as Arbitrary<MapModel>), { maxLength: 3 }),
        indented: fc.boolean(),
      }),
    ),
  }),
).map;

function renderScalar(model: ScalarModel, indent: number): string {
  switch (model.type) {
    case 'plain':
    case 'flow':
      return model.text;
    case 'single':
      return `'${model.value.replace(/'/g, "''")}'`;
    case 'double':
      return JSON.stringify(model.value);
    case 'block':
      return `${model.header}\n${model.lines.map((line) => (line === '' ? '' : `${' '.repeat(indent + 2)}${line}`)).join('\n')}`;
  }
}

function isBlockScalar(value: Entry['value']): boolean {
  return value.type === 'block';
}

/** Block-style lines of a map at `indent` spaces. */
export function renderMap(map: MapModel, indent = 0): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const entry of map.entries) {
    if (entry.blankBefore === true && lines.length > 0) lines.push('');
    if (entry.commentBefore !== undefined) lines.push(`${pad}# ${entry.commentBefore}`);
    const trailing = entry.comment === undefined || isBlockScalar(entry.value) ? '' : ` # ${entry.comment}`;
    const { value } = entry;
    if (value.type === 'map') {
      if (value.entries.length === 0) lines.push(`${pad}${entry.key}: {}${trailing}`);
      else lines.push(`${pad}${entry.key}:${trailing}`, ...renderMap(value, indent + 2));
    } else if (value.type === 'seq') {
      if (value.values.length === 0) lines.push(`${pad}${entry.key}: []${trailing}`);
      else lines.push(`${pad}${entry.key}:${trailing}`, ...renderSeq(value, value.indented ? indent + 2 : indent));
    } else {
      lines.push(...`${pad}${entry.key}: ${renderScalar(value, indent)}${trailing}`.split('\n'));
    }
  }
  return lines;
}

function renderSeq(seq: SeqModel, indent: number): string[] {
  const pad = ' '.repeat(indent);
  return seq.values.flatMap((value) => {
    if (value.type !== 'map') return `${pad}- ${renderScalar(value, indent)}`.split('\n');
    if (value.entries.length === 0) return [`${pad}- {}`];
    const [first = '', ...rest] = renderMap(value, indent + 2);
    return [`${pad}- ${first.trimStart()}`, ...rest];
  });
}

// ---------------------------------------------------------------------------------------------
// Catalogs

const API_POOL = [
  { group: 'cert-manager.io', kind: 'Certificate' },
  { group: 'cert-manager.io', kind: 'Issuer' },
  { group: 'metallb.io', kind: 'IPAddressPool' },
  { group: 'monitoring.coreos.com', kind: 'ServiceMonitor' },
  { group: 'example.com', kind: 'Widget' },
  { group: 'infra.nephio.org', kind: 'WorkloadCluster' },
] as const;
const VERSIONS = ['v1', 'v1beta1', 'v1alpha1', 'v2'];
const REPOSITORIES = ['catalog', 'sandbox', 'extras'];
const PACKAGE_NAMES = [
  'cert-manager',
  'metallb',
  'prometheus',
  'widgets',
  'nephio-infra',
  'a-package-name-that-is-long-enough-to-push-package-variant-names-past-63-characters',
];
export const TARGETS = ['edge01', 'edge02'];

export interface ApiModel {
  group: string;
  kind?: string;
  resource?: string;
  versions: string[];
  source?: 'APIService';
}
export interface RevisionModel {
  revision: string;
  unquoted: boolean;
  workspaceName?: string;
  lifecycle: string;
  provides: ApiModel[];
  requires: Array<{ group: string; version: string; kind: string }>;
  dependsOn: Array<{ repository: string; package: string }>;
}
export interface PackageModel {
  repository: string;
  package: string;
  revisions: RevisionModel[];
}
export interface CatalogModel {
  name: string;
  packages: PackageModel[];
  installed: Array<{ target: string; repository: string; package: string; revision: string }>;
  platform: Array<{ group: string; kind?: string }>;
}

const REVISION_FORMS: Record<string, string[]> = {
  integer: ['1', '2', '3', '10'],
  v: ['v1', 'v2', 'v3', 'v10'],
  semver: ['1.0.0', '1.2.0', '2.0.0-rc.1', 'v2.1.0'],
  broken: ['1', 'latest', '1.x'],
};

const apiModel: Arbitrary<ApiModel> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({
        api: fc.constantFrom(...API_POOL),
        versions: fc.subarray(VERSIONS, { minLength: 1 }),
        resource: fc.boolean(),
      })
      .map(({ api, versions, resource }) => ({
        group: api.group,
        kind: api.kind,
        versions,
        ...(resource ? { resource: `${api.kind.toLowerCase()}s` } : {}),
      })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ api: fc.constantFrom(...API_POOL), versions: fc.subarray(VERSIONS, { minLength: 1 }) })
      .map(({ api, versions }) => ({ group: api.group, versions, source: 'APIService' as const })),
  },
);

const refModel = fc.record({
  repository: fc.constantFrom(...REPOSITORIES),
  package: fc.constantFrom(...PACKAGE_NAMES),
});

function revisionsModel(form: string): Arbitrary<RevisionModel[]> {
  return fc
    .subarray([...(REVISION_FORMS[form] ?? []), ...(form === 'broken' ? [] : ['main'])], { minLength: 1 })
    .chain((names) =>
      fc.tuple(
        ...names.map((revision) =>
          fc.record(
            {
              revision: fc.constant(revision),
              unquoted: fc.boolean(),
              workspaceName: fc.option(fc.constant(`ws-${revision}`), { nil: undefined }),
              lifecycle: fc.constantFrom(
                'Published',
                'Published',
                'Published',
                'Draft',
                'Proposed',
                'DeletionProposed',
              ),
              provides: fc.array(apiModel, { maxLength: 3 }),
              requires: fc.array(
                fc
                  .record({ api: fc.constantFrom(...API_POOL), version: fc.constantFrom(...VERSIONS) })
                  .map(({ api, version }) => ({ ...api, version })),
                { maxLength: 2 },
              ),
              dependsOn: fc.array(refModel, { maxLength: 2 }),
            },
            { requiredKeys: ['revision', 'unquoted', 'lifecycle', 'provides', 'requires', 'dependsOn'] },
          ),
        ),
      ),
    );
}

const packageModel: Arbitrary<PackageModel> = fc
  .record({
    ref: refModel,
    form: fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom('integer', 'integer', 'v', 'semver') },
      { weight: 1, arbitrary: fc.constant('broken') },
    ),
  })
  .chain(({ ref, form }) => revisionsModel(form).map((revisions) => ({ ...ref, revisions })));

/**
 * A catalog: packages with revisions in one form (sometimes an unparsable one), dependsOn that may cycle, installed
 * entries on two targets.
 */
export const catalogModel: Arbitrary<CatalogModel> = fc
  .uniqueArray(packageModel, { selector: (pkg) => `${pkg.repository}/${pkg.package}`, minLength: 1, maxLength: 4 })
  .chain((packages) =>
    fc.record({
      name: fc.constant('package-catalog'),
      packages: fc.constant(packages),
      installed: fc.uniqueArray(
        fc
          .record({
            target: fc.constantFrom(...TARGETS),
            pkg: fc.constantFrom(...packages),
            index: fc.nat(),
          })
          .map(({ target, pkg, index }) => ({
            target,
            repository: pkg.repository,
            package: pkg.package,
            revision: pkg.revisions[index % pkg.revisions.length]?.revision ?? '1',
          })),
        { selector: (entry) => `${entry.target}/${entry.repository}/${entry.package}`, maxLength: 3 },
      ),
      platform: fc.subarray(
        [{ group: 'monitoring.coreos.com' }, { group: 'example.com', kind: 'Widget' }, { group: 'infra.nephio.org' }],
        { maxLength: 2 },
      ),
    }),
  );

function renderApi(api: ApiModel): string {
  const fields = [`group: ${api.group}`];
  if (api.kind !== undefined) fields.push(`kind: ${api.kind}`);
  if (api.resource !== undefined) fields.push(`resource: ${api.resource}`);
  fields.push(`versions: [${api.versions.join(', ')}]`);
  if (api.source !== undefined) fields.push(`source: ${api.source}`);
  return `{${fields.join(', ')}}`;
}

/** The YAML of `data.packages`, block lists with flow entries, as people write it. */
export function renderPackages(packages: PackageModel[]): string {
  const lines: string[] = [];
  for (const pkg of packages) {
    lines.push(`- repository: ${pkg.repository}`, `  package: ${pkg.package}`, '  revisions:');
    for (const rev of pkg.revisions) {
      const numeric = /^\d+$/.test(rev.revision) && rev.unquoted;
      lines.push(`    - revision: ${numeric ? rev.revision : JSON.stringify(rev.revision)}`);
      if (rev.workspaceName !== undefined) lines.push(`      workspaceName: ${rev.workspaceName}`);
      lines.push(`      lifecycle: ${rev.lifecycle}`);
      lines.push(`      provides: [${rev.provides.map(renderApi).join(', ')}]`);
      if (rev.requires.length > 0)
        lines.push(
          `      requires: [${rev.requires.map((api) => `{group: ${api.group}, version: ${api.version}, kind: ${api.kind}}`).join(', ')}]`,
        );
      if (rev.dependsOn.length > 0)
        lines.push(
          `      dependsOn: [${rev.dependsOn.map((ref) => `{repository: ${ref.repository}, package: ${ref.package}}`).join(', ')}]`,
        );
    }
  }
  return lines.length === 0 ? '[]' : lines.join('\n');
}

function blockString(key: string, text: string, indent: number): string[] {
  const pad = ' '.repeat(indent);
  return [`${pad}${key}: |`, ...text.split('\n').map((line) => (line === '' ? '' : `${pad}  ${line}`))];
}

/** The catalog ConfigMap; `extraData` adds string fields to `data` (function config fields). */
export function renderCatalog(catalog: CatalogModel, extraData: Record<string, string> = {}): string[] {
  const installed = catalog.installed
    .map(
      (entry) =>
        `- {target: ${entry.target}, repository: ${entry.repository}, package: ${entry.package}, revision: "${entry.revision}"}`,
    )
    .join('\n');
  const platform = catalog.platform
    .map((entry) => `- {group: ${entry.group}${entry.kind === undefined ? '' : `, kind: ${entry.kind}`}}`)
    .join('\n');
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: ${catalog.name}`,
    '  annotations:',
    '    config.kubernetes.io/local-config: "true"',
    '    pkgdeps.dev/catalog: "v1"',
    "    internal.config.kubernetes.io/path: 'catalog.yaml'",
    "    internal.config.kubernetes.io/index: '0'",
    'data:',
    ...blockString('packages', renderPackages(catalog.packages), 2),
    ...(installed === '' ? [] : blockString('installed', installed, 2)),
    ...(platform === '' ? [] : blockString('platform', platform, 2)),
    ...Object.entries(extraData).map(([key, value]) => `  ${key}: ${JSON.stringify(value)}`),
  ];
}

// ---------------------------------------------------------------------------------------------
// Packages as kpt sends them

export type ItemKind =
  'api' | 'platform' | 'crd' | 'apiservice' | 'role' | 'package-variant' | 'generated-variant' | 'local-config';

export interface ItemModel {
  kind: ItemKind;
  api: { group: string; kind: string };
  version: string;
  name: string;
  /** Index of the package (directory) the item lives in; -1: no path annotation. */
  dir: number;
  ref: { repository: string; package: string };
  target: string;
  rules: Array<{ groups: string[]; resources: string[] }>;
  fieldOrder: number[];
  metadataStyle: 'block' | 'flow-annotations' | 'no-annotations' | 'flow-metadata';
  quote: '"' | "'" | '';
  stale: boolean;
  commentAbove?: string;
  body: MapModel;
  userAnnotations: MapModel;
}

const itemModel: Arbitrary<ItemModel> = fc.record(
  {
    kind: fc.constantFrom<ItemKind>(
      'api',
      'api',
      'api',
      'platform',
      'platform',
      'crd',
      'apiservice',
      'role',
      'package-variant',
      'generated-variant',
      'local-config',
    ),
    api: fc.constantFrom(...API_POOL),
    version: fc.constantFrom(...VERSIONS),
    name: fc.oneof(word, fc.constant('a-resource-name-that-is-much-longer-than-sixty-three-characters-in-total-x')),
    dir: fc.integer({ min: -1, max: 2 }),
    ref: refModel,
    target: fc.constantFrom(...TARGETS, 'edge99'),
    rules: fc.array(
      fc.record({
        groups: fc.subarray(['cert-manager.io', 'metallb.io', 'example.com', '', 'apps', '*', 'unknown.example.org'], {
          minLength: 1,
          maxLength: 2,
        }),
        resources: fc.subarray(
          ['certificates', 'issuers/status', 'ipaddresspools', 'widgets', 'secrets', '*', 'nothings'],
          { minLength: 1, maxLength: 2 },
        ),
      }),
      { maxLength: 3 },
    ),
    fieldOrder: fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 }),
    metadataStyle: fc.constantFrom(
      'block' as const,
      'block' as const,
      'flow-annotations' as const,
      'no-annotations' as const,
      'flow-metadata' as const,
    ),
    quote: fc.constantFrom('"' as const, "'" as const, '' as const),
    stale: fc.boolean(),
    commentAbove: commentText,
    body: userMap,
    userAnnotations: mapOf(scalar, 2),
  },
  {
    requiredKeys: [
      'kind',
      'api',
      'version',
      'name',
      'dir',
      'ref',
      'target',
      'rules',
      'fieldOrder',
      'metadataStyle',
      'quote',
      'stale',
      'body',
      'userAnnotations',
    ],
  },
);

export interface PackageListModel {
  /** Package directories: `''` is the root; a name with `/` is a subpackage. */
  dirs: string[];
  kptfileNames: string[];
  items: ItemModel[];
  catalog: CatalogModel;
  catalogAs: 'item' | 'config' | 'none' | 'two';
  previousResults: boolean;
}

/** One or several kpt packages (as `kpt fn source` of a repository gives) with a catalog. */
export const packageListModel: Arbitrary<PackageListModel> = fc.record({
  dirs: fc.constantFrom([''], [''], ['a', 'b'], ['', 'sub/inner'], ['a', 'a/sub', 'b']),
  kptfileNames: fc.array(fc.oneof(word, fc.constantFrom(...PACKAGE_NAMES)), { minLength: 3, maxLength: 3 }),
  items: fc.array(itemModel, { maxLength: 8 }),
  catalog: catalogModel,
  catalogAs: fc.oneof(
    { weight: 12, arbitrary: fc.constant('item' as const) },
    { weight: 2, arbitrary: fc.constant('config' as const) },
    fc.constantFrom('none' as const, 'two' as const),
  ),
  previousResults: fc.boolean(),
});

function quoted(value: string, quote: ItemModel['quote']): string {
  if (quote === "'") return `'${value.replace(/'/g, "''")}'`;
  return quote === '"'
    ? JSON.stringify(value)
    : /^[a-z0-9][a-z0-9./-]*$/i.test(value) && !/^\d+$/.test(value)
      ? value
      : JSON.stringify(value);
}

function pathIn(dir: string | undefined, file: string): string {
  return dir === undefined || dir === '' ? file : `${dir}/${file}`;
}

function itemHead(
  item: ItemModel,
  model: PackageListModel,
): { apiVersion: string; kind: string; extra: string[]; annotations: Array<[string, string]> } {
  const dirIndex = item.dir < 0 ? undefined : item.dir % model.dirs.length;
  const dir = dirIndex === undefined ? undefined : model.dirs[dirIndex];
  const file = `${item.kind}-${item.name.slice(0, 20)}.yaml`;
  const annotations: Array<[string, string]> =
    dir === undefined
      ? []
      : [
          ['internal.config.kubernetes.io/path', pathIn(dir, file)],
          ['internal.config.kubernetes.io/index', '0'],
          ['config.k8s.io/id', '1'],
        ];
  const { group, kind } = item.api;
  const plural = `${kind.toLowerCase()}s`;
  switch (item.kind) {
    case 'api':
      return { apiVersion: `${group}/${item.version}`, kind, extra: [], annotations };
    case 'platform':
      return {
        apiVersion: item.version === 'v1' ? 'v1' : 'apps/v1',
        kind: item.version === 'v1' ? 'ConfigMap' : 'Deployment',
        extra: [],
        annotations,
      };
    case 'crd':
      return {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        extra: [
          'spec:',
          `  group: ${group}`,
          '  names:',
          `    kind: ${kind}`,
          `    plural: ${plural}`,
          '  versions:',
          `  - name: ${item.version}`,
          '    served: true',
        ],
        annotations,
      };
    case 'apiservice':
      return {
        apiVersion: 'apiregistration.k8s.io/v1',
        kind: 'APIService',
        extra: [
          'spec:',
          `  group: ${group}`,
          `  version: ${item.version}`,
          '  service: {name: api, namespace: default}',
        ],
        annotations,
      };
    case 'role':
      return {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: item.version === 'v1' ? 'ClusterRole' : 'Role',
        extra: [
          'rules:',
          ...item.rules.flatMap((rule) => [
            `- apiGroups: [${rule.groups.map((g) => JSON.stringify(g)).join(', ')}]`,
            `  resources: [${rule.resources.map((r) => JSON.stringify(r)).join(', ')}]`,
            '  verbs: [get]',
          ]),
        ],
        annotations,
      };
    case 'package-variant':
    case 'generated-variant': {
      const name = `${item.target}-${item.ref.package}`.slice(0, 63).replace(/-+$/, '');
      const generatedBy = model.kptfileNames[dirIndex ?? 0] ?? 'app';
      const generated: Array<[string, string]> = [
        ['internal.config.kubernetes.io/path', pathIn(dir, `package-variants/${name}.yaml`)],
        ['internal.config.kubernetes.io/index', '0'],
        ['pkgdeps.dev/generated-by', generatedBy],
        ['pkgdeps.dev/required-by', `${item.ref.repository}/${item.ref.package}`],
      ];
      return {
        apiVersion: 'config.porch.kpt.dev/v1alpha1',
        kind: 'PackageVariant',
        extra: [
          'spec:',
          `  upstream: {repo: ${item.ref.repository}, package: ${item.ref.package}, revision: "1"}`,
          `  downstream: {repo: ${item.target}, package: ${name}}`,
        ],
        annotations: item.kind === 'generated-variant' ? generated : annotations,
      };
    }
    case 'local-config':
      annotations.unshift(['config.kubernetes.io/local-config', 'true']);
      return { apiVersion: `${group}/${item.version}`, kind, extra: [], annotations };
  }
}

/** One item as block YAML lines at indent 0, fields in the item's own order. */
export function renderItem(item: ItemModel, model: PackageListModel): string[] {
  const head = itemHead(item, model);
  const annotations = [...head.annotations];
  if (item.stale) annotations.push(['pkgdeps.dev/provided-by', 'stale/package']);
  const user = renderMap(item.userAnnotations, 4);
  let metadata: string[];
  const pairs = annotations.map(([key, value]) => `${key}: ${quoted(value, item.quote)}`);
  if (item.metadataStyle === 'flow-metadata' && item.userAnnotations.entries.length === 0) {
    metadata = [
      `metadata: {name: ${quoted(item.name, item.quote)}${pairs.length > 0 ? `, annotations: {${pairs.join(', ')}}` : ''}}`,
    ];
  } else if (
    item.metadataStyle === 'flow-annotations' &&
    item.userAnnotations.entries.length === 0 &&
    pairs.length > 0
  ) {
    metadata = ['metadata:', `  name: ${quoted(item.name, item.quote)}`, `  annotations: {${pairs.join(', ')}}`];
  } else if (item.metadataStyle === 'no-annotations' || (pairs.length === 0 && user.length === 0)) {
    metadata = ['metadata:', `  name: ${quoted(item.name, item.quote)} # the name`];
  } else {
    metadata = [
      'metadata:',
      `  name: ${quoted(item.name, item.quote)}`,
      '  annotations:',
      ...pairs.map((pair) => `    ${pair}`),
      ...user,
    ];
  }
  const fields = [
    [`apiVersion: ${head.apiVersion}`],
    [`kind: ${head.kind}`],
    metadata,
    [
      ...head.extra,
      ...renderMap({
        type: 'map',
        entries: item.body.entries.filter((e) => !['apiVersion', 'kind', 'metadata', 'spec', 'rules'].includes(e.key)),
      }),
    ],
  ];
  return item.fieldOrder.flatMap((index) => fields[index] ?? []);
}

function kptfileLines(name: string, dir: string, stale: boolean): string[] {
  return [
    '# the package',
    'apiVersion: kpt.dev/v1',
    'kind: Kptfile',
    'metadata:',
    `  name: ${name}`,
    '  annotations:',
    '    config.kubernetes.io/local-config: "true"',
    `    internal.config.kubernetes.io/path: '${pathIn(dir, 'Kptfile')}'`,
    "    internal.config.kubernetes.io/index: '0'",
    ...(stale
      ? ['    pkgdeps.dev/depends-on: "stale/one,stale/two"', "    pkgdeps.dev/requires-apis: 'old.io/v1/Thing'"]
      : []),
    'info:',
    `  description: package ${name} # generated`,
  ];
}

/** Indents an item's lines under `items:` (`- ` on the first line). */
export function asListItem(lines: string[], commentAbove?: string): string {
  const [first = '{}', ...rest] = lines.filter((line, i) => !(i === 0 && line.startsWith('#')));
  const leading = lines[0]?.startsWith('#') === true ? [`- ${lines[0]}`, `  ${first}`] : [`- ${first}`];
  const above = commentAbove === undefined ? [] : [`# ${commentAbove}`];
  return [...above, ...leading, ...rest.map((line) => (line === '' ? '' : `  ${line}`))].join('\n');
}

const PREVIOUS_RESULTS = 'results:\n- message: from an earlier run\n  severity: warning\n';

/** The ResourceList text of a model, with `functionConfig` (YAML lines) when given. */
export function renderPackageList(model: PackageListModel, functionConfig?: string[]): string {
  const items: string[] = [];
  model.dirs.forEach((dir, i) => items.push(asListItem(kptfileLines(model.kptfileNames[i] ?? 'app', dir, i === 0))));
  for (const item of model.items) items.push(asListItem(renderItem(item, model), item.commentAbove));
  if (model.catalogAs === 'item' || model.catalogAs === 'two') items.push(asListItem(renderCatalog(model.catalog)));
  if (model.catalogAs === 'two') items.push(asListItem(renderCatalog({ ...model.catalog, name: 'other-catalog' })));
  const config =
    functionConfig === undefined
      ? ''
      : `functionConfig:\n${functionConfig.map((line) => (line === '' ? '' : `  ${line}`)).join('\n')}\n`;
  const results = model.previousResults ? PREVIOUS_RESULTS : '';
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items.join('\n')}\n${config}${results}`;
}

// ---------------------------------------------------------------------------------------------
// Function configs, from each function's ConfigSpec

/** The parts of a function's ConfigSpec the generator reads. */
export interface SpecShape {
  kind: string;
  properties: Record<string, { type?: unknown; enum?: unknown[]; pattern?: string }>;
  required?: readonly string[];
}

/** A value for one config field: catalog names for the fields that name catalog things, else by schema. */
function fieldValue(
  field: string,
  schema: SpecShape['properties'][string],
  catalog: CatalogModel,
  pick: number,
  wrong: boolean,
): unknown {
  const pkg = catalog.packages[pick % catalog.packages.length];
  const revisions = pkg?.revisions.map((rev) => rev.revision) ?? ['1'];
  if (wrong) return pick % 2 === 0 ? 12 : ['not', 'a', 'string'];
  if (field === 'repository') return pkg?.repository ?? 'catalog';
  if (field === 'package') return pkg?.package ?? 'missing';
  if (field === 'revision' || field === 'from') return revisions[pick % revisions.length];
  if (field === 'to') return revisions[(pick + 1) % revisions.length];
  if (field === 'target') return [...TARGETS, 'edge99'][pick % 3];
  if (field === 'catalog') return pick % 4 === 0 ? 'no-such-catalog' : catalog.name;
  if (field === 'preferences') {
    return catalog.packages.slice(0, 1 + (pick % 2)).map((p, i) => ({
      group: API_POOL[(pick + i) % API_POOL.length]?.group ?? 'x',
      repository: i === 1 ? 'unknown-repo' : p.repository,
      package: p.package,
    }));
  }
  if (Array.isArray(schema.enum)) return schema.enum[pick % schema.enum.length];
  if (schema.type === 'boolean') return pick % 2 === 0;
  if (schema.type === 'string' || (Array.isArray(schema.type) && schema.type.includes('string')))
    return field.toLowerCase().includes('dir') ? 'package-variants' : 'edge01';
  return undefined;
}

export interface ConfigModel {
  form: 'typed' | 'configmap' | 'none';
  /** Which optional fields to set (by index into the spec's properties), and one with a wrong type. */
  optional: number[];
  picks: number[];
  wrongField: number | undefined;
  unknownField: boolean;
}

export const configModel: Arbitrary<ConfigModel> = fc.record({
  form: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('typed' as const, 'typed' as const, 'configmap' as const) },
    { weight: 1, arbitrary: fc.constant('none' as const) },
  ),
  optional: fc.uniqueArray(fc.nat(12), { maxLength: 4 }),
  picks: fc.array(fc.nat(20), { minLength: 12, maxLength: 12 }),
  wrongField: fc.option(fc.nat(12), { nil: undefined, freq: 20 }),
  unknownField: fc.oneof({ weight: 20, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

/**
 * The fields of a function config: every required field, the chosen optional ones, each with
 * a value that names things of the catalog where the field does.
 */
export function configFields(spec: SpecShape, model: ConfigModel, catalog: CatalogModel): Record<string, unknown> {
  const names = Object.keys(spec.properties);
  const chosen = names.filter((name, i) => spec.required?.includes(name) === true || model.optional.includes(i));
  const fields: Record<string, unknown> = {};
  chosen.forEach((name) => {
    const i = names.indexOf(name);
    const value = fieldValue(name, spec.properties[name] ?? {}, catalog, model.picks[i] ?? 0, model.wrongField === i);
    if (value !== undefined) fields[name] = value;
  });
  if (model.unknownField) fields.traget = 'edge01';
  return fields;
}

/** A function config as YAML lines: the function's own kind, or a ConfigMap of strings. */
export function renderConfig(spec: SpecShape, fields: Record<string, unknown>, form: 'typed' | 'configmap'): string[] {
  if (form === 'typed') {
    const body = Object.entries(fields).map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
    return [
      'apiVersion: fn.pkgdeps.dev/v1alpha1',
      `kind: ${spec.kind}`,
      'metadata:',
      '  name: fn-config',
      '  annotations:',
      '    config.kubernetes.io/local-config: "true"',
      ...body,
    ];
  }
  const body = Object.entries(fields).map(([key, value]) => `  ${key}: ${JSON.stringify(configString(value))}`);
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: function-input',
    ...(body.length > 0 ? ['data:', ...body] : []),
  ];
}

/** The ConfigMap string form of a value (`preferences: "group=repo/pkg,..."`). */
function configString(value: unknown): string {
  if (Array.isArray(value)) {
    return value
      .map((entry) =>
        typeof entry === 'object' && entry !== null
          ? `${(entry as Record<string, string>).group}=${(entry as Record<string, string>).repository}/${(entry as Record<string, string>).package}`
          : String(entry),
      )
      .join(',');
  }
  return String(value);
}

/** The ResourceList text a function gets: packages, catalog and its config, as the model says. */
export function renderInput(model: PackageListModel, spec: SpecShape | undefined, config: ConfigModel): string {
  if (spec === undefined || config.form === 'none') return renderPackageList(model);
  const fields = configFields(spec, config, model.catalog);
  if (model.catalogAs === 'config') {
    const strings = Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, configString(value)]));
    return renderPackageList(model, renderCatalog(model.catalog, strings));
  }
  return renderPackageList(model, renderConfig(spec, fields, config.form));
}

/** Everything a property test needs for one function. */
export const inputModel = fc.record({ list: packageListModel, config: configModel });

// ---------------------------------------------------------------------------------------------
// A fixed package every function can work on: a Kptfile, a Certificate, a catalog, a config

export function revision(name: string, extra: Partial<RevisionModel> = {}): RevisionModel {
  return {
    revision: name,
    unquoted: false,
    lifecycle: 'Published',
    provides: [],
    requires: [],
    dependsOn: [],
    ...extra,
  };
}
const certificateApi = { group: 'cert-manager.io', kind: 'Certificate', resource: 'certificates', versions: ['v1'] };

export function baseCatalog(): CatalogModel {
  return {
    name: 'package-catalog',
    packages: [
      {
        repository: 'catalog',
        package: 'cert-manager',
        revisions: [
          revision('1', { provides: [certificateApi] }),
          revision('2', { provides: [certificateApi], dependsOn: [{ repository: 'catalog', package: 'trust' }] }),
        ],
      },
      { repository: 'catalog', package: 'trust', revisions: [revision('1')] },
    ],
    installed: [{ target: 'edge01', repository: 'catalog', package: 'cert-manager', revision: '1' }],
    platform: [],
  };
}

export const HEADER = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
export const KPTFILE = [
  'apiVersion: kpt.dev/v1',
  'kind: Kptfile',
  'metadata:',
  '  name: app',
  '  annotations:',
  '    config.kubernetes.io/local-config: "true"',
  "    internal.config.kubernetes.io/path: 'Kptfile'",
];

export function certificate(name = 'cert', metadataExtra: string[] = []): string[] {
  return [
    'apiVersion: cert-manager.io/v1',
    'kind: Certificate',
    'metadata:',
    `  name: ${name}`,
    '  annotations:',
    "    internal.config.kubernetes.io/path: 'cert.yaml'",
    ...metadataExtra,
    'spec:',
    '  secretName: cert-tls # keep',
  ];
}

export interface Scenario {
  items?: string[][];
  catalog?: CatalogModel;
  /** Replaces the rendered catalog item. */
  catalogText?: string;
  /** Fields set on top of the ones the function needs (undefined deletes one). */
  config?: Record<string, unknown>;
}

/** The function config a function needs for the base package: its required fields, target edge02. */
function baseConfig(spec: SpecShape, catalog: CatalogModel, extra: Record<string, unknown>): Record<string, unknown> {
  const names = Object.keys(spec.properties);
  const fields = configFields(
    spec,
    {
      form: 'typed',
      optional: [names.indexOf('target')],
      picks: names.map(() => 0),
      wrongField: undefined,
      unknownField: false,
    },
    catalog,
  );
  if ('target' in fields) fields.target = 'edge02';
  if ('to' in fields) fields.to = '2';
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined || !(key in spec.properties)) delete fields[key];
    else fields[key] = value;
  }
  return fields;
}

/** The base package as a ResourceList for a function (by its ConfigSpec), changed as `scenario` says. */
export function scenarioInput(spec: SpecShape | undefined, scenario: Scenario = {}): string {
  const catalog = scenario.catalog ?? baseCatalog();
  const items = (scenario.items ?? [KPTFILE, certificate()]).map((lines) => asListItem(lines));
  items.push(scenario.catalogText ?? asListItem(renderCatalog(catalog)));
  const config =
    spec === undefined ? [] : renderConfig(spec, baseConfig(spec, catalog, scenario.config ?? {}), 'typed');
  return `${HEADER}items:\n${items.join('\n')}\nfunctionConfig:\n${config.map((line) => `  ${line}`).join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// The examples, as kpt sends them

const examplesDir = fileURLToPath(new URL('../../examples/', import.meta.url));

/**
 * Each `examples/<name>/` as the ResourceList `kpt fn source` gives, with the example's own
 * config for the function (an item of kind `spec.kind`) as the function config when it has one.
 */
export function exampleInputs(spec: SpecShape | undefined): Array<{ name: string; text: string }> {
  return readdirSync(examplesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const doc = parseDocument(readPackageDir(join(examplesDir, name)).text);
      const items = doc.get('items', true);
      const config = isSeq(items)
        ? items.items.find(
            (item) =>
              isMap(item) && item.get('apiVersion') === 'fn.pkgdeps.dev/v1alpha1' && item.get('kind') === spec?.kind,
          )
        : undefined;
      if (isMap(config)) doc.set('functionConfig', config.clone());
      return { name, text: doc.toString({ lineWidth: 0, indentSeq: false }) };
    });
}
