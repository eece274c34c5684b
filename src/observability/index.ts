// What app.ts wires for monitoring: the metrics (fed by the OCPP edge and the database), the readiness check,
// and the two probe routes' dependencies. One per app: its own registry, detached from the database on close.
import type { Logger } from '../shared/logger.js';
import type { Database } from '../store/db.js';
import { createMetrics, type Metrics } from './metrics.js';
import { makeReadiness, type ReadyReport } from './ready.js';

export interface ObservabilityDeps {
  database: Database;
  log: Logger;
  /** null: GET /metrics answers without a token. */
  metricsToken: string | null;
  /** Called at scrape time only, so it may name services made after this. */
  activeSessions: () => Promise<number>;
  /** Cluster mode: whether the NATS connection is up now; /ready then checks it (observability/ready.ts). */
  natsConnected?: () => boolean;
}

export interface Observability {
  metrics: Metrics;
  probes: { metrics: Metrics; readiness: () => Promise<ReadyReport>; metricsToken: string | null };
  close(): void;
}

export function createObservability(d: ObservabilityDeps): Observability {
  const metrics = createMetrics({ activeSessions: d.activeSessions, log: d.log });
  const detach = d.database.observeTimings(metrics.dbTimings);
  const readiness = makeReadiness({ db: d.database.db, log: d.log, natsConnected: d.natsConnected });
  return { metrics, probes: { metrics, readiness, metricsToken: d.metricsToken }, close: detach };
}
