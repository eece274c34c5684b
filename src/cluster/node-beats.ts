// Each node's beat in PostgreSQL (cluster_nodes), and the sweep that finds a dead one (issue 15 item 2): a node
// killed with SIGKILL closes nothing, so its open connection rows would keep its chargers "online" forever.
// Timing, against OCPP_OFFLINE_AFTER_S (T): a beat every T/4 (at least 1 s); a node whose beat is older than
// T minus one beat is dead (never under two beats: one late beat is not a death); the sweep runs with each beat,
// so a dead node's chargers are offline within T of its last beat (T >= 4 s; below, within three beats).
// The sweep runs on every node, not only the job lock's holder: a holder whose machine froze or lost its network
// keeps the lock until PostgreSQL finds its connection dead (job-lock.ts), and would sweep nothing meanwhile. Sweeps
// at once are safe (store/cluster-nodes.ts closeDeadNodes: row locks, stopped_at checked again), and only the one
// that closed a node's rows gets them back, so a node is announced dead (and logged) once.
// Beat ages are the database's clock on both sides (store/cluster-nodes.ts), so the nodes' clocks may differ.
import type { Db } from '../store/db.js';
import * as nodes from '../store/cluster-nodes.js';
import type { ClosedHold } from '../store/cluster-nodes.js';
import type { Clock } from '../shared/clock.js';
import type { EventBus } from '../shared/events.js';
import type { Logger } from '../shared/logger.js';
import type { StationRegistry } from '../ocpp/registry.js';
import { closeLive } from '../ocpp/connection-lifecycle.js';
import type { JobLock } from './job-lock.js';

export interface NodeBeatsDeps {
  db: Db; events: EventBus; clock: Clock; log: Logger; nodeId: string; offlineAfterS: number; jobLock: JobLock;
  /** This node's live connections: closed if the cluster declared this node dead (its rows are closed). */
  registry: StationRegistry;
}

// 1012 "service restart" (RFC 6455 §7.4.1, IANA registry): the charger reconnects, and is recorded afresh.
const DECLARED_DEAD_CLOSE_CODE = 1012;

export function beatTimings(offlineAfterS: number): { beatMs: number; deadAfterMs: number } {
  const t = offlineAfterS * 1000;
  const beatMs = Math.max(1_000, Math.floor(t / 4));
  return { beatMs, deadAfterMs: Math.max(2 * beatMs, t - beatMs) };
}

/** Starts the beats: the node's row says it lives, and what an earlier run of this NODE_ID left open is closed. */
export async function startNodeBeats(d: NodeBeatsDeps): Promise<{ stop(): Promise<void> }> {
  const { beatMs, deadAfterMs } = beatTimings(d.offlineAfterS);
  const started = d.clock.now();
  await nodes.recordNodeStarted(d.db, d.nodeId, started);
  announce(d, await nodes.closeOpenConnectionsOf(d.db, d.nodeId, { at: started, closeReason: 'central system restarted' }));

  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    // Each beat, whatever the beat itself waits on: the lock's connection is closed by PostgreSQL when it idles
    // past two beats (job-lock.ts idle_session_timeout). acquire() never rejects.
    void d.jobLock.acquire();
    running ??= beatAndSweep(d, deadAfterMs)
      .catch((err: unknown) => d.log.error({ err }, 'node beat or sweep failed'))
      .finally(() => { running = null; });
  }, beatMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
      // The caller closed the OCPP server first: this node's connections are closed and recorded already.
      // A database that is down now must not stop the rest of the shutdown: the others' sweep finds this node dead.
      await nodes.recordNodeStopped(d.db, d.nodeId, d.clock.now())
        .catch((err: unknown) => d.log.warn({ err }, 'could not record this node stopped; the other nodes will find it dead'));
    },
  };
}

async function beatAndSweep(d: NodeBeatsDeps, deadAfterMs: number): Promise<void> {
  const now = d.clock.now();
  if (!(await nodes.recordBeat(d.db, d.nodeId))) await declaredDead(d, now);
  const closed = await nodes.closeDeadNodes(d.db, { at: now, deadAfterS: deadAfterMs / 1000 });
  for (const nodeId of new Set(closed.map((c) => c.nodeId))) {
    d.log.warn({ deadNode: nodeId, connections: closed.filter((c) => c.nodeId === nodeId).length }, 'node stopped answering: its chargers are offline');
  }
  announce(d, closed);
}

/**
 * This node's beat came too late (a long pause) and another node declared it dead, closing its connection rows:
 * its chargers read offline everywhere while their sockets live here. They are closed so that they reconnect
 * (here or elsewhere) and are recorded again; the node lives on.
 */
async function declaredDead(d: NodeBeatsDeps, now: Date): Promise<void> {
  const live = d.registry.all();
  d.log.error({ connections: live.length }, 'this node was declared dead by the cluster (its beat came too late): closing its chargers so they reconnect');
  await nodes.recordNodeStarted(d.db, d.nodeId, now);
  // Not awaited: a charger that does not complete the close holds it for closeLive's grace, and the beats go on.
  for (const conn of live) {
    void closeLive(conn, { code: DECLARED_DEAD_CLOSE_CODE, reason: 'node was declared dead; reconnect' })
      .catch((err: unknown) => d.log.warn({ err }, 'closing a connection failed'));
  }
}

function announce(d: NodeBeatsDeps, closed: ClosedHold[]): void {
  for (const c of closed) {
    d.events.emit('station.offline', {
      stationId: c.stationId, chargeBoxId: c.chargeBoxId, at: d.clock.now(), reason: c.reason, connectionId: c.connectionId, nodeId: c.nodeId,
    });
  }
}
