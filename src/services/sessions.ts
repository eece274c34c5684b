// Charging sessions (OCPP transactions): start, meter values, stop. Every message is persisted before it is
// answered, and a resent message lands on the row it created the first time.
import * as store from '../store/index.js';
import { meterSeries } from '../domain/meter-readings.js';
import type { MeterSample, SessionView, ChargingSession } from '../domain/model.js';
import type { LatestReadings } from '../domain/meter-readings.js';
import type { UnknownStop } from '../domain/charger-messages.js';
import type { SessionFilter } from '../store/sessions.js';
import type { SessionQuery } from '../store/session-views.js';
import type { Page } from '../domain/paging.js';
import type { SessionFilters } from '../domain/session-filters.js';
import type { PageRequest } from '../store/keyset.js';
import type { StaffClosure } from '../domain/session-closing.js';
import type { ServiceDeps } from './deps.js';
import type { Invoice } from '../domain/invoices.js';
import { makeMeterValuesWriter, type MeterValuesInput } from './meter-values-writer.js';
import { makeStartWriter, type StartInput, type StartOutcome } from './session-starts.js';
import { makeStopWriter, type StopInput, type StopOutcome } from './session-stops.js';

// Two groups in flight: while one waits for its commit's disk flush, the next is written (services/meter-values-writer.ts).
// Measured with npm run bench -- saturation: 2 gave 6,836 msg/s, 4 gave 6,637, 8 gave 5,401 (smaller groups).
const METER_WRITER = { concurrency: 2, maxSamples: 4_000 };

export type { StartInput, StartOutcome } from './session-starts.js';
export type { StopInput, StopOutcome } from './session-stops.js';

/** A session for staff with every sample, its charging curve and its invoice. */
export type SessionDetail = SessionView & StaffClosure & { invoice: Invoice | null; series: LatestReadings[]; meterValues: MeterSample[] };

/** Charging sessions: the OCPP transaction messages' write paths, and what staff read of them. */
export interface SessionService {
  /** StartTransaction: always stored, whatever the tag's status (OCPP.md); a resend gets the same transactionId. */
  start(input: StartInput): Promise<StartOutcome>;
  /** MeterValues: every sample stored; a transaction's live figures follow its newest sample. */
  recordMeterValues(input: MeterValuesInput): Promise<void>;
  /** StopTransaction: always accepted (OCPP.md), a repeat changes nothing, an unknown transaction is recorded. */
  stop(input: StopInput): Promise<StopOutcome>;
  /** One session; NotFound naming sessionId. */
  get(sessionId: number): Promise<ChargingSession>;
  /** Sessions by state and station, newest first. */
  list(filter: SessionFilter): Promise<ChargingSession[]>;
  /** Sessions running right now (not stopped), for the metrics. */
  countActive(): Promise<number>;
  /** For staff: sessions with their customer, filtered and paged, newest first (startedAt, id). */
  listPage(filters: SessionFilters, page: PageRequest): Promise<Page<SessionView & StaffClosure>>;
  /** listPage's rows for an internal reader that wants them all at once (the dashboard's running sessions). */
  listViews(q: SessionQuery): Promise<SessionView[]>;
  /** One session for staff, with every sample and its charging curve; NotFound naming sessionId. */
  detail(sessionId: number): Promise<SessionDetail>;
  /** The session's samples, oldest first. */
  samples(sessionId: number): Promise<MeterSample[]>;
  /** The station's samples that belong to no known transaction. */
  unlinkedSamples(stationId: number): Promise<Array<MeterSample & { connectorId: number }>>;
  /** The station's StopTransactions for transactions we never issued. */
  unknownStops(stationId: number): Promise<UnknownStop[]>;
}

export function makeSessionService(d: ServiceDeps): SessionService {
  const meterValues = makeMeterValuesWriter(d, METER_WRITER);
  const starts = makeStartWriter(d);
  const stops = makeStopWriter(d);

  return {
    start: starts.start,

    /** MeterValues: every sample stored; a transaction's live figures follow its newest sample (store/newest-wins.ts). */
    async recordMeterValues(input: MeterValuesInput) {
      const { updated, unknownTransaction } = await meterValues.write(input);
      if (unknownTransaction) {
        d.log.warn({ stationId: input.stationId, transactionId: input.transactionId }, 'meter values for an unknown transaction kept unlinked');
      }
      if (updated) {
        d.events.emit('session.updated', {
          sessionId: updated.sessionId, stationId: updated.stationId, connectorId: updated.connectorId, energyWh: updated.energyWh,
          powerW: updated.latestPowerW, socPercent: updated.latestSocPercent, at: updated.latestMeterAt,
        });
      }
    },

    stop: stops.stop,

    get: (sessionId: number) => store.sessions.getSession(d.db, sessionId),
    list: (filter: SessionFilter) => store.sessions.listSessions(d.db, filter),
    /** Sessions running right now (not stopped), for the metrics. */
    countActive: () => store.sessions.countActiveSessions(d.db),
    listPage: (filters: SessionFilters, page: PageRequest) => store.sessionViews.listSessionPage(d.db, filters, page),
    listViews: (q: SessionQuery) => store.sessionViews.listSessionViews(d.db, q),
    /** One session for staff, with every sample and its charging curve. */
    async detail(sessionId: number) {
      const view = await store.sessionViews.getSessionView(d.db, sessionId);
      const meterValues = await store.meterValues.listSessionSamples(d.db, sessionId);
      const invoice = await store.invoices.findInvoiceOfSession(d.db, sessionId);
      return { ...view, invoice, series: meterSeries(meterValues), meterValues };
    },
    samples: (sessionId: number) => store.meterValues.listSessionSamples(d.db, sessionId),
    unlinkedSamples: (stationId: number) => store.meterValues.listUnlinkedSamples(d.db, stationId),
    unknownStops: (stationId: number) => store.sessions.listUnknownStops(d.db, stationId),
  };
}
