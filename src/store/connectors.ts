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
