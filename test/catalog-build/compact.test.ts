import { describe, expect, it } from 'vitest';
import { buildPackages, compactSource, findPackages } from '../../src/catalog-build/index.js';
import { crdText, itemsOf, pkg, resourceText } from './helpers.js';

/**
 * compactSource (what catalog from-cluster keeps of each PackageRevision) must give the catalog
 * entry the whole revision gives: every field a catalog build reads, APIs and named objects alike.
 */
describe('compactSource', () => {
  it('keeps what the named objects a revision creates and references are read from', () => {
    const items = itemsOf(
      pkg('repo/app', {
        'crd.yaml': crdText('example.com', 'Widget', 'widgets', [['v1', true]]),
        'ns.yaml': resourceText('v1', 'Namespace', 'app-system'),
        'pvc.yaml': resourceText(
          'v1',
          'PersistentVolumeClaim',
          'data',
          '  namespace: app-system\nspec:\n  storageClassName: local-path\n',
        ),
        'deploy.yaml': resourceText(
          'apps/v1',
          'Deployment',
          'app',
          '  namespace: app-system\nspec:\n  template:\n    spec:\n      priorityClassName: high\n' +
            '      runtimeClassName: gvisor\n      containers: [{name: app, image: app}]\n',
        ),
        'ingress.yaml': resourceText(
          'networking.k8s.io/v1',
          'Ingress',
          'web',
          '  namespace: app-system\n  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt\n' +
            'spec:\n  ingressClassName: nginx\n',
        ),
        'cert.yaml': resourceText(
          'cert-manager.io/v1',
          'Certificate',
          'tls',
          '  namespace: app-system\nspec:\n  issuerRef: {kind: ClusterIssuer, name: selfsigned}\n',
        ),
      }),
    );
    const { sources } = findPackages(items, [{ name: 'blueprints', directory: 'repo', revision: 'main' }]);
    const whole = buildPackages(sources, undefined, [], 'catalog');
    const compact = buildPackages(sources.map(compactSource), undefined, [], 'catalog');
    const [revision] = whole.packages?.[0]?.revisions ?? [];
    expect(revision?.requiresObjects?.length).toBeGreaterThanOrEqual(5);
    expect(revision?.objects).toEqual([{ kind: 'Namespace', name: 'app-system' }]);
    expect(compact.packages).toEqual(whole.packages);
    expect(compact.results).toEqual(whole.results);
  });
});
