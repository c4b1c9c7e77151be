import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { nephioCatalogDir } from '../support/fixture-package.js';
import type { FakeCluster } from './server.js';

/**
 * A Porch cluster holding packages of the Nephio fixture: the Repository objects its
 * stock-repos package registers (catalog-distros-sandbox, catalog-infra-capi), one
 * PackageRevision per package at the branch head (Porch's `main` placeholder, revision -1), and
 * PackageRevisionResources with every file of the package directory, as Porch serves them.
 */

export const NAMESPACE = 'porch-demo';
export const TOKEN = 'reader-token';
export const REPOSITORIES = ['catalog-distros-sandbox', 'catalog-infra-capi'];

interface Repository {
  metadata: { name: string; namespace?: string };
  spec: { deployment?: boolean; git: { repo: string; directory: string; branch?: string } };
}

export interface PackageRevision {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string };
  spec: {
    packageName: string;
    repository: string;
    revision: number | string;
    workspaceName: string;
    lifecycle: string;
  };
  status: Record<string, unknown>;
}

function stockRepository(name: string): Repository {
  const dir = join(nephioCatalogDir, 'nephio/optional/stock-repos');
  for (const file of readdirSync(dir).filter((entry) => entry.startsWith('repo-'))) {
    const repo = parse(readFileSync(join(dir, file), 'utf8')) as Repository;
    if (repo.metadata.name === name) return { ...repo, metadata: { ...repo.metadata, namespace: NAMESPACE } };
  }
  throw new Error(`no stock repository ${name}`);
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** Outermost Kptfile directories under `dir`, relative to it. */
function packageDirs(dir: string): string[] {
  const kptfiles = files(dir)
    .filter((file) => file.endsWith('/Kptfile'))
    .map((file) => relative(dir, file).slice(0, -'/Kptfile'.length))
    .sort();
  return kptfiles.filter((pkg) => !kptfiles.some((other) => other !== pkg && pkg.startsWith(`${other}/`)));
}

export function revisionName(repository: string, pkg: string, workspace: string): string {
  return `${repository}.${pkg.replaceAll('/', '.')}.${workspace}`;
}

export function packageRevision(
  repository: string,
  pkg: string,
  revision: number | string,
  workspaceName: string,
  lifecycle: string,
  status: Record<string, unknown> = {},
): PackageRevision {
  return {
    apiVersion: 'porch.kpt.dev/v1alpha1',
    kind: 'PackageRevision',
    metadata: { name: revisionName(repository, pkg, workspaceName), namespace: NAMESPACE },
    spec: { packageName: pkg, repository, revision, workspaceName, lifecycle },
    status,
  };
}

/** Adds revision `revision` of a package of the fixture cluster, with the files of its `main` revision. */
export function addRevision(
  fake: FakeCluster,
  repository: string,
  pkg: string,
  revision: number,
  workspaceName: string,
  lifecycle = 'Published',
  status: Record<string, unknown> = {},
): void {
  const pr = packageRevision(repository, pkg, revision, workspaceName, lifecycle, status);
  const files = fake.packageResources[revisionName(repository, pkg, 'main')];
  if (files === undefined) throw new Error(`no package ${repository}/${pkg}`);
  fake.packageRevisions.push(pr);
  fake.packageResources[pr.metadata.name] = files;
}

/** The blueprint repositories' directories in the fixture, for `pkgdeps catalog build --repo`. */
export function repoArgs(): string[] {
  return REPOSITORIES.flatMap((name) => ['--repo', `${name}=${stockRepository(name).spec.git.directory}`]);
}

/**
 * Registers the stock Repository `name` of the fixture in `fake`, with a PackageRevision per
 * package at the branch head (the placeholder: revision -1, workspaceName the branch) and its files.
 */
export function addStockRepository(fake: FakeCluster, name: string): void {
  const repo = stockRepository(name);
  fake.repositories.push(repo);
  const root = join(nephioCatalogDir, repo.spec.git.directory);
  for (const pkg of packageDirs(root)) {
    const pr = packageRevision(name, pkg, -1, repo.spec.git.branch ?? 'main', 'Published');
    fake.packageRevisions.push(pr);
    const dir = join(root, pkg);
    fake.packageResources[pr.metadata.name] = Object.fromEntries(
      files(dir).map((file) => [relative(dir, file), readFileSync(file, 'utf8')]),
    );
  }
}

export function fixtureCluster(): FakeCluster {
  const fake: FakeCluster = {
    groups: [
      { name: 'apps', versions: ['v1'] },
      { name: 'porch.kpt.dev', versions: ['v1alpha1'] },
      { name: 'config.porch.kpt.dev', versions: ['v1alpha1'] },
      { name: 'cert-manager.io', versions: ['v1'] },
      { name: 'monitoring.coreos.com', versions: ['v1'] },
    ],
    resources: {
      'apps/v1': [{ name: 'deployments', kind: 'Deployment' }],
      'cert-manager.io/v1': [
        { name: 'certificates', kind: 'Certificate' },
        { name: 'certificates/status', kind: 'Certificate' },
        { name: 'issuers', kind: 'Issuer' },
        { name: 'widgets', kind: 'Widget' },
      ],
      'monitoring.coreos.com/v1': [{ name: 'servicemonitors', kind: 'ServiceMonitor' }],
    },
    namespace: NAMESPACE,
    repositories: [],
    packageRevisions: [],
    packageResources: {},
    configMaps: {},
    token: TOKEN,
  };
  for (const name of REPOSITORIES) addStockRepository(fake, name);
  return fake;
}
