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

export async function openNatsLink(cluster: ClusterConfig, log: Logger): Promise<NatsLink> {
  const nc = await connect({
    servers: cluster.natsUrl,
    name: `${cluster.name}/${cluster.nodeId}`,
    maxReconnectAttempts: -1, // never give up: NATS coming back must find every node waiting
    reconnectTimeWait: 500,
    waitOnFirstConnect: false, // the first connect must succeed: a node that never saw NATS is misconfigured
  });
  let connected = true;
  const listeners = new Set<(connected: boolean) => void>();
  const set = (value: boolean) => {
    if (value === connected) return;
    connected = value;
    log[value ? 'info' : 'warn']({ nats: cluster.natsUrl }, value ? 'NATS connection back' : 'NATS connection lost; reconnecting');
    for (const l of listeners) l(value);
  };
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') set(false);
      else if (s.type === 'reconnect') set(true);
    }
  })();
  return {
    nc, cluster,
    get connected() { return connected && !nc.isClosed(); },
    onChange(listener) { listeners.add(listener); return () => listeners.delete(listener); },
    async close() {
      listeners.clear();
      if (!nc.isClosed()) await nc.drain().catch(() => nc.close());
    },
  };
}
