import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A Kubernetes API server stand-in on 127.0.0.1 for `pkgdeps catalog from-cluster`: API
 * discovery (`/api`, `/apis`, `/apis/<group>/<version>`), namespaced lists of Porch
 * Repositories and PackageRevisions with `limit`/`continue` paging, PackageRevisionResources
 * by name, ConfigMaps of the namespace (get, create, update with resourceVersion: 409 when it
 * is stale or the name is taken, 422 over 1 MiB of data, as the real server checks), and the
 * Status objects the real server sends for 401, 403, 404, 409 and 422. Bodies follow the shapes
 * of k8s.io/apimachinery (APIVersions, APIGroupList, APIResourceList, List with
 * metadata.continue, Status). For a misbehaving server: answers rewritten (`rewrite`), and
 * PackageRevisions deleted between the list and the get of their resources (`gone`). Idle
 * connections stay open until the client closes them, as kube-apiserver keeps them (no idle
 * timeout), so a client that left one open would not exit.
 */

export interface FakeResource {
  name: string;
  kind: string;
  namespaced?: boolean;
}

export interface FakeConfigMap {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion?: string;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
  };
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
}

export interface FakeCluster {
  /** Served groups and their versions (`/apis`). */
  groups: Array<{ name: string; versions: string[] }>;
  /** Resources per `<group>/<version>`. */
  resources: Record<string, FakeResource[]>;
  namespace: string;
  repositories: unknown[];
  packageRevisions: Array<{ metadata: { name: string } }>;
  /** `spec.resources` of each PackageRevisionResources, by PackageRevision name. */
  packageResources: Record<string, Record<string, string>>;
  /** The ConfigMaps of the namespace, by name; writes change them. */
  configMaps: Record<string, FakeConfigMap>;
  /** The bearer token the server accepts. */
  token: string;
  /** Requests whose path starts with this (and of this method, when given) get a 403 Status naming the resource. */
  forbid?: { path: string; method?: string; verb: string; group: string; resource: string };
  /** The next this many ConfigMap writes meet another writer: it changes the ConfigMap first, so they answer 409. */
  interfere?: number;
  /** Requests whose path starts with this get no answer at all. */
  hang?: string;
  /** PackageRevisions still listed whose PackageRevisionResources answer 404 (deleted after the list). */
  gone?: string[];
  /** Milliseconds each PackageRevisionResources answer waits, so that requests overlap. */
  delay?: number;
  /** Rewrites the body of each 200 answer (a misbehaving server); its path is the request's. */
  rewrite?: (path: string, body: Record<string, unknown>) => unknown;
}

export interface Received {
  method: string;
  /** Path and query. */
  url: string;
}

export interface RunningServer {
  url: string;
  /** Every request, in order. */
  requests: Received[];
  /** The most requests that were answered at once so far. */
  peakInFlight(): number;
  /** The connections clients opened so far. */
  connections(): number;
  /** The connections open now. */
  openConnections(): number;
  close(): Promise<void>;
}

function send(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function status(
  res: ServerResponse,
  code: number,
  reason: string,
  message: string,
  details?: Record<string, string>,
): void {
  send(res, code, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details === undefined ? {} : { details }),
    code,
  });
}

function list(kind: string, apiVersion: string, items: unknown[], query: URLSearchParams): Record<string, unknown> {
  const limit = Number(query.get('limit') ?? '0');
  const token = query.get('continue');
  const start = token === null ? 0 : Number(Buffer.from(token, 'base64').toString('utf8'));
  const end = limit > 0 ? Math.min(items.length, start + limit) : items.length;
  const metadata: Record<string, unknown> = { resourceVersion: '4242' };
  if (end < items.length) {
    metadata.continue = Buffer.from(String(end)).toString('base64');
    metadata.remainingItemCount = items.length - end;
  }
  return { kind, apiVersion, metadata, items: items.slice(start, end) };
}

/** The most bytes of data a ConfigMap holds (k8s.io/kubernetes ValidateConfigMap: the values summed). */
const CONFIG_MAP_LIMIT = 1024 * 1024;

let resourceVersion = 1000;

function nextVersion(): string {
  resourceVersion += 1;
  return String(resourceVersion);
}

function dataBytes(configMap: FakeConfigMap): number {
  const values = [...Object.values(configMap.data ?? {}), ...Object.values(configMap.binaryData ?? {})];
  return values.reduce((sum, value) => sum + Buffer.byteLength(value, 'utf8'), 0);
}

/** The ConfigMap requests of the namespace; false when `path` is not one. */
function configMaps(fake: FakeCluster, req: IncomingMessage, path: string, body: string, res: ServerResponse): boolean {
  const match = new RegExp(`^/api/v1/namespaces/${fake.namespace}/configmaps(?:/([^/]+))?$`).exec(path);
  if (match === null) return false;
  const name = match[1];
  const details = (of: string) => ({ name: of, kind: 'configmaps' });
  const stored = name === undefined ? undefined : fake.configMaps[name];
  if (req.method === 'GET' && name !== undefined) {
    if (stored === undefined) status(res, 404, 'NotFound', `configmaps "${name}" not found`, details(name));
    else send(res, 200, stored);
    return true;
  }
  const write = (req.method === 'POST' && name === undefined) || (req.method === 'PUT' && name !== undefined);
  if (!write) {
    status(res, 405, 'MethodNotAllowed', `${req.method} is not supported on ${path}`);
    return true;
  }
  const sent = JSON.parse(body) as FakeConfigMap;
  const target = name ?? sent.metadata.name;
  if ((fake.interfere ?? 0) > 0) {
    fake.interfere = (fake.interfere ?? 0) - 1;
    const annotations = { 'pkgdeps.dev/catalog': 'v1' };
    const created: FakeConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: target, annotations } };
    const other = fake.configMaps[target] ?? created;
    const metadata = { ...other.metadata, namespace: fake.namespace, resourceVersion: nextVersion() };
    fake.configMaps[target] = { ...other, metadata, data: { ...other.data, other: 'writer' } };
  }
  const current = fake.configMaps[target];
  if (req.method === 'POST' && current !== undefined) {
    status(res, 409, 'AlreadyExists', `configmaps "${target}" already exists`, details(target));
    return true;
  }
  if (req.method === 'PUT' && current === undefined) {
    status(res, 404, 'NotFound', `configmaps "${target}" not found`, details(target));
    return true;
  }
  if (req.method === 'PUT' && sent.metadata.resourceVersion !== current?.metadata.resourceVersion) {
    const message =
      `Operation cannot be fulfilled on configmaps "${target}": the object has been modified; ` +
      'please apply your changes to the latest version and try again';
    status(res, 409, 'Conflict', message, details(target));
    return true;
  }
  if (dataBytes(sent) > CONFIG_MAP_LIMIT) {
    const message = `ConfigMap "${target}" is invalid: []: Too long: must have at most ${CONFIG_MAP_LIMIT} bytes`;
    status(res, 422, 'Invalid', message, details(target));
    return true;
  }
  const saved = { ...sent, metadata: { ...sent.metadata, namespace: fake.namespace, resourceVersion: nextVersion() } };
  fake.configMaps[target] = saved;
  send(res, req.method === 'POST' ? 201 : 200, saved);
  return true;
}

function route(fake: FakeCluster, req: IncomingMessage, body: string, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  const rewrite = fake.rewrite;
  const ok = (body: Record<string, unknown>) => send(res, 200, rewrite === undefined ? body : rewrite(path, body));
  if (fake.hang !== undefined && path.startsWith(fake.hang)) return;
  if (req.headers.authorization !== `Bearer ${fake.token}`) {
    status(res, 401, 'Unauthorized', 'Unauthorized');
    return;
  }
  const forbid = fake.forbid;
  if (forbid !== undefined && path.startsWith(forbid.path) && (forbid.method ?? req.method) === req.method) {
    const resource = forbid.group === '' ? forbid.resource : `${forbid.resource}.${forbid.group}`;
    const message =
      `${resource} is forbidden: User "system:serviceaccount:ci:reader" cannot ${forbid.verb} resource ` +
      `"${forbid.resource}" in API group "${forbid.group}" in the namespace "${fake.namespace}"`;
    status(res, 403, 'Forbidden', message, { group: forbid.group, kind: forbid.resource });
    return;
  }
  if (configMaps(fake, req, path, body, res)) return;
  if (req.method !== 'GET') {
    status(res, 405, 'MethodNotAllowed', `${req.method} is not supported`);
    return;
  }
  if (path === '/api') {
    const addresses = [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }];
    ok({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: addresses });
    return;
  }
  if (path === '/apis') {
    const groups = fake.groups.map((group) => {
      const versions = group.versions.map((version) => ({ groupVersion: `${group.name}/${version}`, version }));
      return { name: group.name, versions, preferredVersion: versions[0] };
    });
    ok({ kind: 'APIGroupList', apiVersion: 'v1', groups });
    return;
  }
  const groupVersion = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
  const served = groupVersion === null ? undefined : fake.resources[`${groupVersion[1]}/${groupVersion[2]}`];
  if (groupVersion !== null && served !== undefined) {
    const resources = served.map((resource) => ({
      name: resource.name,
      singularName: '',
      namespaced: resource.namespaced ?? true,
      kind: resource.kind,
      verbs: ['get', 'list', 'watch'],
    }));
    ok({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion: `${groupVersion[1]}/${groupVersion[2]}`, resources });
    return;
  }
  const ns = `/namespaces/${fake.namespace}/`;
  if (path === `/apis/config.porch.kpt.dev/v1alpha1${ns}repositories`) {
    ok(list('RepositoryList', 'config.porch.kpt.dev/v1alpha1', fake.repositories, url.searchParams));
    return;
  }
  if (path === `/apis/porch.kpt.dev/v1alpha1${ns}packagerevisions`) {
    ok(list('PackageRevisionList', 'porch.kpt.dev/v1alpha1', fake.packageRevisions, url.searchParams));
    return;
  }
  const prr = new RegExp(`^/apis/porch\\.kpt\\.dev/v1alpha1${ns}packagerevisionresources/([^/]+)$`).exec(path);
  const name = prr?.[1] ?? '';
  const pr = fake.packageRevisions.find((revision) => revision.metadata.name === name);
  if (prr !== null && (fake.gone ?? []).includes(name)) {
    const details = { name, group: 'porch.kpt.dev', kind: 'packagerevisionresources' };
    status(res, 404, 'NotFound', `packagerevisionresources.porch.kpt.dev "${name}" not found`, details);
    return;
  }
  if (prr !== null && pr !== undefined) {
    const spec = (pr as { spec?: Record<string, unknown> }).spec ?? {};
    const answer = () =>
      ok({
        kind: 'PackageRevisionResources',
        apiVersion: 'porch.kpt.dev/v1alpha1',
        metadata: { name, namespace: fake.namespace },
        spec: {
          packageName: spec.packageName,
          repository: spec.repository,
          revision: spec.revision,
          workspaceName: spec.workspaceName,
          resources: fake.packageResources[name] ?? {},
        },
        status: { renderStatus: { result: { exitCode: 0, metadata: { creationTimestamp: null } }, error: '' } },
      });
    if (fake.delay === undefined) answer();
    else setTimeout(answer, fake.delay);
    return;
  }
  status(res, 404, 'NotFound', `the server could not find the requested resource (get ${path})`);
}

/** Serves `fake` over HTTP, or HTTPS with `tls` (PEM key and certificate). */
export async function startServer(fake: FakeCluster, tls?: { key: string; cert: string }): Promise<RunningServer> {
  const requests: Received[] = [];
  let inFlight = 0;
  let peak = 0;
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '' });
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    res.on('close', () => (inFlight -= 1));
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => route(fake, req, Buffer.concat(chunks).toString('utf8'), res));
  };
  const server: Server = tls === undefined ? createServer(handle) : createTlsServer(tls, handle);
  server.keepAliveTimeout = 0;
  let connections = 0;
  let open = 0;
  server.on('connection', (socket: Socket) => {
    connections += 1;
    open += 1;
    socket.on('close', () => (open -= 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    requests,
    peakInFlight: () => peak,
    connections: () => connections,
    openConnections: () => open,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A kubeconfig file for `server`, context `test`: trusting `ca` (PEM) for HTTPS; plain HTTP
 * needs insecure-skip-tls-verify with this client.
 */
export function writeKubeconfig(dir: string, server: string, token: string, namespace: string, ca?: string): string {
  const trust =
    ca === undefined
      ? 'insecure-skip-tls-verify: true'
      : `certificate-authority-data: ${Buffer.from(ca).toString('base64')}`;
  const file = join(dir, `kubeconfig-${Math.random().toString(36).slice(2)}`);
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
clusters:
  - name: test
    cluster: {server: "${server}", ${trust}}
users:
  - name: reader
    user: {token: ${token}}
contexts:
  - name: test
    context: {cluster: test, user: reader, namespace: ${namespace}}
current-context: test
`,
  );
  return file;
}
