import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Connector, ConnectorStatus, ConnectorStatusReport } from '../domain/model.js';
import { reportTime } from '../domain/connectors.js';
import type { Db } from './db.js';
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

export async function insertStatusNotification(db: Db, r: ConnectorStatusReport): Promise<void> {
  await db.insert(statusNotifications).values(r);
}

/**
 * Creates the connector on first sight, or moves it to this report if the report is not older than what we
 * hold. Returns the connector when its latest state changed, null when a newer report already stood.
 */
export async function upsertConnectorIfNewer(db: Db, r: ConnectorStatusReport): Promise<Connector | null> {
  const statusAt = reportTime(r);
  const values = {
    stationId: r.stationId, connectorId: r.connectorId, status: r.status, errorCode: r.errorCode,
    info: r.info, vendorId: r.vendorId, vendorErrorCode: r.vendorErrorCode, statusAt, updatedAt: r.receivedAt,
  };
  const rows = await db.insert(connectors).values(values)
    .onConflictDoUpdate({
      target: [connectors.stationId, connectors.connectorId],
      set: {
        status: values.status, errorCode: values.errorCode, info: values.info, vendorId: values.vendorId,
        vendorErrorCode: values.vendorErrorCode, statusAt, updatedAt: r.receivedAt,
      },
      setWhere: sql`${connectors.statusAt} <= ${statusAt}`,
    })
    .returning();
  return rows[0] ? toConnector(rows[0]) : null;
}

/**
 * Status reports that open no issue, many at once (services/group-commit.ts) in ONE statement, atomic as a
 * statement is: every report goes to the history (in the order given); a connector's slot is created on first
 * sight when asked; each connector moves to its newest report of the group if that is not older than what we
 * hold (as upsertConnectorIfNewer). Returns, per report, the connector when that report became its latest state.
 */
export async function recordStatusReports(db: Db, reports: Array<{ report: ConnectorStatusReport; createSlot: boolean }>): Promise<Array<Connector | null>> {
  const rows = reports.map(({ report: r, createSlot }) => ({ r, statusAt: reportTime(r), createSlot: createSlot && r.connectorId >= 1 }));
  const col = <T>(f: (x: (typeof rows)[number]) => T) => sql.param(rows.map(f));
  const result = await db.execute(sql`
    WITH r AS (
      SELECT * FROM unnest(${col((x) => x.r.stationId)}::int[], ${col((x) => x.r.connectorId)}::int[], ${col((x) => x.r.status)}::text[],
        ${col((x) => x.r.errorCode)}::text[], ${col((x) => x.r.info)}::text[], ${col((x) => x.r.vendorId)}::text[],
        ${col((x) => x.r.vendorErrorCode)}::text[], ${col((x) => x.r.chargerTimestamp?.toISOString() ?? null)}::timestamptz[],
        ${col((x) => x.r.receivedAt.toISOString())}::timestamptz[], ${col((x) => x.statusAt.toISOString())}::timestamptz[],
        ${col((x) => x.createSlot)}::boolean[]) WITH ORDINALITY
        AS r(station_id, connector_id, status, error_code, info, vendor_id, vendor_error_code, charger_timestamp, received_at, status_at, create_slot, ord)
    ), history AS (
      INSERT INTO status_notifications (station_id, connector_id, status, error_code, info, vendor_id, vendor_error_code, charger_timestamp, received_at)
      SELECT station_id, connector_id, status, error_code, info, vendor_id, vendor_error_code, charger_timestamp, received_at FROM r ORDER BY ord
    ), slot AS (
      INSERT INTO slots (station_id, connector_id, code)
      SELECT DISTINCT s.id, r.connector_id, s.charge_box_id || '-' || r.connector_id FROM r JOIN stations s ON s.id = r.station_id
      WHERE r.create_slot
      ON CONFLICT DO NOTHING
    )
    INSERT INTO connectors (station_id, connector_id, status, error_code, info, vendor_id, vendor_error_code, status_at, updated_at)
    SELECT DISTINCT ON (station_id, connector_id) station_id, connector_id, status, error_code, info, vendor_id, vendor_error_code, status_at, received_at
    FROM r ORDER BY station_id, connector_id, status_at DESC, ord DESC
    ON CONFLICT (station_id, connector_id) DO UPDATE SET status = excluded.status, error_code = excluded.error_code,
      info = excluded.info, vendor_id = excluded.vendor_id, vendor_error_code = excluded.vendor_error_code,
      status_at = excluded.status_at, updated_at = excluded.updated_at
    WHERE connectors.status_at <= excluded.status_at
    RETURNING station_id, connector_id`);
  const moved = new Set((result as unknown as { rows: Array<{ station_id: number; connector_id: number }> }).rows
    .map((m) => `${m.station_id}/${m.connector_id}`));
  // The report that moved a connector is its newest in the group (the last given, among equals), as chosen above.
  const winner = new Map<string, number>();
  rows.forEach((x, i) => {
    const key = `${x.r.stationId}/${x.r.connectorId}`;
    const best = winner.get(key);
    if (best === undefined || (rows[best] as (typeof rows)[number]).statusAt <= x.statusAt) winner.set(key, i);
  });
  return rows.map((x, i) => {
    const key = `${x.r.stationId}/${x.r.connectorId}`;
    if (!moved.has(key) || winner.get(key) !== i) return null;
    const r = x.r;
    return { stationId: r.stationId, connectorId: r.connectorId, status: r.status, errorCode: r.errorCode, info: r.info,
      vendorId: r.vendorId, vendorErrorCode: r.vendorErrorCode, statusAt: x.statusAt };
  });
}

export async function listConnectors(db: Db, stationId: number): Promise<Connector[]> {
  const rows = await db.select().from(connectors).where(eq(connectors.stationId, stationId))
    .orderBy(asc(connectors.connectorId));
  return rows.map(toConnector);
}

export async function listStatusHistory(db: Db, stationId: number, limit = 100): Promise<ConnectorStatusReport[]> {
  const rows = await db.select().from(statusNotifications).where(eq(statusNotifications.stationId, stationId))
    .orderBy(desc(statusNotifications.id)).limit(limit);
  return rows.map((r) => ({ ...r, status: r.status as ConnectorStatus }));
}
