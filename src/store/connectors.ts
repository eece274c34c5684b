// Connectors and their status history (StatusNotification).
import { and, asc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Connector, ConnectorStatus, ConnectorStatusReport } from '../domain/model.js';
import type { MaintenanceIssue, NewIssue } from '../domain/maintenance-issues.js';
import { reportTime } from '../domain/connectors.js';
import type { Page } from '../domain/paging.js';
import { timeIdKey } from '../domain/session-filters.js';
import type { Db } from './db.js';
import { afterKey, orderOf, readPage, type PageRequest } from './keyset.js';
import { openedFaultIssue } from './maintenance-issues.js';
import { newestFirst, notOlderThanHeld } from './newest-wins.js';
import { connectors, statusNotifications } from './schema/index.js';

type ConnectorRow = typeof connectors.$inferSelect;

export const toConnector = (r: ConnectorRow): Connector => ({
  stationId: r.stationId,
  connectorId: r.connectorId,
  status: r.status as ConnectorStatus,
  errorCode: r.errorCode,
  info: r.info,
  vendorId: r.vendorId,
  vendorErrorCode: r.vendorErrorCode,
  statusAt: r.statusAt,
});

/** One StatusNotification to store; `fault` is the issue it opens if it becomes the latest state (a Faulted report). */
export interface StatusReportWrite {
  report: ConnectorStatusReport;
  /** Create the connector's slot if missing (the caller knows when it exists already). */
  createSlot: boolean;
  fault: NewIssue | null;
}

/** What one report did. */
export interface StatusReportWritten {
  /** The connector when this report became its latest state, else null. */
  changed: Connector | null;
  /** The maintenance issue its fault opened (null: not a fault, not the latest, or an open one stood already). */
  opened: MaintenanceIssue | null;
  /** When it became the latest state: the connector's fault issue that was open before it, if any. */
  openFaultIssueId: number | null;
}

/**
 * Every StatusNotification is written here, many at once (shared/batcher.ts BatchQueue) in ONE statement,
 * atomic as a statement is: every report goes to the history (in the order given); a connector's slot is
 * created on first sight when asked; each connector moves to its newest report of the group unless it holds a
 * newer one (store/newest-wins.ts); a Faulted report that so became the latest state opens its maintenance
 * issue in the same statement, once per fault: an open one stands (the partial unique index
 * maintenance_issues_one_open_fault, so racing groups still open one). One result per report, in order.
 */
export async function recordStatusReports(db: Db, writes: StatusReportWrite[]): Promise<StatusReportWritten[]> {
  const reports = writes.map(({ report, createSlot, fault }) => ({ report, fault, statusAt: reportTime(report), createSlot: createSlot && report.connectorId >= 1 }));
  const result = await db.execute(sql`
    WITH r AS (${reportRows(reports)}
    ), history AS (
      INSERT INTO status_notifications (station_id, connector_id, status, error_code, info, vendor_id, vendor_error_code, charger_timestamp, received_at)
      SELECT station_id, connector_id, status, error_code, info, vendor_id, vendor_error_code, charger_timestamp, received_at FROM r ORDER BY ord
    ), slot AS (
      INSERT INTO slots (station_id, connector_id, code)
      -- The station by its key, per report (a LIMIT keeps the subquery apart): joined plainly, the planner takes the
      -- JSON for 100 rows and reads every station (store/meter-value-groups.ts sessionById says why).
      SELECT DISTINCT s.id, r.connector_id, s.charge_box_id || '-' || r.connector_id
      FROM r CROSS JOIN LATERAL (SELECT id, charge_box_id FROM stations WHERE stations.id = r.station_id LIMIT 1) s
      WHERE r.create_slot
      ON CONFLICT DO NOTHING
    ), newest AS (
      SELECT DISTINCT ON (station_id, connector_id) * FROM r ORDER BY station_id, connector_id, ${newestFirst(sql.raw('status_at'), sql.raw('ord'))}
    ), moved AS (
      INSERT INTO connectors (station_id, connector_id, status, error_code, info, vendor_id, vendor_error_code, status_at, updated_at)
      SELECT station_id, connector_id, status, error_code, info, vendor_id, vendor_error_code, status_at, received_at FROM newest
      ON CONFLICT (station_id, connector_id) DO UPDATE SET status = excluded.status, error_code = excluded.error_code,
        info = excluded.info, vendor_id = excluded.vendor_id, vendor_error_code = excluded.vendor_error_code,
        status_at = excluded.status_at, updated_at = excluded.updated_at
      WHERE ${notOlderThanHeld(sql.raw('connectors.status_at'), sql.raw('excluded.status_at'))}
      RETURNING station_id, connector_id
    ), opened AS (
      INSERT INTO maintenance_issues (station_id, connector_id, title, description, status, source, fault_error_code, opened_by, opened_at, updated_at)
      SELECT n.station_id, n.connector_id, n.fault_title, n.fault_description, 'open', 'fault', n.fault_error_code, n.fault_opened_by,
        n.fault_opened_at, n.fault_opened_at
      FROM newest n JOIN moved USING (station_id, connector_id)
      WHERE n.fault_title IS NOT NULL
      ON CONFLICT (station_id, connector_id) WHERE source = 'fault' AND status IN ('open', 'in_progress') DO NOTHING
      RETURNING id, station_id, connector_id
    )
    -- maintenance_issues as it was before this statement (one snapshot): the fault issue open before the report.
    SELECT n.ord::int AS ord, o.id AS opened_id, f.id AS open_fault_id
    FROM newest n JOIN moved USING (station_id, connector_id)
    LEFT JOIN opened o USING (station_id, connector_id)
    LEFT JOIN maintenance_issues f ON f.station_id = n.station_id AND f.connector_id = n.connector_id AND f.source = 'fault'
      AND f.status IN ('open', 'in_progress')`);
  return toWritten(reports, (result as unknown as { rows: MovedRow[] }).rows);
}

interface PreparedReport {
  report: ConnectorStatusReport;
  fault: NewIssue | null;
  /** The time the report counts as (domain/connectors.ts reportTime). */
  statusAt: Date;
  createSlot: boolean;
}

/**
 * The reports as rows of ONE JSON parameter (positional, read back with ->>, as store/meter-value-groups.ts), numbered
 * (ord) in the order given: the statement is built from a handful of chunks, where sixteen array parameters cost
 * 55 µs of our CPU per group to build and more to encode (issue 14).
 */
function reportRows(reports: PreparedReport[]): SQL {
  const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
  const rows = reports.map(({ report: r, statusAt, createSlot, fault: f }) => [r.stationId, r.connectorId, r.status, r.errorCode, r.info,
    r.vendorId, r.vendorErrorCode, iso(r.chargerTimestamp), iso(r.receivedAt), iso(statusAt), createSlot, f?.title ?? null,
    f?.description ?? null, f?.faultErrorCode ?? null, f?.openedBy ?? null, iso(f?.openedAt)]);
  return sql`SELECT (t.r->>0)::int AS station_id, (t.r->>1)::int AS connector_id, t.r->>2 AS status, t.r->>3 AS error_code,
      t.r->>4 AS info, t.r->>5 AS vendor_id, t.r->>6 AS vendor_error_code, (t.r->>7)::timestamptz AS charger_timestamp,
      (t.r->>8)::timestamptz AS received_at, (t.r->>9)::timestamptz AS status_at, (t.r->>10)::boolean AS create_slot,
      t.r->>11 AS fault_title, t.r->>12 AS fault_description, t.r->>13 AS fault_error_code, t.r->>14 AS fault_opened_by,
      (t.r->>15)::timestamptz AS fault_opened_at, t.ord
    FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) WITH ORDINALITY AS t(r, ord)`;
}

/** Per report, what the statement did: its rows name the reports that moved their connector, by position (ord). */
function toWritten(reports: PreparedReport[], rows: MovedRow[]): StatusReportWritten[] {
  const moved = new Map(rows.map((m) => [Number(m.ord) - 1, m]));
  return reports.map(({ report: r, fault, statusAt }, i): StatusReportWritten => {
    const m = moved.get(i);
    if (!m) return { changed: null, opened: null, openFaultIssueId: null };
    const changed = { stationId: r.stationId, connectorId: r.connectorId, status: r.status, errorCode: r.errorCode, info: r.info,
      vendorId: r.vendorId, vendorErrorCode: r.vendorErrorCode, statusAt };
    const opened = m.opened_id === null || !fault ? null : openedFaultIssue(Number(m.opened_id), fault);
    return { changed, opened, openFaultIssueId: m.open_fault_id === null ? null : Number(m.open_fault_id) };
  });
}

interface MovedRow {
  ord: number | string;
  opened_id: number | string | null;
  open_fault_id: number | string | null;
}

export async function listConnectors(db: Db, stationId: number): Promise<Connector[]> {
  const rows = await db.select().from(connectors).where(eq(connectors.stationId, stationId))
    .orderBy(asc(connectors.connectorId));
  return rows.map(toConnector);
}

/** A StatusNotification as it was stored. */
export interface StatusReportRecord extends ConnectorStatusReport { id: number }

/** Which of a station's reports: one connector's, received in [from, to). */
export interface StatusHistoryFilter { connectorId?: number | undefined; from?: Date | undefined; to?: Date | undefined }

/**
 * A station's status reports, newest first (by arrival, then id), keyset-paged: one range of
 * status_notifications_station_time, or of status_notifications_station for one connector.
 */
export async function listStatusHistory(
  db: Db, stationId: number, f: StatusHistoryFilter, page: PageRequest,
): Promise<Page<StatusReportRecord>> {
  const t = statusNotifications;
  const key = [t.receivedAt, t.id];
  const where = and(eq(t.stationId, stationId), f.connectorId === undefined ? undefined : eq(t.connectorId, f.connectorId),
    f.from ? gte(t.receivedAt, f.from) : undefined, f.to ? lt(t.receivedAt, f.to) : undefined, afterKey(key, page.cursor, 'desc'));
  return readPage(page, async (limit, offset) => (await db.select().from(t).where(where).orderBy(...orderOf(key, 'desc'))
    .limit(limit).offset(offset)).map((r) => ({ ...r, status: r.status as ConnectorStatus })), (r) => timeIdKey(r.receivedAt, r.id));
}
