import { describe, expect, it } from 'vitest';
import {
  MAX_NAME_LENGTH,
  dnsLabel,
  downstreamPackages,
  shortHash,
  variantNames,
} from '../../src/package-variants/index.js';

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function names(key: string, refs: Array<{ repository: string; package: string }>): string[] {
  const map = variantNames(key, refs);
  return refs.map((ref) => map.get(ref) as string);
}

describe('dnsLabel', () => {
  it('lower-cases and turns every run of rejected characters into one dash', () => {
    expect(dnsLabel('Edge01-Cert_Manager')).toBe('edge01-cert-manager');
    expect(dnsLabel('edge01-infra/capi//cluster.capi')).toBe('edge01-infra-capi-cluster-capi');
    expect(dnsLabel('edge01-caf\u00e9 m\u00fcnchen')).toBe('edge01-caf-m-nchen');
  });

  it('never starts or ends with a dash', () => {
    expect(dnsLabel('--edge01--pkg--')).toBe('edge01-pkg');
    expect(dnsLabel('_edge_')).toBe('edge');
  });
});

describe('variantNames', () => {
  it('names a PackageVariant <target>-<package>', () => {
    expect(names('edge01', [{ repository: 'catalog-distros-sandbox', package: 'cert-manager' }])).toEqual([
      'edge01-cert-manager',
    ]);
  });

  it('makes package paths and characters DNS-1123 rejects valid', () => {
    const [name] = names('Edge01', [{ repository: 'r', package: 'infra/capi/Cluster_API.v2' }]);
    expect(name).toBe('edge01-infra-capi-cluster-api-v2');
    expect(name).toMatch(DNS_1123_LABEL);
  });

  it('keeps a name of exactly 63 characters as it is', () => {
    const pkg = 'p'.repeat(MAX_NAME_LENGTH - 'edge01-'.length);
    const [name] = names('edge01', [{ repository: 'r', package: pkg }]);
    expect(name).toBe(`edge01-${pkg}`);
    expect(name).toHaveLength(63);
  });

  it('shortens longer names to 63 characters with a hash of target, repository and package', () => {
    const pkg = 'a-very-long-package-name-that-goes-on-and-on-well-past-the-kubernetes-limit';
    const [name] = names('edge01', [{ repository: 'r', package: pkg }]);
    expect(name).toHaveLength(63);
    expect(name).toMatch(DNS_1123_LABEL);
    expect(name?.endsWith(`-${shortHash(`edge01/r/${pkg}`)}`)).toBe(true);
    expect(name?.startsWith('edge01-a-very-long-package-name')).toBe(true);
  });

  it('gives long names that differ only past the cut different hashes', () => {
    const base = 'x'.repeat(70);
    const [a, b] = names('edge01', [
      { repository: 'r', package: `${base}-one` },
      { repository: 'r', package: `${base}-two` },
    ]);
    expect(a).not.toBe(b);
    expect(a?.slice(0, 54)).toBe(b?.slice(0, 54));
  });

  it('does not end the cut part with a dash before the hash', () => {
    const pkg = `${'a'.repeat(46)}----------b`;
    const [name] = names('edge01', [{ repository: 'r', package: pkg }]);
    expect(name).toMatch(DNS_1123_LABEL);
    expect(name).not.toContain('--');
  });

  it('adds hashes to names that would collide: the same package in two repositories', () => {
    const refs = [
      { repository: 'catalog-a', package: 'cert-manager' },
      { repository: 'catalog-b', package: 'cert-manager' },
      { repository: 'catalog-a', package: 'metallb' },
    ];
    const [a, b, c] = names('edge01', refs);
    expect(a).not.toBe(b);
    expect(a).toBe(`edge01-cert-manager-${shortHash('edge01/catalog-a/cert-manager')}`);
    expect(b).toBe(`edge01-cert-manager-${shortHash('edge01/catalog-b/cert-manager')}`);
    expect(c).toBe('edge01-metallb');
  });

  it('adds hashes to paths that differ only in rejected characters', () => {
    const [a, b] = names('edge01', [
      { repository: 'r', package: 'net/frr' },
      { repository: 'r', package: 'net_frr' },
    ]);
    expect(a).not.toBe(b);
    expect(a).toMatch(DNS_1123_LABEL);
    expect(b).toMatch(DNS_1123_LABEL);
  });

  it('keeps the name of an existing PackageVariant; only the newcomer that would share it gets the hash', () => {
    const existing = { repository: 'r1', package: 'a-b' };
    const newcomer = { repository: 'r2', package: 'a.b' };
    const map = variantNames('edge01', [existing, newcomer], new Map([[existing, 'edge01-a-b']]));
    expect([map.get(existing), map.get(newcomer)]).toEqual(['edge01-a-b', `edge01-a-b-${shortHash('edge01/r2/a.b')}`]);
    // a hashed name is kept too, once the clash is gone
    const hashed = `edge01-a-b-${shortHash('edge01/r2/a.b')}`;
    expect(variantNames('edge01', [newcomer], new Map([[newcomer, hashed]])).get(newcomer)).toBe(hashed);
  });

  it("does not keep a current name that is not one of the package's own", () => {
    const ref = { repository: 'r', package: 'metallb' };
    expect(variantNames('edge01', [ref], new Map([[ref, 'edge01-renamed-by-hand']])).get(ref)).toBe('edge01-metallb');
  });

  it('is deterministic', () => {
    const refs = [{ repository: 'r', package: 'z'.repeat(80) }];
    expect(names('edge01', refs)).toEqual(names('edge01', [{ repository: 'r', package: 'z'.repeat(80) }]));
  });
});

describe('downstreamPackages', () => {
  it('is the prefix and the package path made flat', () => {
    const refs = [
      { repository: 'r', package: 'cert-manager' },
      { repository: 'r', package: 'infra/capi' },
    ];
    expect([...downstreamPackages('edge01-', 'edge01', refs).values()]).toEqual([
      'edge01-cert-manager',
      'edge01-infra-capi',
    ]);
    expect([...downstreamPackages('', 'edge01', refs).values()]).toEqual(['cert-manager', 'infra-capi']);
  });

  it('is a DNS-1123 label of at most 63 characters whatever the package path holds', () => {
    const paths = ['tools/../My Package', 'two\nlines', 'p'.repeat(300), '..', 'Operator_CRDs.and.Webhooks'];
    const refs = paths.map((pkg) => ({ repository: 'r', package: pkg }));
    const values = [...downstreamPackages('edge01-', 'edge01', refs).values()];
    for (const value of values) {
      expect(value).toMatch(DNS_1123_LABEL);
      expect(value.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
    }
    expect(values[0]).toBe('edge01-tools-my-package');
    expect(values[2]).toBe(`edge01-${'p'.repeat(47)}-${shortHash('edge01/r/' + 'p'.repeat(300))}`);
    expect(values[3]).toBe('edge01');
    expect(values[4]).toBe('edge01-operator-crds-and-webhooks');
  });

  it('keeps the current downstream package of an existing PackageVariant when it is one of its forms', () => {
    const existing = { repository: 'catalog-a', package: 'net/sriov' };
    const newcomer = { repository: 'catalog-b', package: 'net/sriov' };
    const current = new Map([[existing, 'edge01-net-sriov']]);
    const map = downstreamPackages('edge01-', 'edge01', [existing, newcomer], current);
    const hashed = `edge01-net-sriov-${shortHash('edge01/catalog-b/net/sriov')}`;
    expect([...map.values()]).toEqual(['edge01-net-sriov', hashed]);
    // a value of another prefix (the config changed) is not kept
    expect(downstreamPackages('', 'edge01', [existing], current).get(existing)).toBe('net-sriov');
  });

  it('adds a hash where two packages would land in the same directory', () => {
    const refs = [
      { repository: 'catalog-a', package: 'net/sriov' },
      { repository: 'catalog-b', package: 'net/sriov' },
    ];
    expect([...downstreamPackages('edge01-', 'edge01', refs).values()]).toEqual([
      `edge01-net-sriov-${shortHash('edge01/catalog-a/net/sriov')}`,
      `edge01-net-sriov-${shortHash('edge01/catalog-b/net/sriov')}`,
    ]);
  });
});
