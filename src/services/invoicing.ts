// Issuing sessions' invoices, inside the transaction that stops them (services/session-stops.ts): a session is
// never stopped without its invoice, a stop replayed by a charger that was offline takes the same path, and a
// repeated stop issues nothing (unique invoice per session). A group of stops issues its invoices in three
// statements whatever its size (the tariffs, the idle histories, the invoices), a lone stop being the group of
// one. Nothing here may fail on data: no tariff prices at 0, a meter anomaly prices at 0 Wh (domain/pricing.ts).
import * as store from '../store/index.js';
import type { Db } from '../store/db.js';
import type { ChargingSession } from '../domain/model.js';
import type { Invoice } from '../domain/invoices.js';
import { idleMinutes, type StatusAt } from '../domain/idle.js';
import { priceSession, type PricedSession, type Tariff } from '../domain/pricing.js';
import type { DomainEvents } from '../shared/events.js';

/** When a session counts as stopped for its invoice. */
const stoppedAtOf = (session: ChargingSession, now: Date): Date => session.stoppedAt ?? now;

/** The pure pricing of one stopped session, on its tariff and its connector's status history. */
function priceStopped(session: ChargingSession, tariff: Tariff | null, history: StatusAt[], now: Date): PricedSession {
  const stoppedAt = stoppedAtOf(session, now);
  // A stop dated before its start (an anomaly) lasts 0 minutes rather than a negative time.
  const durationMs = Math.max(0, stoppedAt.getTime() - session.startedAt.getTime());
  return priceSession(tariff, {
    energyWh: session.energyWh, // null after a meter anomaly (domain/sessions.ts decideStop)
    minutes: durationMs / 60_000,
    idleMinutes: idleMinutes(history, session.startedAt, stoppedAt),
  });
}

/** The invoices of these stopped sessions (distinct), by session id; a session invoiced already gets none. */
export async function issueInvoicesIn(tx: Db, sessions: ChargingSession[], now: Date): Promise<Map<number, Invoice>> {
  if (sessions.length === 0) return new Map();
  // One after another: a transaction is one connection, which runs one statement at a time (pg warns, and
  // pg 9 will refuse, when queries are queued on it concurrently).
  const tariffs = await store.tariffs.findTariffsForStations(tx, [...new Set(sessions.map((s) => s.stationId))]);
  const histories = await store.billingViews.listStatusHistories(tx, sessions.map((s) => ({
    stationId: s.stationId, connectorId: s.connectorId, from: s.startedAt, to: stoppedAtOf(s, now),
  })));
  return store.invoices.insertInvoicesOnce(tx, sessions.map((session, n) => {
    const tariff = tariffs.get(session.stationId) ?? null;
    return {
      ...priceStopped(session, tariff, histories[n] ?? [], now), sessionId: session.id, stationId: session.stationId,
      connectorId: session.connectorId, customerIdTag: session.idTag, tariffId: tariff?.id ?? null, issuedAt: now,
      sessionStoppedAt: stoppedAtOf(session, now),
    };
  }));
}

/** The payload of invoice.issued / invoice.paid / invoice.voided. Its customer comes with the invoice's own row
 * (store/invoices.ts names it in the statement that issues or reads it): no read of its own. */
export const invoiceEvent = (inv: Invoice, at: Date): DomainEvents['invoice.issued'] => ({
  invoiceId: inv.id, number: inv.number, sessionId: inv.sessionId, stationId: inv.stationId, connectorId: inv.connectorId,
  status: inv.status, totalMinor: inv.totalMinor, currency: inv.currency, at,
  customerId: inv.customerId, customerName: inv.customerName,
});
