import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A Kubernetes API server stand-in on 127.0.0.1 for `pkgdeps catalog from-cluster`: API
 * discovery (`/api`, `/apis`, `/apis/<group>/<version>`), namespaced lists of Porch
 * Repositories and PackageRevisions with `limit`/`continue` paging, PackageRevisionResources
 * by name, and the Status objects the real server sends for 401, 403 and 404. Bodies follow
 * the shapes of k8s.io/apimachinery (APIVersions, APIGroupList, APIResourceList, List with
 * metadata.continue, Status). For a misbehaving server: answers rewritten (`rewrite`), and
 * PackageRevisions deleted between the list and the get of their resources (`gone`).
 */

export interface FakeResource {
  name: string;
  kind: string;
  namespaced?: boolean;
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
  /** The bearer token the server accepts. */
  token: string;
  /** Requests whose path starts with this get a 403 Status naming the resource. */
  forbid?: { path: string; verb: string; group: string; resource: string };
  /** Requests whose path starts with this get no answer at all. */
  hang?: string;
  /** PackageRevisions still listed whose PackageRevisionResources answer 404 (deleted after the list). */
  gone?: string[];
  /** Rewrites the body of each 200 answer (a misbehaving server); its path is the request's. */
  rewrite?: (path: string, body: Record<string, unknown>) => unknown;
}

export interface RunningServer {
  url: string;
  /** Path and query of every request, in order. */
  requests: string[];
  close(): Promise<void>;
}

function send(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function status(res: ServerResponse, code: number, reason: string, message: string, details?: Record<string, string>): void {
  send(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details === undefined ? {} : { details }), code });
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

function route(fake: FakeCluster, req: IncomingMessage, res: ServerResponse): void {
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
  if (forbid !== undefined && path.startsWith(forbid.path)) {
    const message = `${forbid.resource}.${forbid.group} is forbidden: User "system:serviceaccount:ci:reader" cannot ${forbid.verb} resource "${forbid.resource}" in API group "${forbid.group}" in the namespace "${fake.namespace}"`;
    status(res, 403, 'Forbidden', message, { group: forbid.group, kind: forbid.resource });
    return;
  }
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
    ok({
      kind: 'PackageRevisionResources',
      apiVersion: 'porch.kpt.dev/v1alpha1',
      metadata: { name, namespace: fake.namespace },
      spec: { packageName: spec.packageName, repository: spec.repository, revision: spec.revision, workspaceName: spec.workspaceName, resources: fake.packageResources[name] ?? {} },
      status: { renderStatus: { result: { exitCode: 0, metadata: { creationTimestamp: null } }, error: '' } },
    });
    return;
  }
  status(res, 404, 'NotFound', `the server could not find the requested resource (get ${path})`);
}

/** Serves `fake` over HTTP, or HTTPS with `tls` (PEM key and certificate). */
export async function startServer(fake: FakeCluster, tls?: { key: string; cert: string }): Promise<RunningServer> {
  const requests: string[] = [];
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    requests.push(req.url ?? '');
    route(fake, req, res);
  };
  const server: Server = tls === undefined ? createServer(handle) : createTlsServer(tls, handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    requests,
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
  const trust = ca === undefined ? 'insecure-skip-tls-verify: true' : `certificate-authority-data: ${Buffer.from(ca).toString('base64')}`;
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
