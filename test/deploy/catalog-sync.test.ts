import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { catalogFromCluster, fromClusterArgs } from '../../cli/catalog-from-cluster.js';
import { parseCommand } from '../../cli/options.js';
import { cliHarness, startPkgdeps, waitFor } from '../cluster/cli-run.js';
import { addRevision, fixtureCluster } from '../cluster/porch-fixture.js';
import type { Received } from '../cluster/server.js';
import { repoRoot } from '../support/kpt.js';

/**
 * deploy/catalog-sync, the kpt package that runs `pkgdeps catalog from-cluster --apply --every`
 * in a cluster (docs/SPEC.md rule catalog-apply): its files parse, its objects refer to each
 * other rightly (the ServiceAccount, the roles the bindings name, the image the Dockerfile
 * builds, arguments the CLI accepts), and its RBAC rules grant every request the command makes
 * against the stand-in API server, and nothing it does not make.
 */

const dir = join(repoRoot, 'deploy', 'catalog-sync');

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

interface Container {
  name: string;
  image: string;
  command?: string[];
  args: string[];
}

interface Resource {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  rules?: Rule[];
  roleRef?: { apiGroup: string; kind: string; name: string };
  subjects?: Subject[];
  spec?: {
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string> };
      spec: { serviceAccountName: string; securityContext: Record<string, unknown>; containers: Container[] };
    };
  };
}

const files = readdirSync(dir).filter((file) => file === 'Kptfile' || file.endsWith('.yaml'));
const resources = files.flatMap((file) =>
  parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((doc) => {
    expect(doc.errors, file).toEqual([]);
    return doc.toJS() as Resource;
  }),
);
const only = (kind: string): Resource => {
  const found = resources.filter((resource) => resource.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0] as Resource;
};
const serviceAccount = only('ServiceAccount');
const deployment = only('Deployment');
const role = only('Role');
const clusterRole = only('ClusterRole');
const namespace = serviceAccount.metadata.namespace;
const container = deployment.spec?.template.spec.containers[0] as Container;

describe('deploy/catalog-sync', () => {
  it('holds a Kptfile and the objects that run the sync, namespaced objects in one namespace', () => {
    expect(resources.map((resource) => `${resource.apiVersion} ${resource.kind}`).sort()).toEqual([
      'apps/v1 Deployment',
      'kpt.dev/v1 Kptfile',
      'rbac.authorization.k8s.io/v1 ClusterRole',
      'rbac.authorization.k8s.io/v1 ClusterRoleBinding',
      'rbac.authorization.k8s.io/v1 Role',
      'rbac.authorization.k8s.io/v1 RoleBinding',
      'v1 ServiceAccount',
    ]);
    expect(namespace).toBeDefined();
    for (const resource of resources) {
      const clusterScoped = ['Kptfile', 'ClusterRole', 'ClusterRoleBinding'].includes(resource.kind);
      const what = `${resource.kind} ${resource.metadata.name}`;
      expect(resource.metadata.namespace, what).toBe(clusterScoped ? undefined : namespace);
    }
  });

  it('binds each role to the ServiceAccount the Deployment runs as', () => {
    for (const [binding, bound] of [
      ['RoleBinding', role],
      ['ClusterRoleBinding', clusterRole],
    ] as const) {
      const { roleRef, subjects } = only(binding);
      expect(roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: bound.kind, name: bound.metadata.name });
      expect(subjects).toEqual([{ kind: 'ServiceAccount', name: serviceAccount.metadata.name, namespace }]);
    }
    expect(deployment.spec?.template.spec.serviceAccountName).toBe(serviceAccount.metadata.name);
  });

  it('runs the image the Dockerfile builds as pkgdeps/cli, at this version, as its non-root user', () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const dockerfile = DockerfileParser.parse(readFileSync(join(repoRoot, 'Dockerfile'), 'utf8'));
    const stages = dockerfile.getFROMs().map((from) => from.getBuildStage());
    expect(stages).toContain('cli');
    // scripts/images.mjs tags each target pkgdeps/<target>:<version>.
    expect(container.image).toBe(`pkgdeps/cli:${version}`);
    expect(container.command, 'the image ENTRYPOINT is the pkgdeps command').toBeUndefined();
    const { spec } = deployment;
    expect(spec?.selector.matchLabels).toEqual(spec?.template.metadata.labels);
    // The node user of the node images is uid 1000; runAsNonRoot needs a number to check.
    expect(spec?.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
  });

  it('gives the CLI arguments its parser accepts: --apply and --every, the ConfigMap the Role may update', () => {
    const [catalog, fromCluster, ...rest] = container.args;
    expect([catalog, fromCluster]).toEqual(['catalog', 'from-cluster']);
    const parsed = parseCommand(catalogFromCluster.spec, rest);
    expect(parsed).toBeDefined();
    const { apply } = fromClusterArgs(parsed ?? { values: {}, positionals: [] });
    expect(apply?.every).toBe(30_000);
    const named = role.rules?.find((rule) => rule.resourceNames !== undefined);
    expect(named?.resourceNames).toEqual([apply?.name]);
  });
});

type Access = { url: string; verb: string } | { group: string; resource: string; name?: string; verb: string };

/** The RBAC attributes of a request, as the API server's authorizer sees them. */
function access({ method, url }: Received): Access {
  const [path = '', query = ''] = url.split('?');
  const object = /^\/(?:api\/v1|apis\/([^/]+)\/[^/]+)\/namespaces\/[^/]+\/([^/]+)(?:\/([^/]+))?$/.exec(path);
  if (object === null) return { url: path, verb: method.toLowerCase() };
  const [, group = '', resource = '', name] = object;
  const reads = name !== undefined ? 'get' : new URLSearchParams(query).has('watch') ? 'watch' : 'list';
  const verb = { GET: reads, POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }[method] ?? method;
  return { group, resource, verb, ...(name === undefined || method === 'POST' ? {} : { name }) };
}

function grants(rule: Rule, wanted: Access): boolean {
  if (!rule.verbs.includes(wanted.verb)) return false;
  if ('url' in wanted) {
    const matches = (url: string) => (url.endsWith('*') ? wanted.url.startsWith(url.slice(0, -1)) : url === wanted.url);
    return (rule.nonResourceURLs ?? []).some(matches);
  }
  const names = rule.resourceNames ?? [];
  return (
    (rule.apiGroups ?? []).includes(wanted.group) &&
    (rule.resources ?? []).includes(wanted.resource) &&
    (names.length === 0 || (wanted.name !== undefined && names.includes(wanted.name)))
  );
}

describe('deploy/catalog-sync RBAC, from the requests the command makes', () => {
  const { serve } = cliHarness();

  it('grants every request of a create, a conflict and an update, and nothing else', async () => {
    const fake = fixtureCluster();
    const { server, kubeconfig } = await serve(fake);
    const args = container.args.map((arg, i) => (container.args[i - 1] === '--every' ? '100ms' : arg));
    const running = startPkgdeps([...args, '--kubeconfig', kubeconfig]);
    await waitFor('the create', () => running.stderr().includes('created ConfigMap'));
    addRevision(fake, 'catalog-distros-sandbox', 'cert-manager', 2, 'v2');
    fake.interfere = 1;
    await waitFor('the update', () => running.stderr().includes('updated ConfigMap'));
    running.kill('SIGTERM');
    expect((await running.done).status).toBe(0);

    const seen = server.requests.map(access);
    const rules = [...(role.rules ?? []), ...(clusterRole.rules ?? [])];
    const refused = seen.filter((wanted) => !rules.some((rule) => grants(rule, wanted)));
    expect(refused).toEqual([]);
    // Object rules only in the Role (namespaced), URL rules only in the ClusterRole (they exist cluster-wide only).
    expect((role.rules ?? []).every((rule) => rule.nonResourceURLs === undefined)).toBe(true);
    expect((clusterRole.rules ?? []).every((rule) => rule.resources === undefined)).toBe(true);
    // Each rule split into one verb on one resource or URL: every piece is used by some request.
    const pieces = rules.flatMap((rule) =>
      rule.verbs.flatMap((verb): Rule[] =>
        rule.nonResourceURLs !== undefined
          ? rule.nonResourceURLs.map((url) => ({ nonResourceURLs: [url], verbs: [verb] }))
          : (rule.resources ?? []).map((resource) => ({ ...rule, resources: [resource], verbs: [verb] })),
      ),
    );
    expect(pieces.filter((piece) => !seen.some((wanted) => grants(piece, wanted)))).toEqual([]);
  });
});
