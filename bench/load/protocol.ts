// What the orchestrator (bench/run.ts) and its load workers (bench/load/worker.ts) say to each other over IPC.
import type { WorkerStats } from '../stats.js';

/** `mix`: whole sessions (bench/load/session-loop.ts) and heartbeats; `meter`: sessions kept open, MeterValues only. */
export type LoadProfile = 'mix' | 'meter';

export interface LoadShape {
  /** ws://host:port/ocpp */
  url: string;
  password: string;
  connectors: number;
  load: LoadProfile;
  /** mix: MeterValues per session. */
  meterValuesPerSession: number;
  /** 0 = saturation: each charger sends its next message as soon as the last is answered. */
  meterIntervalMs: number;
  callTimeoutMs: number;
  handshakeTimeoutMs: number;
  /** Handshakes in flight at once per worker. */
  connectConcurrency: number;
}

export type ToWorker =
  | { type: 'init'; shape: LoadShape }
  | { type: 'add'; ids: string[] }
  /** connect-storm: connect these at this rate (per second, this worker's share), boot each, keep them idle. */
  | { type: 'storm'; ids: string[]; ratePerS: number }
  | { type: 'report' }
  | { type: 'backlog' }
  | { type: 'drop' }
  | { type: 'reconnect' }
  | { type: 'stop' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'added'; connected: number; failed: number }
  /** allBootedMs: from the storm's first connection until the last charger connected had booted; failedIds: the
   * chargers whose handshake failed (the cluster bench's hold tries them again, as real chargers retry). */
  | { type: 'stormed'; connected: number; failed: number; allBootedMs: number; failedIds: string[] }
  | { type: 'report'; total: WorkerStats; window: WorkerStats; online: number; queued: number }
  | { type: 'backlog'; queued: number }
  | { type: 'dropped' }
  | { type: 'reconnected'; reconnected: number; failed: number; drainedMs: number }
  | { type: 'stopped' };
