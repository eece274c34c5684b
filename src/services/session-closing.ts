// Staff close a session the charger will never stop (issue 18). The stop goes through StopTransaction's own write
// path (session-stops.ts stopSessions: the session stopped, its booking completed, its invoice issued, in one
// transaction), under the same row lock, so a StopTransaction racing the close is either the stop (and the close a
// 409) or a late stop kept beside it; then who closed it, when and why, and session.stopped as a stop emits it.
import * as store from '../store/index.js';
import { inTransaction } from '../store/db.js';
import { recordClosure } from '../store/session-closings.js';
import { closingStop, STAFF_CLOSE_REASON } from '../domain/session-closing.js';
import { decideStop } from '../domain/sessions.js';
import type { Principal } from '../domain/staff.js';
import type { Invoice } from '../domain/invoices.js';
import type { ChargingSession } from '../domain/model.js';
import { AppError } from '../shared/errors.js';
import { emitStopped, stopSessions, type StopInput } from './session-stops.js';
import type { ServiceDeps } from './deps.js';

/** The answer of a close: the stop as recorded, who closed it, and the invoice it issued. */
export interface ClosedSession {
  sessionId: number;
  stationId: number;
  connectorId: number;
  startedAt: Date;
  stoppedAt: Date;
  meterStartWh: number;
  meterStopWh: number;
  /** Null when the last reading was below meterStart (stopAnomaly MeterWentBackwards): priced at 0 Wh. */
  energyWh: number | null;
  stopReason: string;
  stopAnomaly: string | null;
  closedBy: string;
  closedAt: Date;
  closedReason: string;
  invoice: Pick<Invoice, 'id' | 'number' | 'status' | 'totalMinor' | 'currency'> | null;
}

export interface SessionClosingService {
  /** Closes a running session as stopped by staff; NotFound naming sessionId, Conflict (naming it) once stopped. */
  close(sessionId: number, reason: string, by: Principal): Promise<ClosedSession>;
}

const stoppedAlready = (s: ChargingSession) =>
  new AppError('Conflict', `session ${s.id} is not running: it stopped at ${s.stoppedAt!.toISOString()}`, { field: 'sessionId' });

export function makeSessionClosingService(d: ServiceDeps): SessionClosingService {
  return {
    async close(sessionId, reason, by) {
      const found = await store.sessions.getSession(d.db, sessionId); // NotFound naming sessionId
      if (found.stoppedAt !== null) throw stoppedAlready(found);
      const now = d.clock.now();
      const closed = await inTransaction(d.db, async (tx) => {
        // The StopTransaction's lock: a stop committed meanwhile is seen here, and this close refused.
        const [facts] = await store.sessionStops.lockSessionsForStops(tx, [{
          stationId: found.stationId, transactionId: sessionId, meterStopWh: found.meterStartWh, stoppedAt: now, reason: null, idTag: null,
        }]);
        const session = facts!.session!;
        if (session.stoppedAt !== null) throw stoppedAlready(session);
        const input: StopInput = {
          stationId: session.stationId, transactionId: session.id, ...closingStop(session), reason: STAFF_CLOSE_REASON, idTag: null,
          samples: [], rawTransactionData: null,
        };
        const done = await stopSessions(tx, [{ kind: 'stop', session, authorization: null, decision: decideStop(session, input), input }], now);
        await recordClosure(tx, session.id, { by: by.name, at: now, reason });
        return {
          input, session: done.sessions.get(session.id)!, booking: done.bookings.get(session.id) ?? null, invoice: done.invoices.get(session.id) ?? null,
        };
      });
      const { input, ...outcome } = closed;
      emitStopped(d, input, { outcome: 'stopped', authorization: null, ...outcome });
      d.log.info({ sessionId, stationId: closed.session.stationId, closedBy: by.name }, 'session closed by staff');
      const { session: s, invoice: i } = closed;
      return {
        sessionId: s.id, stationId: s.stationId, connectorId: s.connectorId, startedAt: s.startedAt, stoppedAt: s.stoppedAt!,
        meterStartWh: s.meterStartWh, meterStopWh: s.meterStopWh!, energyWh: s.energyWh, stopReason: STAFF_CLOSE_REASON, stopAnomaly: s.stopAnomaly,
        closedBy: by.name, closedAt: now, closedReason: reason,
        invoice: i && { id: i.id, number: i.number, status: i.status, totalMinor: i.totalMinor, currency: i.currency },
      };
    },
  };
}
