import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { KubeConfig, RequestContext, SecurityAuthentication } from '@kubernetes/client-node';

/**
 * The connections of one client. @kubernetes/client-node makes a new Agent for every request,
 * without keep-alive, so every request opened a connection of its own (and made its TCP and TLS
 * handshakes). Here every request goes through one keep-alive agent per TLS setup (what the
 * client's agent was made with: the kubeconfig's certificate authority, client certificate and
 * key, which an exec plugin may renew meanwhile), so that connections are reused: at most one per
 * request in flight. `close` ends them all; idle ones do not hold the process meanwhile (Node
 * unrefs them). The agents the client makes for a proxy (`proxy-url`) are used as it makes them.
 */
export interface Connections {
  /** The kubeconfig's authentication, then the shared agent for the request. */
  auth: SecurityAuthentication;
  /** Closes every connection; a request made after it opens new ones. */
  close(): void;
}

/** The TLS options the client sets on the agents it makes (KubeConfig.applySecurityAuthentication). */
const TLS_OPTIONS = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'] as const;

/** The TLS options of `agent` as one string, to find the shared agent made with the same ones. */
function tlsKey(agent: HttpsAgent): string {
  const options = agent.options as Record<string, unknown>;
  return JSON.stringify(
    TLS_OPTIONS.map((name) => {
      const value = options[name];
      return Buffer.isBuffer(value) ? value.toString('base64') : value === undefined ? null : String(value);
    }),
  );
}

export function sharedConnections(kc: KubeConfig): Connections {
  const agents = new Map<string, HttpAgent>();
  /** The shared agent standing for `made`, the one the client made for a request; undefined for a proxy's. */
  const shared = (made: HttpAgent | undefined): HttpAgent | undefined => {
    if (made?.constructor === HttpAgent) {
      const agent = agents.get('http') ?? new HttpAgent({ keepAlive: true });
      agents.set('http', agent);
      return agent;
    }
    if (made instanceof HttpsAgent && made.constructor === HttpsAgent) {
      const key = tlsKey(made);
      const agent = agents.get(key) ?? new HttpsAgent({ ...made.options, keepAlive: true });
      agents.set(key, agent);
      return agent;
    }
    return undefined;
  };
  return {
    auth: {
      getName: () => 'kubeconfig with shared connections',
      async applySecurityAuthentication(context: RequestContext) {
        await kc.applySecurityAuthentication(context);
        const agent = shared(context.getAgent());
        if (agent !== undefined) context.setAgent(agent);
      },
    },
    close() {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}
