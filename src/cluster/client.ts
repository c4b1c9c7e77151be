import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ApiException, ApisApi, CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { ServerConfiguration, createConfiguration } from '@kubernetes/client-node';
import type { Configuration, Middleware, RequestContext, ResponseContext } from '@kubernetes/client-node';
import type { SecurityAuthentication, V1ConfigMap } from '@kubernetes/client-node';
import { sharedConnections } from './connections.js';
import { listOf, listShape, objectOf, shapeProblem } from './shape.js';
import type { Shape } from './shape.js';

/**
 * The Kubernetes client of `pkgdeps catalog from-cluster`: kubeconfig loading, the get/list
 * calls it reads Porch with, and the get/create/update of one ConfigMap that `--apply` makes,
 * through @kubernetes/client-node. Every failure, and every answer not of the shape asked for,
 * becomes a ClusterError whose message is one line saying what went wrong and what to do.
 */

export class ClusterError extends Error {}

/** A 404 of a request: the object (or resource) is not there. */
export class NotFoundError extends ClusterError {}

/** A 409 of a write: the object changed since it was read (or was created meanwhile). */
export class ConflictError extends ClusterError {}

export interface ClientOptions {
  kubeconfig?: string;
  context?: string;
  /** Seconds each request may take. */
  timeout: number;
  /** Aborts every request in flight, and those made after it fires. */
  stop?: AbortSignal;
}

/** A group the cluster serves, from `/apis`. */
export interface ServedGroup {
  name: string;
  versions: string[];
}

export interface ServedResource {
  name: string;
  kind: string;
}

/** One request, for messages: `list packagerevisions.porch.kpt.dev in namespace default`. */
export interface Request {
  verb: 'get' | 'list' | 'create' | 'update';
  group: string;
  resource: string;
  namespace?: string;
  name?: string;
}

export interface Page {
  items: unknown[];
  continue?: string;
}

/** One page of a list: `limit` entries at most, from the `from` continue token on. */
export interface ListCall {
  group: string;
  version: string;
  resource: string;
  namespace: string;
  limit: number;
  from?: string;
}

/** One object by name. */
export interface GetCall {
  group: string;
  version: string;
  resource: string;
  namespace: string;
  name: string;
}

/** A ConfigMap as the API server gives it (`--apply` sends it back, changed, with its resourceVersion). */
export type ConfigMap = V1ConfigMap;

/**
 * The calls the discoverer makes, all read-only, and the ConfigMap calls of `--apply`. `list`
 * and `get` check the answer against the shape of the objects asked for (the entries of a
 * list); a mismatch is a ClusterError. A 409 of a write is a {@link ConflictError}.
 */
export interface Cluster {
  server: string;
  namespace: string;
  groups(): Promise<ServedGroup[]>;
  resources(group: string, version: string): Promise<ServedResource[]>;
  list(call: ListCall, item: Shape): Promise<Page>;
  get(call: GetCall, shape: Shape): Promise<unknown>;
  /** The ConfigMap `name` of `namespace`; undefined when there is none (404). */
  getConfigMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  createConfigMap(namespace: string, configMap: ConfigMap): Promise<void>;
  /** Replaces the ConfigMap of `configMap.metadata.name`; its `metadata.resourceVersion` must be current. */
  updateConfigMap(namespace: string, configMap: ConfigMap): Promise<void>;
  /** Closes the connections to the server (see connections.ts), once the requests are done. */
  close(): void;
}

function loadKubeConfig(options: ClientOptions): KubeConfig {
  const kc = new KubeConfig();
  const file = options.kubeconfig;
  const inCluster = process.env.KUBERNETES_SERVICE_HOST !== undefined && process.env.KUBERNETES_SERVICE_HOST !== '';
  if (
    file === undefined &&
    (process.env.KUBECONFIG ?? '') === '' &&
    !existsSync(join(homedir(), '.kube', 'config')) &&
    !inCluster
  ) {
    throw new ClusterError('no kubeconfig: pass --kubeconfig FILE, set KUBECONFIG, or create ~/.kube/config');
  }
  try {
    if (file === undefined) kc.loadFromDefault();
    else kc.loadFromFile(file);
  } catch (error) {
    const where = file ?? process.env.KUBECONFIG ?? '~/.kube/config';
    throw new ClusterError(`cannot read kubeconfig ${where}: ${firstLine(error)}`);
  }
  if (options.context !== undefined) {
    if (kc.getContextObject(options.context) === null) {
      const names = kc.getContexts().map((context) => context.name);
      throw new ClusterError(
        `kubeconfig has no context "${options.context}"; its contexts: ${names.join(', ') || '(none)'}`,
      );
    }
    kc.setCurrentContext(options.context);
  }
  if (kc.getCurrentCluster() === null) {
    throw new ClusterError(
      `kubeconfig has no cluster for context "${kc.getCurrentContext() || '(none)'}"; pass --context NAME or fix the kubeconfig`,
    );
  }
  return kc;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

export function describeRequest(request: Request): string {
  const resource = request.group === '' ? request.resource : `${request.resource}.${request.group}`;
  const name = request.name === undefined ? '' : ` ${request.name}`;
  return `${request.verb} ${resource}${name}${request.namespace === undefined ? '' : ` in namespace ${request.namespace}`}`;
}

interface Status {
  message?: string;
  /** For a 403: the group and resource (in `kind`) refused. */
  details?: { group?: string; kind?: string };
}

function parseStatus(body: unknown): Status {
  if (typeof body === 'object' && body !== null) return body as Status;
  if (typeof body !== 'string') return {};
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Status) : {};
  } catch {
    return {};
  }
}

/** Connection errors: the server is not there, or not reachable from here. */
const UNREACHABLE: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
]);

const FORBIDDEN = /cannot (\w+) resource "([^"]+)" in API group "([^"]*)"(?: in the namespace "([^"]+)")?/;
const FORBIDDEN_PATH = /cannot (\w+) path "([^"]+)"/;

/** The permission a 403 Status names (RBAC's message, else its details), else the one the request needed. */
function missingPermission(status: Status, request: Request | undefined, path: string): string {
  const message = status.message ?? '';
  const rule = FORBIDDEN.exec(message);
  if (rule !== null) {
    const [, verb = '', resource = '', group = '', namespace] = rule;
    return `${verb} ${group === '' ? resource : `${resource}.${group}`}${namespace === undefined ? '' : ` in namespace ${namespace}`}`;
  }
  const nonResource = FORBIDDEN_PATH.exec(message);
  if (nonResource !== null) return `${nonResource[1] ?? 'get'} on path ${nonResource[2] ?? path}`;
  const refused = status.details;
  if (refused?.kind !== undefined && request !== undefined) {
    return describeRequest({ ...request, group: refused.group ?? request.group, resource: refused.kind });
  }
  if (request !== undefined) return describeRequest(request);
  return `get on path ${path}`;
}

/** The request to `path`, for messages (request undefined: a discovery path). */
function describeCall(path: string, request: Request | undefined): string {
  return request === undefined ? `GET ${path}` : describeRequest(request);
}

/** The error for an answer to `what` (see {@link describeRequest}) that is not what the API server sends. */
export function unexpectedAnswer(what: string, server: string, problem: string): ClusterError {
  return new ClusterError(`${what} at ${server}: unexpected answer: ${problem}`);
}

/** One line for any failure of a request to `path` (request undefined: a discovery path). */
export function describeFailure(
  error: unknown,
  server: string,
  path: string,
  timeout: number,
  request?: Request,
): ClusterError {
  if (error instanceof ClusterError) return error;
  const what = describeCall(path, request);
  if (error instanceof ApiException) {
    const code = error.code;
    const status = parseStatus(error.body);
    if (code === 401) {
      return new ClusterError(
        `the API server at ${server} rejected the credentials (401 Unauthorized) on ${what}; renew them (log in again) or choose another --context`,
      );
    }
    if (code === 403) {
      const permission = missingPermission(status, request, path);
      const writes = request?.resource === 'configmaps';
      const role = writes ? 'the pkgdeps-catalog-writer Role' : 'the pkgdeps-catalog-reader ClusterRole';
      const said = status.message === undefined ? '' : `; the server said: ${status.message}`;
      return new ClusterError(
        `forbidden (403): the kubeconfig's user may not ${permission}; grant it (README: ${role})` + said,
      );
    }
    const said = status.message ?? (typeof error.body === 'string' ? error.body.trim().split('\n')[0] : undefined);
    const message = `${what} failed with HTTP ${code}${said === undefined || said === '' ? '' : `: ${said}`}`;
    if (code === 404) return new NotFoundError(message);
    return code === 409 ? new ConflictError(message) : new ClusterError(message);
  }
  const name = error instanceof Error ? error.name : '';
  if (name === 'AbortError' || name === 'TimeoutError') {
    return new ClusterError(
      `timed out after ${timeout}s on ${what} at ${server}; check the connection, or raise --timeout`,
    );
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /CERT|SELF_SIGNED|ERR_TLS|ERR_SSL/.test(code)) {
    return new ClusterError(
      `the TLS certificate of the API server at ${server} is not trusted (${firstLine(error)}); check certificate-authority(-data) in the kubeconfig`,
    );
  }
  if (typeof code === 'string' && UNREACHABLE.has(code)) {
    return new ClusterError(
      `cannot reach the API server at ${server} (${firstLine(error)}); check the kubeconfig's server address and the network`,
    );
  }
  return new ClusterError(`${what} at ${server}: ${firstLine(error)}`);
}

/** Gives each request an abort signal that fires after `seconds`, or when `stop` fires. */
function timeoutMiddleware(seconds: number, stop: AbortSignal | undefined): Middleware {
  return {
    pre: async (context: RequestContext) => {
      const timeout = AbortSignal.timeout(Math.ceil(seconds * 1000));
      context.setSignal(stop === undefined ? timeout : AbortSignal.any([timeout, stop]));
      return context;
    },
    post: async (context: ResponseContext) => context,
  };
}

function configuration(kc: KubeConfig, auth: SecurityAuthentication, options: ClientOptions): Configuration {
  const server = kc.getCurrentCluster()?.server ?? '';
  return createConfiguration({
    baseServer: new ServerConfiguration(server, {}),
    authMethods: { default: auth },
    promiseMiddleware: [timeoutMiddleware(options.timeout, options.stop)],
  });
}

interface RawGroupList {
  groups?: Array<{ name?: string; versions?: Array<{ version?: string }> }>;
}

const GROUP_LIST: Shape = objectOf({
  groups: listOf(objectOf({ name: 'string', versions: listOf(objectOf({ version: 'string' })) })),
});

interface RawResourceList {
  resources?: Array<{ name?: string; kind?: string }>;
}

const RESOURCE_LIST: Shape = objectOf({ resources: listOf(objectOf({ name: 'string', kind: 'string' })) });

const CONFIG_MAP: Shape = objectOf({
  metadata: objectOf({ name: 'string', resourceVersion: 'string', annotations: 'map of strings' }),
  data: 'map of strings',
});

interface RawList {
  items?: unknown[];
  metadata?: { continue?: string };
}

/** The client for the kubeconfig's current (or `--context`) context. */
export function connect(options: ClientOptions): Cluster {
  const kc = loadKubeConfig(options);
  const server = kc.getCurrentCluster()?.server ?? '';
  const current = kc.getContextObject(kc.getCurrentContext());
  const namespace = current?.namespace ?? 'default';
  const connections = sharedConnections(kc);
  const config = configuration(kc, connections.auth, options);
  const apis = new ApisApi(config);
  const custom = new CustomObjectsApi(config);
  const core = new CoreV1Api(config);
  /** The answer of `send`, a request to `path`, once it has the shape asked for. */
  const call = async (path: string, request: Request | undefined, shape: Shape, send: () => Promise<unknown>) => {
    let answer: unknown;
    try {
      answer = await send();
    } catch (error) {
      throw describeFailure(error, server, path, options.timeout, request);
    }
    const problem = shapeProblem(answer, shape);
    if (problem !== undefined) throw unexpectedAnswer(describeCall(path, request), server, problem);
    return answer;
  };
  return {
    server,
    namespace,
    async groups() {
      const list = (await call('/apis', undefined, GROUP_LIST, () => apis.getAPIVersions())) as RawGroupList;
      return (list.groups ?? []).map((group) => ({
        name: group.name ?? '',
        versions: (group.versions ?? []).map((version) => version.version ?? '').filter((version) => version !== ''),
      }));
    },
    async resources(group, version) {
      const path = `/apis/${group}/${version}`;
      const answer = await call(path, undefined, RESOURCE_LIST, () => custom.getAPIResources({ group, version }));
      const list = answer as RawResourceList;
      return (list.resources ?? [])
        .filter(
          (resource) => resource.name !== undefined && resource.kind !== undefined && !resource.name.includes('/'),
        )
        .map((resource) => ({ name: resource.name ?? '', kind: resource.kind ?? '' }));
    },
    async list({ group, version, resource, namespace, limit, from }, item) {
      const path = `/apis/${group}/${version}/namespaces/${namespace}/${resource}`;
      const request: Request = { verb: 'list', group, resource, namespace };
      const params = {
        group,
        version,
        namespace,
        plural: resource,
        limit,
        ...(from === undefined ? {} : { _continue: from }),
      };
      const answer = await call(path, request, listShape(item), () => custom.listNamespacedCustomObject(params));
      const list = answer as RawList;
      const next = list.metadata?.continue;
      return { items: list.items ?? [], ...(next === undefined || next === '' ? {} : { continue: next }) };
    },
    async get({ group, version, resource, namespace, name }, shape) {
      const path = `/apis/${group}/${version}/namespaces/${namespace}/${resource}/${name}`;
      const request: Request = { verb: 'get', group, resource, namespace, name };
      const params = { group, version, namespace, plural: resource, name };
      return call(path, request, shape, () => custom.getNamespacedCustomObject(params));
    },
    async getConfigMap(namespace, name) {
      const path = `/api/v1/namespaces/${namespace}/configmaps/${name}`;
      const request: Request = { verb: 'get', group: '', resource: 'configmaps', namespace, name };
      try {
        const read = () => core.readNamespacedConfigMap({ name, namespace });
        return (await call(path, request, CONFIG_MAP, read)) as ConfigMap;
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    },
    async createConfigMap(namespace, body) {
      const path = `/api/v1/namespaces/${namespace}/configmaps`;
      const request: Request = { verb: 'create', group: '', resource: 'configmaps', namespace };
      await call(path, request, CONFIG_MAP, () => core.createNamespacedConfigMap({ namespace, body }));
    },
    async updateConfigMap(namespace, body) {
      const name = body.metadata?.name ?? '';
      const path = `/api/v1/namespaces/${namespace}/configmaps/${name}`;
      const request: Request = { verb: 'update', group: '', resource: 'configmaps', namespace, name };
      await call(path, request, CONFIG_MAP, () => core.replaceNamespacedConfigMap({ name, namespace, body }));
    },
    close: () => connections.close(),
  };
}
