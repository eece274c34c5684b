// What the orchestrator (bench/run.ts) and its load workers (bench/load/worker.ts) say to each other over IPC.
import type { WorkerStats } from '../stats.js';

export interface LoadShape {
  /** ws://host:port/ocpp */
  url: string;
  password: string;
  connectors: number;
  /** 0 = saturation: each charger sends its next message as soon as the last is answered. */
  meterIntervalMs: number;
  callTimeoutMs: number;
  /** Handshakes in flight at once per worker. */
  connectConcurrency: number;
}

export type ToWorker =
  | { type: 'init'; shape: LoadShape }
  | { type: 'add'; ids: string[] }
  | { type: 'report' }
  | { type: 'backlog' }
  | { type: 'drop' }
  | { type: 'reconnect' }
  | { type: 'stop' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'added'; connected: number; failed: number }
  | { type: 'report'; total: WorkerStats; window: WorkerStats; online: number; queued: number }
  | { type: 'backlog'; queued: number }
  | { type: 'dropped' }
  | { type: 'reconnected'; reconnected: number; failed: number; drainedMs: number }
  | { type: 'stopped' };
