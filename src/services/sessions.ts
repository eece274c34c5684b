// Charging sessions (OCPP transactions): start, meter values, stop. Every message is persisted before it is
// answered, and a resent message lands on the row it created the first time.
import * as store from '../store/index.js';
import { inTransaction, type Db } from '../store/db.js';
import { decideStart, decideStop, givenAuthorization, type StartDecision, type StartRequest, type StopRequest } from '../domain/sessions.js';
import { meterSeries } from '../domain/meter-readings.js';
import type { Authorization, ChargingSession, IdTag, MeterSample, SessionView } from '../domain/model.js';
import type { LatestReadings } from '../domain/meter-readings.js';
import type { UnknownStop } from '../domain/charger-messages.js';
import type { SessionFilter } from '../store/sessions.js';
import type { SessionQuery } from '../store/session-views.js';
import { authorizeIn } from './id-tags.js';
import { authorize } from '../domain/authorization.js';
import { completeOnStop, linkStart } from './booking-sessions.js';
import { emitBookingChanged } from './booking-reservations.js';
import type { Booking } from '../domain/bookings.js';
import type { ServiceDeps } from './deps.js';
import type { Invoice } from '../domain/invoices.js';
import { invoiceEvent, issueInvoiceIn } from './invoicing.js';
import { makeMeterValuesWriter, writeMeterValuesIn, type MeterValuesInput } from './meter-values-writer.js';

// Two groups in flight: while one waits for its commit's disk flush, the next is written (services/meter-values-writer.ts).
// Measured with npm run bench -- saturation: 2 gave 6,836 msg/s, 4 gave 6,637, 8 gave 5,401 (smaller groups).
const METER_WRITER = { concurrency: 2, maxSamples: 4_000 };

/** StartTransaction's input (domain/sessions.ts StartRequest). */
export type StartInput = StartRequest;

export interface StopInput extends StopRequest {
  /** transactionData, already turned into samples. */
  samples: MeterSample[];
  rawTransactionData: unknown;
}

export interface StopOutcome {
  outcome: 'stopped' | 'already-stopped' | 'unknown-transaction';
  session: ChargingSession | null;
  authorization: Authorization | null;
  /** The booking this stop completed. */
  booking?: Booking | null;
  /** The invoice this stop issued (in the same transaction). */
  invoice?: Invoice | null;
}

/**
 * The one write of a new start: the insert on the unique start key (a resend racing the first lands on the row
 * it made). A single statement needs no transaction; linking the booking it fulfils takes one more, together.
 */
async function storeStart(db: Db, input: StartInput, decided: Extract<StartDecision, { kind: 'new' }>, tag: IdTag | null, now: Date) {
  const row = { ...input, authorizationStatus: decided.authorization.status };
  const fulfils = decided.fulfils;
  if (!fulfils) {
    const { session, created } = await store.sessions.insertSessionOnce(db, row);
    return { session, created, authorization: created ? decided.authorization : givenAuthorization(session, tag), booking: null };
  }
  return inTransaction(db, async (tx) => {
    const { session, created } = await store.sessions.insertSessionOnce(tx, row);
    if (!created) return { session, created, authorization: givenAuthorization(session, tag), booking: null };
    return { session, created, authorization: decided.authorization, booking: await linkStart(tx, fulfils, session.id, now) };
  });
}

/** StopTransaction's statements, in its transaction: the session locked with the stop tag's facts, then the writes. */
async function stopIn(tx: Db, input: StopInput, now: Date): Promise<StopOutcome> {
  const found = await store.sessionStops.findSessionForStop(tx, input.transactionId, input.stationId, input.idTag);
  const authorization = input.idTag === null ? null : found
    ? authorize(found.stopTag?.tag ?? null, { now, chargingElsewhere: found.stopTag?.chargingElsewhere ?? false })
    : await authorizeIn(tx, input.idTag, now, input.transactionId); // an unknown transaction: its own read
  if (!found) {
    await store.chargerMessages.insertUnknownStop(tx, {
      stationId: input.stationId, transactionId: input.transactionId, meterStopWh: input.meterStopWh,
      stoppedAt: input.stoppedAt, reason: input.reason, idTag: input.idTag,
      transactionData: input.rawTransactionData ?? null, receivedAt: now,
    });
    return { outcome: 'unknown-transaction', session: null, authorization };
  }
  const session = found.session;
  if (session.stoppedAt !== null) return { outcome: 'already-stopped', session, authorization };
  // transactionData takes the MeterValues write: its samples, and the live figures they move, in one statement.
  const transactionData = { stationId: session.stationId, connectorId: session.connectorId, transactionId: session.id, samples: input.samples };
  await writeMeterValuesIn(tx, transactionData, now);
  const decision = decideStop(session, input);
  const stopped = await store.sessions.updateSessionStop(tx, session.id, {
    meterStopWh: input.meterStopWh, stoppedAt: input.stoppedAt, stopReason: input.reason, stopIdTag: input.idTag,
    energyWh: decision.energyWh, stopAnomaly: decision.anomaly, at: now,
  });
  const booking = await completeOnStop(tx, session.id, now);
  return { outcome: 'stopped', session: stopped, authorization, booking, invoice: await issueInvoiceIn(tx, stopped, now) };
}

/** A session for staff with every sample, its charging curve and its invoice. */
export type SessionDetail = SessionView & { invoice: Invoice | null; series: LatestReadings[]; meterValues: MeterSample[] };

/** Charging sessions: the OCPP transaction messages' write paths, and what staff read of them. */
export interface SessionService {
  /** StartTransaction: always stored, whatever the tag's status (OCPP.md); a resend gets the same transactionId. */
  start(input: StartInput): Promise<{ session: ChargingSession; created: boolean; authorization: Authorization }>;
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
  /** For staff: sessions with their customer, filtered and paged. */
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

  return {
    /** StartTransaction: always stored, whatever the tag's status (OCPP.md); a resend gets the same transactionId. */
    async start(input: StartInput): Promise<{ session: ChargingSession; created: boolean; authorization: Authorization }> {
      const now = d.clock.now();
      const facts = await store.sessionStarts.loadStartFacts(d.db, input);
      const decision = decideStart(facts, { idTag: input.idTag, now });
      const result = decision.kind === 'resent'
        ? { session: decision.session, created: false, authorization: decision.authorization, booking: null }
        : await storeStart(d.db, input, decision, facts.tag, now);
      const s = result.session;
      if (result.created) {
        d.events.emit('session.started', {
          sessionId: s.id, stationId: s.stationId, connectorId: s.connectorId, idTag: s.idTag,
          authorizationStatus: result.authorization.status, at: s.startedAt,
        });
      }
      if (result.booking) emitBookingChanged(d, 'status', result.booking);
      return result;
    },

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

    /** StopTransaction: always accepted (OCPP.md), a repeat changes nothing, an unknown transaction is recorded. */
    async stop(input: StopInput): Promise<StopOutcome> {
      const now = d.clock.now();
      const outcome = await inTransaction(d.db, (tx) => stopIn(tx, input, now));
      if (outcome.outcome === 'unknown-transaction') {
        d.log.warn({ stationId: input.stationId, transactionId: input.transactionId }, 'stop for an unknown transaction recorded');
      }
      const s = outcome.session;
      if (outcome.booking) emitBookingChanged(d, 'status', outcome.booking);
      if (outcome.outcome === 'stopped' && s) {
        d.events.emit('session.stopped', {
          sessionId: s.id, stationId: s.stationId, connectorId: s.connectorId, energyWh: s.energyWh, at: s.stoppedAt ?? now,
          idTag: s.idTag, authorizationStatus: s.authorizationStatus, startedAt: s.startedAt, reason: s.stopReason,
        });
      }
      if (outcome.invoice) d.events.emit('invoice.issued', invoiceEvent(outcome.invoice, now));
      return outcome;
    },

    get: (sessionId: number) => store.sessions.getSession(d.db, sessionId),
    list: (filter: SessionFilter) => store.sessions.listSessions(d.db, filter),
    /** Sessions running right now (not stopped), for the metrics. */
    countActive: () => store.sessions.countActiveSessions(d.db),
    /** For staff: sessions with their customer, filtered and paged. */
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
