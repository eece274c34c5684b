// The node's one connection to NATS (cluster mode, issue 15). It reconnects by itself, forever: a node keeps
// serving the chargers it holds while NATS is away (README "Running several nodes"), and `connected` tells
// /ready and the command router whether the rest of the cluster can be reached right now.
import { connect, type NatsConnection } from 'nats';
import type { ClusterConfig } from '../config.js';
import type { Logger } from '../shared/logger.js';

export interface NatsLink {
  nc: NatsConnection;
  /** Subject, stream and bucket names, all under CLUSTER_NAME (subjects.ts). */
  cluster: ClusterConfig;
  /** True while the connection is up (false from a disconnect until the reconnect). */
  readonly connected: boolean;
  /** Called with each change of `connected` (a reconnect drains the outbox, cluster/event-relay.ts). */
  onChange(listener: (connected: boolean) => void): () => void;
  close(): Promise<void>;
}

/**
 * The NATS server(s) as a log may name them: host:port only. NATS_URL may carry credentials
 * (nats://user:pass@host:4222, a list of such separated by commas), which never reach a log line.
 */
export function natsAddress(natsUrl: string): string {
  return natsUrl.split(',').map((one) => {
    const u = one.trim();
    try {
      const parsed = new URL(u.includes('://') ? u : `nats://${u}`);
      return parsed.port ? `${parsed.hostname}:${parsed.port}` : parsed.hostname;
    } catch {
      return u.replace(/^.*@/, ''); // not a URL: whatever precedes an @ is user info
    }
  }).join(',');
}

export async function openNatsLink(cluster: ClusterConfig, log: Logger): Promise<NatsLink> {
  const nc = await connect({
    servers: cluster.natsUrl,
    name: `${cluster.name}/${cluster.nodeId}`,
    maxReconnectAttempts: -1, // never give up: NATS coming back must find every node waiting
    reconnectTimeWait: 500,
    waitOnFirstConnect: false, // the first connect must succeed: a node that never saw NATS is misconfigured
    // Without it the client makes up to three Error objects (stack traces) per request, each event's publish
    // included, only to lengthen the stack of a request that fails: 6.5 % of a node's busy time in `cluster`.
    noAsyncTraces: true,
  });
  let connected = true;
  const listeners = new Set<(connected: boolean) => void>();
  const nats = natsAddress(cluster.natsUrl);
  const set = (value: boolean) => {
    if (value === connected) return;
    connected = value;
    log[value ? 'info' : 'warn']({ nats }, value ? 'NATS connection back' : 'NATS connection lost; reconnecting');
    // One listener's throw must neither skip the others nor end the status loop below.
    for (const l of listeners) {
      try {
        l(value);
      } catch (err) {
        log.error({ err }, 'a NATS connection listener failed');
      }
    }
  };
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') set(false);
      else if (s.type === 'reconnect') set(true);
    }
  })().catch((err: unknown) => log.error({ err }, 'NATS status loop ended: connection changes are no longer seen'));
  return {
    nc, cluster,
    get connected() { return connected && !nc.isClosed(); },
    onChange(listener) { listeners.add(listener); return () => listeners.delete(listener); },
    async close() {
      listeners.clear();
      // drain() rejects while NATS is down (it cannot flush): close() then, so the client stops reconnecting.
      await nc.drain().catch(() => undefined);
      if (!nc.isClosed()) await nc.close();
    },
  };
}
