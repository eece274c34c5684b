// StopTransaction's write path (services/sessions.ts delegates): the session locked with the stop tag's facts,
// its samples, the stop, the booking it completes and its invoice, in one transaction.
import * as store from '../store/index.js';
import { inTransaction, type Db } from '../store/db.js';
import { decideStop, type StopRequest } from '../domain/sessions.js';
import type { Authorization, ChargingSession, MeterSample } from '../domain/model.js';
import type { Booking } from '../domain/bookings.js';
import type { Invoice } from '../domain/invoices.js';
import { authorizeIn } from './id-tags.js';
import { authorize } from '../domain/authorization.js';
import { completeOnStop } from './booking-sessions.js';
import { emitBookingChanged } from './booking-reservations.js';
import { invoiceEvent, issueInvoiceIn } from './invoicing.js';
import { writeMeterValuesIn } from './meter-values-writer.js';
import type { ServiceDeps } from './deps.js';

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

export function makeStopWriter(d: ServiceDeps) {
  return {
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
  };
}
