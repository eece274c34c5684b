// Wide reads behind billing: the status history an idle fee is priced on, what awaits payment, exports.
import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { StatusAt } from '../domain/idle.js';
import type { AwaitingPayment } from '../domain/invoices.js';
import type { Db } from './db.js';
import { bookings, chargingSessions, customers, invoices, stations, statusNotifications } from './schema/index.js';

const s = statusNotifications;
// A report's time: the charger's own timestamp when it sent one (a replayed report keeps its time), else arrival.
const reportAt = sql<Date>`coalesce(${s.chargerTimestamp}, ${s.receivedAt})`.mapWith(s.receivedAt);

/** A connector's reports during [from, to), plus the one in force at `from` (domain/idle.ts). */
export async function listStatusHistory(db: Db, stationId: number, connectorId: number, from: Date, to: Date): Promise<StatusAt[]> {
  const on = and(eq(s.stationId, stationId), eq(s.connectorId, connectorId));
  // In turn, not in parallel: db may be a transaction, one connection (services/invoicing.ts).
  const before = await db.select({ status: s.status, at: reportAt }).from(s).where(and(on, lt(reportAt, from))).orderBy(desc(reportAt)).limit(1);
  const during = await db.select({ status: s.status, at: reportAt }).from(s).where(and(on, gte(reportAt, from), lt(reportAt, to))).orderBy(asc(reportAt));
  return [...before, ...during];
}

/** Sessions whose invoice is unpaid, oldest stop first (the longest waiting at the top). */
export async function listAwaitingPayment(db: Db, limit: number): Promise<AwaitingPayment[]> {
  return db.select({
    sessionId: invoices.sessionId, invoiceId: invoices.id, customerName: customers.name, totalMinor: invoices.totalMinor,
    currency: invoices.currency, stoppedAt: invoices.sessionStoppedAt, stationId: invoices.stationId, connectorId: invoices.connectorId,
    authorizationStatus: chargingSessions.authorizationStatus,
  }).from(invoices).innerJoin(chargingSessions, eq(chargingSessions.id, invoices.sessionId))
    .leftJoin(customers, eq(customers.id, invoices.customerId))
    .where(eq(invoices.status, 'unpaid')).orderBy(asc(invoices.sessionStoppedAt), asc(invoices.id)).limit(limit);
}

export interface UnpaidOnConnector { stationId: number; connectorId: number; sessionId: number; invoiceId: number; bookingId: number | null }

/** The newest unpaid session of each connector (of these stations), with the booking it fulfilled. */
export async function listUnpaidOnConnectors(db: Db, stationIds: number[]): Promise<UnpaidOnConnector[]> {
  if (stationIds.length === 0) return [];
  const rows = await db.select({
    stationId: invoices.stationId, connectorId: invoices.connectorId, sessionId: invoices.sessionId,
    invoiceId: invoices.id, bookingId: bookings.id,
  }).from(invoices).leftJoin(bookings, eq(bookings.sessionId, invoices.sessionId))
    .where(and(eq(invoices.status, 'unpaid'), inArray(invoices.stationId, stationIds)))
    .orderBy(desc(invoices.sessionStoppedAt), desc(invoices.id));
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(`${r.stationId}/${r.connectorId}`) && Boolean(seen.add(`${r.stationId}/${r.connectorId}`)));
}

export interface SessionExportRow {
  sessionId: number; chargeBoxId: string; connectorId: number; idTag: string; authorizationStatus: string; customerName: string | null;
  startedAt: Date; stoppedAt: Date | null; energyWh: number | null; stopReason: string | null;
  invoiceId: number | null; invoiceStatus: string | null; totalMinor: number | null; currency: string | null;
}

/** Sessions started in [from, to), oldest first, with their invoice (if any). */
export async function listSessionsForExport(db: Db, from: Date, to: Date): Promise<SessionExportRow[]> {
  const c = chargingSessions;
  return db.select({
    sessionId: c.id, chargeBoxId: stations.chargeBoxId, connectorId: c.connectorId, idTag: c.idTag, authorizationStatus: c.authorizationStatus,
    customerName: customers.name, startedAt: c.startedAt, stoppedAt: c.stoppedAt, energyWh: c.energyWh, stopReason: c.stopReason,
    invoiceId: invoices.id, invoiceStatus: invoices.status, totalMinor: invoices.totalMinor, currency: invoices.currency,
  }).from(c).innerJoin(stations, eq(stations.id, c.stationId))
    .leftJoin(invoices, eq(invoices.sessionId, c.id)).leftJoin(customers, eq(customers.id, invoices.customerId))
    .where(and(gte(c.startedAt, from), lt(c.startedAt, to))).orderBy(asc(c.startedAt), asc(c.id));
}
