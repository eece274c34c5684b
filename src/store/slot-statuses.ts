// The facts a slot's status is derived from (domain/slots.ts SlotFacts), read in ONE statement. The slot watcher
// recomputes statuses after every status report, session, issue and booking (services/slot-watch.ts); the
// staff view (services/slots.ts slotViews) reads seven tables for far more than the status, which cost a
// busy charger half its statements (issue 14). The rules below are the view's, row by row:
//   connectorStatus: the connector's latest report, shown only for an active station (store/dashboard.ts listOutlets);
//   underMaintenance: an open issue of a service-affecting source names the connector or the whole station, connector 0
//     (domain/monitoring.ts maintenanceFor, domain/maintenance-issues.ts SERVICE_AFFECTING_SOURCES);
//   sessionRunning: a session on the connector not stopped (index charging_sessions_active);
//   bookedNow: a holding booking (domain/bookings.ts HOLDING) whose window covers now (index bookings_slot_window).
import { and, asc, eq, exists, gt, inArray, isNull, lte, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { SlotFacts, Slot } from '../domain/slots.js';
import type { ConnectorStatus } from '../domain/model.js';
import { HOLDING } from '../domain/bookings.js';
import { OPEN_ISSUE_STATUSES, SERVICE_AFFECTING_SOURCES } from '../domain/maintenance-issues.js';
import type { Db } from './db.js';
import { bookings, chargingSessions, connectors, maintenanceIssues, slots, stations } from './schema/index.js';

export type SlotWithFacts = Slot & SlotFacts;

/** Which slots: those of any of these stations and any of these slot ids; every slot when neither is given. */
export interface SlotFactsFilter { stationIds?: readonly number[]; ids?: readonly number[] }

/** An open service-affecting issue names this connector or its whole station (also the dashboard's count). */
export const underMaintenanceOf = (db: Db, stationId: AnyColumn, connectorId: AnyColumn) =>
  exists(db.select({ one: sql`1` }).from(maintenanceIssues).where(and(
    eq(maintenanceIssues.stationId, stationId),
    or(eq(maintenanceIssues.connectorId, 0), eq(maintenanceIssues.connectorId, connectorId)),
    inArray(maintenanceIssues.status, [...OPEN_ISSUE_STATUSES]),
    inArray(maintenanceIssues.source, [...SERVICE_AFFECTING_SOURCES]),
  )));

// The facts of a slot's status, also counted by the dashboard (store/dashboard.ts countSlots).
export const underMaintenance = (db: Db) => underMaintenanceOf(db, slots.stationId, slots.connectorId);

export const sessionRunning = (db: Db) => exists(db.select({ one: sql`1` }).from(chargingSessions).where(and(
  eq(chargingSessions.stationId, slots.stationId), eq(chargingSessions.connectorId, slots.connectorId), isNull(chargingSessions.stoppedAt),
)));

export const bookedAt = (db: Db, now: Date) => exists(db.select({ one: sql`1` }).from(bookings).where(and(
  eq(bookings.slotId, slots.id), inArray(bookings.status, [...HOLDING]), lte(bookings.startsAt, now), gt(bookings.endsAt, now),
)));

/** The filter's condition: undefined for every slot, null for none (empty lists given). */
function chosen(f: SlotFactsFilter): SQL | undefined | null {
  if (f.stationIds === undefined && f.ids === undefined) return undefined;
  // Array parameters, not IN lists: the same statement text (one prepared statement) whatever the number of ids.
  return or(
    f.stationIds?.length ? sql`${slots.stationId} = ANY(${sql.param([...f.stationIds])}::int[])` : undefined,
    f.ids?.length ? sql`${slots.id} = ANY(${sql.param([...f.ids])}::int[])` : undefined,
  ) ?? null;
}

/** Each chosen slot with the four facts of its status as of `now`, by station and connector. */
export async function listSlotFacts(db: Db, now: Date, f: SlotFactsFilter = {}): Promise<SlotWithFacts[]> {
  const where = chosen(f);
  if (where === null) return [];
  const rows = await db.select({
    id: slots.id, code: slots.code, stationId: slots.stationId, connectorId: slots.connectorId,
    connectorStatus: sql<string | null>`CASE WHEN ${stations.active} THEN ${connectors.status} END`,
    underMaintenance: sql<boolean>`${underMaintenance(db)}`,
    sessionRunning: sql<boolean>`${sessionRunning(db)}`,
    bookedNow: sql<boolean>`${bookedAt(db, now)}`,
  }).from(slots)
    .innerJoin(stations, eq(stations.id, slots.stationId))
    .leftJoin(connectors, and(eq(connectors.stationId, slots.stationId), eq(connectors.connectorId, slots.connectorId)))
    .where(where)
    .orderBy(asc(slots.stationId), asc(slots.connectorId));
  return rows.map((r) => ({ ...r, connectorStatus: r.connectorStatus as ConnectorStatus | null }));
}
