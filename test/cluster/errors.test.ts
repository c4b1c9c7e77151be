import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../src/cluster/client.js';
import type { Request } from '../../src/cluster/client.js';

/** The one-line messages of describeFailure for Status bodies and errors the CLI tests do not reach. */

const server = 'https://k8s.example:6443';
const list: Request = { verb: 'list', group: 'porch.kpt.dev', resource: 'packagerevisions', namespace: 'default' };
const forbidden = (body: unknown) => new ApiException(403, 'Unknown API Status Code!', body, {});

describe('describeFailure', () => {
  it('403 on a discovery path names the path', () => {
    const body = JSON.stringify({
      kind: 'Status',
      status: 'Failure',
      reason: 'Forbidden',
      code: 403,
      message: 'forbidden: User "bob" cannot get path "/apis"',
    });
    expect(describeFailure(forbidden(body), server, '/apis', 30).message).toBe(
      `forbidden (403): the kubeconfig's user may not get on path /apis; grant it (README: the pkgdeps-catalog-reader ClusterRole); the server said: forbidden: User "bob" cannot get path "/apis"`,
    );
  });

  it('403 with only details names the refused resource and the verb of the request', () => {
    const body = {
      kind: 'Status',
      reason: 'Forbidden',
      code: 403,
      details: { group: 'porch.kpt.dev', kind: 'packagerevisionresources' },
    };
    expect(
      describeFailure(
        forbidden(body),
        server,
        '/apis/porch.kpt.dev/v1alpha1/namespaces/default/packagerevisions',
        30,
        list,
      ).message,
    ).toBe(
      "forbidden (403): the kubeconfig's user may not list packagerevisionresources.porch.kpt.dev in namespace default; grant it (README: the pkgdeps-catalog-reader ClusterRole)",
    );
  });

  it('other HTTP codes give the request and the Status message', () => {
    const error = new ApiException(
      503,
      'Unknown API Status Code!',
      '{"kind":"Status","message":"the server is currently unable to handle the request"}',
      {},
    );
    expect(describeFailure(error, server, '/x', 30, list).message).toBe(
      'list packagerevisions.porch.kpt.dev in namespace default failed with HTTP 503: the server is currently unable to handle the request',
    );
  });

  it('a DNS failure is unreachable; anything else names the request', () => {
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND k8s.example'), { code: 'ENOTFOUND' });
    expect(describeFailure(dns, server, '/apis', 30).message).toBe(
      `cannot reach the API server at ${server} (getaddrinfo ENOTFOUND k8s.example); check the kubeconfig's server address and the network`,
    );
    expect(describeFailure(new Error('exec plugin failed\nmore'), server, '/apis', 30).message).toBe(
      `GET /apis at ${server}: exec plugin failed`,
    );
  });
});
