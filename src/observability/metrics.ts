// The Prometheus metrics of one central system: our named instruments in a registry of its own (tests run
// several apps in one process, and prom-client's global registry would mix them and refuse the second
// registration of a name), rendered after the process metrics prom-client collects. GET /metrics serves both.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Logger } from '../shared/logger.js';
import type { DbTimingObserver } from '../store/db.js';
import type { OcppMetrics } from '../ocpp/instrumentation.js';
import { within } from './deadline.js';

export interface MetricsDeps {
  /** Read at scrape time: the count in the database is right after a crash or a restart, a running tally is not. */
  activeSessions: () => Promise<number>;
  log: Logger;
}

export interface Metrics {
  readonly ocpp: OcppMetrics;
  readonly dbTimings: DbTimingObserver;
  /** The exposition text and its content type. */
  render(): Promise<{ contentType: string; text: string }>;
}

// Handlers answer in about a millisecond when the database is near, and OCPP chargers time out after some
// seconds: 1 ms … 5 s. A statement on the embedded database can take less than a millisecond, hence 0.5 ms.
const HANDLER_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const DB_BUCKETS_S = [0.0005, ...HANDLER_BUCKETS_S];
// A scrape must not hang on a database that does not answer.
const SCRAPE_QUERY_TIMEOUT_MS = 2_000;

// The process metrics (process_cpu_seconds_total, process_resident_memory_bytes, nodejs_eventloop_lag_seconds,
// heap, GC, handles) describe the process, whatever the number of apps in it, so they are collected once per
// process, on first use: each collectDefaultMetrics call starts an event-loop-delay timer and a GC observer of
// its own that nothing stops.
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export function createMetrics(d: MetricsDeps): Metrics {
  const ofProcess = processMetrics();
  const registry = new Registry();
  const registers = [registry];

  const connectionsOpen = new Gauge({ name: 'chargesync_ocpp_connections_open', help: 'OCPP WebSocket connections open now', registers });
  const connectionsOpened = new Counter({ name: 'chargesync_ocpp_connections_opened_total', help: 'OCPP WebSocket connections accepted', registers });
  const connectionsClosed = new Counter({ name: 'chargesync_ocpp_connections_closed_total', help: 'OCPP WebSocket connections closed', registers });
  const messages = new Counter({
    name: 'chargesync_ocpp_messages_total', help: "Inbound OCPP CALLs by action and answer ('ok' or the CALLERROR code)",
    labelNames: ['action', 'result'] as const, registers,
  });
  const handlerSeconds = new Histogram({
    name: 'chargesync_ocpp_handler_duration_seconds', help: 'Time our handler took to answer an inbound OCPP CALL, by action',
    labelNames: ['action'] as const, buckets: HANDLER_BUCKETS_S, registers,
  });
  const commands = new Counter({
    name: 'chargesync_ocpp_commands_total', help: 'Outbound OCPP commands by action and outcome',
    labelNames: ['action', 'outcome'] as const, registers,
  });
  const dbSeconds = new Histogram({
    name: 'chargesync_db_duration_seconds',
    help: "Database time: 'transaction' is BEGIN to COMMIT, 'query' one statement outside a transaction",
    labelNames: ['kind'] as const, buckets: DB_BUCKETS_S, registers,
  });
  new Gauge({
    name: 'chargesync_sessions_active', help: 'Charging sessions started and not stopped (NaN when the database does not answer)', registers,
    async collect() {
      try {
        this.set(await within(SCRAPE_QUERY_TIMEOUT_MS, d.activeSessions()));
      } catch (err) {
        d.log.warn({ err }, 'metrics: could not count active sessions');
        this.set(Number.NaN); // not 0: "no sessions" would be a lie
      }
    },
  });

  return {
    ocpp: {
      connectionOpened: () => { connectionsOpen.inc(); connectionsOpened.inc(); },
      connectionClosed: () => { connectionsOpen.dec(); connectionsClosed.inc(); },
      callAnswered: (action, result) => messages.inc({ action, result }),
      handlerSeconds: (action, seconds) => handlerSeconds.observe({ action }, seconds),
      commandFinished: (action, outcome) => commands.inc({ action, outcome }),
    },
    dbTimings: (kind, seconds) => dbSeconds.observe({ kind }, seconds),
    async render() {
      // Two whole expositions one after the other are one exposition: no family is in both (distinct names).
      const [own, shared] = await Promise.all([registry.metrics(), ofProcess.metrics()]);
      return { contentType: registry.contentType, text: shared + own };
    },
  };
}
