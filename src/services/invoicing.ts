// Issuing a session's invoice, inside the transaction that stops it (services/sessions.ts stop()): a session is
// never stopped without its invoice, a stop replayed by a charger that was offline takes the same path, and a
// repeated stop issues nothing (unique invoice per session). Nothing here may fail on data: no tariff prices at 0,
// a meter anomaly prices at 0 Wh (domain/pricing.ts).
import * as store from '../store/index.js';
import type { Db } from '../store/db.js';
import type { ChargingSession } from '../domain/model.js';
import type { Invoice } from '../domain/invoices.js';
import { idleMinutes } from '../domain/idle.js';
import { priceSession } from '../domain/pricing.js';
import type { DomainEvents } from '../shared/events.js';

export async function issueInvoiceIn(tx: Db, session: ChargingSession, now: Date): Promise<Invoice | null> {
  const stoppedAt = session.stoppedAt ?? now;
  // A stop dated before its start (an anomaly) lasts 0 minutes rather than a negative time.
  const durationMs = Math.max(0, stoppedAt.getTime() - session.startedAt.getTime());
  // One after another: a transaction is one connection, which runs one statement at a time (pg warns, and
  // pg 9 will refuse, when queries are queued on it concurrently).
  const tariff = await store.tariffs.findTariffForStation(tx, session.stationId);
  const history = await store.billingViews.listStatusHistory(tx, session.stationId, session.connectorId, session.startedAt, stoppedAt);
  const priced = priceSession(tariff, {
    energyWh: session.energyWh, // null after a meter anomaly (domain/sessions.ts decideStop)
    minutes: durationMs / 60_000,
    idleMinutes: idleMinutes(history, session.startedAt, stoppedAt),
  });
  return store.invoices.insertInvoiceOnce(tx, {
    ...priced, sessionId: session.id, stationId: session.stationId, connectorId: session.connectorId, customerIdTag: session.idTag,
    tariffId: tariff?.id ?? null, issuedAt: now, sessionStoppedAt: stoppedAt,
  });
}

/** The payload of invoice.issued / invoice.paid / invoice.voided. */
export const invoiceEvent = (inv: Invoice, at: Date): DomainEvents['invoice.issued'] => ({
  invoiceId: inv.id, number: inv.number, sessionId: inv.sessionId, stationId: inv.stationId, connectorId: inv.connectorId,
  status: inv.status, totalMinor: inv.totalMinor, currency: inv.currency, at,
});
