// Everything a charger's messages can write, as rows, for "nothing changed" checks that also catch an update
// (rows.ts counts rows; this compares them). Reads the tables through the drizzle schema.
import { count, eq } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../src/store/db.js';
import {
  bookings, chargingSessions, commandLog, connectors, customers, dataTransfers, firmwareEvents, idTags, invoices,
  issueComments, maintenanceIssues, meterValues, payments, protocolViolations, slots, stations, statusNotifications,
  tariffs, unknownTransactionStops,
} from '../../src/store/schema/index.js';

const BY_STATION: Array<[string, PgTable, PgColumn]> = [
  ['charging_sessions', chargingSessions, chargingSessions.stationId],
  ['meter_values', meterValues, meterValues.stationId],
  ['status_notifications', statusNotifications, statusNotifications.stationId],
  ['connectors', connectors, connectors.stationId],
  ['unknown_transaction_stops', unknownTransactionStops, unknownTransactionStops.stationId],
  ['data_transfers', dataTransfers, dataTransfers.stationId],
  ['firmware_events', firmwareEvents, firmwareEvents.stationId],
  ['protocol_violations', protocolViolations, protocolViolations.stationId],
  ['slots', slots, slots.stationId],
  ['maintenance_issues', maintenanceIssues, maintenanceIssues.stationId],
  ['invoices', invoices, invoices.stationId],
  ['command_log', commandLog, commandLog.stationId],
];

// Tables no charger message may add to, whoever sends it. (Issue comments may be: a cleared fault's note on its
// own station's issue, so they are compared per station below.)
const GLOBAL: Array<[string, PgTable]> = [
  ['stations', stations], ['id_tags', idTags], ['customers', customers], ['bookings', bookings], ['payments', payments],
  ['tariffs', tariffs],
];

export type Snapshot = Record<string, string[]>;

/** The station's row (but when it was last seen: any frame proves the charger alive) and all rows it owns. */
export async function stationSnapshot(db: Db, stationId: number): Promise<Snapshot> {
  const snapshot: Snapshot = {};
  const [station] = await db.select().from(stations).where(eq(stations.id, stationId));
  const { lastSeenAt: _seen, updatedAt: _updated, ...rest } = station ?? ({} as Partial<typeof stations.$inferSelect>);
  snapshot.stations = [JSON.stringify(rest)];
  for (const [name, table, column] of BY_STATION) {
    const rows = await db.select().from(table).where(eq(column, stationId));
    snapshot[name] = rows.map((r) => JSON.stringify(r)).sort();
  }
  const comments = await db.select({ comment: issueComments }).from(issueComments)
    .innerJoin(maintenanceIssues, eq(issueComments.issueId, maintenanceIssues.id)).where(eq(maintenanceIssues.stationId, stationId));
  snapshot.issue_comments = comments.map((r) => JSON.stringify(r.comment)).sort();
  return snapshot;
}

export async function globalCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [name, table] of GLOBAL) counts[name] = (await db.select({ n: count() }).from(table))[0]?.n ?? 0;
  return counts;
}

/** The tables whose rows differ, with a few rows of each side. */
export function snapshotDiff(before: Snapshot, after: Snapshot): string[] {
  return Object.keys({ ...before, ...after }).flatMap((name) => {
    const a = before[name] ?? [];
    const b = after[name] ?? [];
    if (JSON.stringify(a) === JSON.stringify(b)) return [];
    const gone = a.filter((r) => !b.includes(r)).slice(0, 1).map((r) => r.slice(0, 240));
    const added = b.filter((r) => !a.includes(r)).slice(0, 1).map((r) => r.slice(0, 240));
    return [`${name}: ${a.length} → ${b.length} rows; gone ${JSON.stringify(gone)}; new ${JSON.stringify(added)}`];
  });
}
