// Cluster mode (issue 15): this process is one node of several that share one PostgreSQL server and one NATS
// server. What a single node keeps in memory becomes cluster-wide here, each piece in a file of its own:
//   event-relay.ts     every domain event published to a JetStream stream after commit (an outbox table while
//                      NATS is away); every node's events delivered to this node's cluster-wide listeners and SSE
//   presence.ts        which stations some node holds (isOnline), from the stream, seeded from PostgreSQL
//   holds.ts           this node's chargers: the claim that closes an older connection on another node, and the
//                      per-station command subject the holder answers
//   remote-commands.ts the ChargerCommands port across nodes: local first, else a NATS request to the holder
//   node-beats.ts      each node's beat in PostgreSQL; a dead node's connections closed and its chargers offline
//   job-lock.ts        periodic jobs on one node at a time (a PostgreSQL advisory lock that dies with its holder)
// app.ts builds it when NATS_URL is set; without it nothing here is loaded.
import type { ClusterConfig } from '../config.js';
import type { Db } from '../store/db.js';
import type { Clock } from '../shared/clock.js';
import type { EventBus } from '../shared/events.js';
import type { Logger } from '../shared/logger.js';
import type { ChargerCommands } from '../services/ports.js';
import type { StationRegistry } from '../ocpp/registry.js';
import { openNatsLink, type NatsLink } from './nats-link.js';
import { startEventRelay, type EventRelay } from './event-relay.js';
import { startPresence } from './presence.js';
import { startHolds } from './holds.js';
import { makeRemoteCommands } from './remote-commands.js';
import { beatTimings, startNodeBeats } from './node-beats.js';
import { openJobLock, type JobLock } from './job-lock.js';

export interface ClusterDeps {
  config: ClusterConfig;
  /** The server this node and every other share (cluster mode requires it, config.ts). */
  databaseUrl: string;
  db: Db;
  /** This node's live connections (ocpp/registry.ts) and the commands that work on them (ocpp/commands.ts). */
  registry: StationRegistry;
  local: ChargerCommands;
  events: EventBus;
  clock: Clock;
  log: Logger;
  offlineAfterS: number;
  callTimeoutMs: number;
}

export interface Cluster {
  nodeId: string;
  link: NatsLink;
  /** The ChargerCommands the services get: a charger held here is called here, else through its holder. */
  commands: ChargerCommands;
  /** The live stream's source: every node's events with their stream sequence (realtime/event-stream.ts). */
  events: EventRelay;
  /** Whether this node runs the periodic jobs now (jobs/index.ts asks before each run). */
  jobLock: JobLock;
  /** Stops everything here; the caller has closed the OCPP server first, so the last disconnects are published. */
  close(): Promise<void>;
}

export async function openCluster(d: ClusterDeps): Promise<Cluster> {
  const log = d.log.child({ nodeId: d.config.nodeId });
  const link = await openNatsLink(d.config, log);
  const nodeId = d.config.nodeId;
  const events = await startEventRelay({ link, events: d.events, db: d.db, nodeId, retentionH: d.config.eventRetentionH, log });
  const presence = await startPresence({ db: d.db, events: d.events });
  const holds = startHolds({ link, registry: d.registry, events: d.events, local: d.local, nodeId, log });
  const commands = makeRemoteCommands({ link, local: d.local, presence, callTimeoutMs: d.callTimeoutMs, nodeId, log });
  const askEveryMs = beatTimings(d.offlineAfterS).beatMs; // the beats ask the lock every beat
  const jobLock = await openJobLock({ databaseUrl: d.databaseUrl, clusterName: d.config.name, log, askEveryMs });
  const beats = await startNodeBeats({
    db: d.db, events: d.events, clock: d.clock, log, nodeId, offlineAfterS: d.offlineAfterS, jobLock, registry: d.registry,
  });
  return {
    nodeId, link, commands, events, jobLock,
    async close() {
      // Each step whatever the one before did (PostgreSQL or NATS down at shutdown): the pending events still
      // go out, the lock's connection and the NATS connection still close.
      const steps: Array<[string, () => unknown]> = [
        ['node beats', () => beats.stop()], ['holds', () => holds.stop()], ['presence', () => presence.stop()],
        ['event relay', () => events.close()], ['job lock', () => jobLock.close()], ['NATS link', () => link.close()],
      ];
      for (const [step, close] of steps) {
        try {
          await close();
        } catch (err) {
          log.error({ err, step }, 'closing the cluster: a step failed; going on with the next');
        }
      }
    },
  };
}
