// Wide reads behind billing: the status history an idle fee is priced on, what awaits payment, exports.
import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { StatusAt } from '../domain/idle.js';
import type { AwaitingPayment } from '../domain/invoices.js';
import type { SessionFilters } from '../domain/session-filters.js';
import type { Db } from './db.js';
import { bookings, chargingSessions, customers, invoices, stations } from './schema/index.js';
import { sessionsWhere } from './session-views.js';


/** A connector and a time range: whose status history a session's idle fee is priced on. */
export interface StatusRange {
  stationId: number;
  connectorId: number;
  from: Date;
  to: Date;
}

/**
 * The status histories an idle fee is priced on (domain/idle.ts), for many ranges in ONE statement (a group of
 * StopTransactions, services/invoicing.ts): per range, the report in force at `from`, then those in [from, to)
 * (a report's time: the charger's own timestamp when it sent one, else arrival), joined laterally to the ranges
 * given as one JSON parameter; one history per range, in the order given. Each part is a range of
 * status_notifications_connector_time, whose third column is that same time expression, so the read does not grow
 * with the connector's history.
 */
export async function listStatusHistories(db: Db, ranges: StatusRange[]): Promise<StatusAt[][]> {
  if (ranges.length === 0) return [];
  const at = sql.raw('coalesce(n.charger_timestamp, n.received_at)');
  const on = sql.raw('n.station_id = (q.r->>0)::int AND n.connector_id = (q.r->>1)::int');
  const [fromAt, toAt] = [sql.raw('(q.r->>2)::timestamptz'), sql.raw('(q.r->>3)::timestamptz')];
  const json = JSON.stringify(ranges.map((r) => [r.stationId, r.connectorId, r.from.toISOString(), r.to.toISOString()]));
  const result = await db.execute(sql`
    SELECT q.ord, h.part, h.status, h.at_ms
    FROM jsonb_array_elements(${json}::jsonb) WITH ORDINALITY AS q(r, ord)
    CROSS JOIN LATERAL (
      (SELECT 0 AS part, n.status, extract(epoch FROM ${at}) * 1000 AS at_ms FROM status_notifications n
       WHERE ${on} AND ${at} < ${fromAt} ORDER BY ${at} DESC LIMIT 1)
      UNION ALL
      (SELECT 1, n.status, extract(epoch FROM ${at}) * 1000 FROM status_notifications n
       WHERE ${on} AND ${at} >= ${fromAt} AND ${at} < ${toAt})
    ) h ORDER BY q.ord, h.part, h.at_ms`);
  const rows = (result as unknown as { rows: Array<{ ord: number | string; status: string; at_ms: number | string }> }).rows;
  const histories = ranges.map((): StatusAt[] => []);
  for (const r of rows) histories[Number(r.ord) - 1]?.push({ status: r.status, at: new Date(Math.floor(Number(r.at_ms))) });
  return histories;
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

/** Sessions started in [from, to) that pass the sessions list's filters, oldest first, with their invoice (if any). */
export async function listSessionsForExport(db: Db, from: Date, to: Date, f: SessionFilters, limit: number): Promise<SessionExportRow[]> {
  const c = chargingSessions;
  return db.select({
    sessionId: c.id, chargeBoxId: stations.chargeBoxId, connectorId: c.connectorId, idTag: c.idTag, authorizationStatus: c.authorizationStatus,
    customerName: customers.name, startedAt: c.startedAt, stoppedAt: c.stoppedAt, energyWh: c.energyWh, stopReason: c.stopReason,
    invoiceId: invoices.id, invoiceStatus: invoices.status, totalMinor: invoices.totalMinor, currency: invoices.currency,
  }).from(c).innerJoin(stations, eq(stations.id, c.stationId))
    .leftJoin(invoices, eq(invoices.sessionId, c.id)).leftJoin(customers, eq(customers.id, invoices.customerId))
    .where(and(gte(c.startedAt, from), lt(c.startedAt, to), sessionsWhere(f))).orderBy(asc(c.startedAt), asc(c.id)).limit(limit);
}
