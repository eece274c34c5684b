// Row counts of everything a charger's messages can write, for "nothing changed" checks. Reads the tables
// through the drizzle schema, since no service lists them all.
import { count, eq, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import {
  chargingSessions, connectors, meterValues, statusNotifications, unknownTransactionStops,
} from '../../src/store/schema/index.js';
import type { TestApp } from './test-app.js';

export interface StationRows {
  sessions: number;
  meterValues: number;
  statusNotifications: number;
  connectors: number;
  unknownStops: number;
}

export async function stationRows(app: TestApp, stationId: number): Promise<StationRows> {
  const db = app.database.db;
  const rows = async (table: PgTable, where: SQL): Promise<number> =>
    (await db.select({ n: count() }).from(table).where(where))[0]?.n ?? 0;
  return {
    sessions: await rows(chargingSessions, eq(chargingSessions.stationId, stationId)),
    meterValues: await rows(meterValues, eq(meterValues.stationId, stationId)),
    statusNotifications: await rows(statusNotifications, eq(statusNotifications.stationId, stationId)),
    connectors: await rows(connectors, eq(connectors.stationId, stationId)),
    unknownStops: await rows(unknownTransactionStops, eq(unknownTransactionStops.stationId, stationId)),
  };
}
