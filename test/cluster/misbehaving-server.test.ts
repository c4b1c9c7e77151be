import { describe, expect, it } from 'vitest';
import { catalogOf, cliHarness, oneLineError, pkgdeps } from './cli-run.js';
import { NAMESPACE, fixtureCluster } from './porch-fixture.js';
import type { FakeCluster } from './server.js';

/**
 * `pkgdeps catalog from-cluster` against a server whose answers are not what a Kubernetes API
 * server sends: one line on stderr and exit 1, never a stack trace or a hang; a PackageRevision
 * deleted between the list and the get of its resources is left out with a warning.
 */

const { serve } = cliHarness();

const REVISIONS = `/apis/porch.kpt.dev/v1alpha1/namespaces/${NAMESPACE}/packagerevisions`;
const REPOSITORIES = `/apis/config.porch.kpt.dev/v1alpha1/namespaces/${NAMESPACE}/repositories`;
const RESOURCES = `/apis/porch.kpt.dev/v1alpha1/namespaces/${NAMESPACE}/packagerevisionresources/`;

type Rewrite = NonNullable<FakeCluster['rewrite']>;

/** `change` applied to the answers to requests for `path` (exactly, or below it with a trailing `/`). */
function at(path: string, change: (body: Record<string, unknown>) => unknown): Rewrite {
  const matches = (requested: string) => requested === path || (path.endsWith('/') && requested.startsWith(path));
  return (requested, body) => (matches(requested) ? change(body) : body);
}

async function fromCluster(fake: FakeCluster, ...args: string[]) {
  const { server, kubeconfig } = await serve(fake);
  return { server, run: await pkgdeps(['catalog', 'from-cluster', '--kubeconfig', kubeconfig, ...args]) };
}

describe('from-cluster against a misbehaving server', () => {
  const list = `list packagerevisions.porch.kpt.dev in namespace ${NAMESPACE}`;
  it.each<[string, Rewrite, (url: string) => string]>([
    [
      'a null list entry',
      at(REVISIONS, (body) => ({ ...body, items: [...(body.items as unknown[]).slice(0, 1), null] })),
      (url) => `${list} at ${url}: unexpected answer: items[1] is null, expected an object`,
    ],
    [
      'items that is not a list',
      at(REPOSITORIES, (body) => ({ ...body, items: { first: body.items } })),
      (url) =>
        `list repositories.config.porch.kpt.dev in namespace ${NAMESPACE} at ${url}: ` +
        'unexpected answer: items is a map, expected a list',
    ],
    [
      'a field of the wrong type',
      at(REVISIONS, (body) => ({ ...body, items: [{ metadata: { name: 'x' }, spec: { packageName: 7 } }] })),
      (url) => `${list} at ${url}: unexpected answer: items[0].spec.packageName is 7, expected a string`,
    ],
    [
      'non-string spec.resources values',
      at(RESOURCES, (body) => ({ ...body, spec: { ...(body.spec as object), resources: { Kptfile: 42 } } })),
      (url) =>
        'get packagerevisionresources.porch.kpt.dev catalog-distros-sandbox.cert-manager.main ' +
        `in namespace ${NAMESPACE} at ${url}: unexpected answer: spec.resources["Kptfile"] is 42, expected a string`,
    ],
    [
      'a null API group',
      at('/apis', (body) => ({ ...body, groups: [null] })),
      (url) => `GET /apis at ${url}: unexpected answer: groups[0] is null, expected an object`,
    ],
  ])('%s: one line, exit 1', async (_, rewrite, message) => {
    const fake = fixtureCluster();
    fake.rewrite = rewrite;
    const { server, run } = await fromCluster(fake);
    expect(oneLineError(run)).toBe(`pkgdeps catalog from-cluster: ${message(server.url)}`);
  });

  it('a server that repeats a continue token: one line, exit 1, no endless loop', async () => {
    const fake = fixtureCluster();
    const first = Buffer.from('2').toString('base64');
    fake.rewrite = at(REVISIONS, (body) => {
      const metadata = body.metadata as Record<string, unknown>;
      return metadata.continue === undefined ? body : { ...body, metadata: { ...metadata, continue: first } };
    });
    const { server, run } = await fromCluster(fake, '--chunk-size', '2');
    expect(oneLineError(run)).toBe(
      `pkgdeps catalog from-cluster: ${list} at ${server.url}: ` +
        `unexpected answer: metadata.continue "${first}" was given before (the list would never end)`,
    );
  });

  it('a PackageRevision deleted between the list and the get: left out with a warning', async () => {
    const fake = fixtureCluster();
    const gone = 'catalog-distros-sandbox.cert-manager.main';
    fake.gone = [gone];
    const { run } = await fromCluster(fake);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(
      `  warning: PackageRevision ${gone}: it was deleted after the list ` +
        `(get packagerevisionresources.porch.kpt.dev ${gone} in namespace ${NAMESPACE} failed with HTTP 404: ` +
        `packagerevisionresources.porch.kpt.dev "${gone}" not found); it is left out of the catalog\n`,
    );
    const packages = catalogOf(run.stdout).packages;
    expect(packages).toHaveLength(fake.packageRevisions.length - 1);
    expect(packages.some((pkg) => pkg.package === 'cert-manager')).toBe(false);
  });
});
