// The staff dashboard's counts, each an aggregate in SQL (issue 18: a fleet's dashboard never loads every
// connector): stations online and offline, connectors by status, slots by the facts of their status.
// "Online" is a connection some node holds now, as PostgreSQL knows it: an open connection row, the staff station
// list's online (store/station-list.ts), so the two agree. A single node opens the row before it announces
// station.online and closes it before station.offline (services/chargers.ts), so a dashboard refetched on either
// event counts what the registry says; in a cluster the rows of a dead node are closed by the live ones
// (cluster/node-beats.ts) as its stations' station.offline goes out.
import { and, asc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import type { Connector } from '../domain/model.js';
import type { SlotFacts } from '../domain/slots.js';
import { toConnector } from './connectors.js';
import type { Db } from './db.js';
import { connections, connectors, slots, stations } from './schema/index.js';
import { bookedAt, sessionRunning, underMaintenance, underMaintenanceOf } from './slot-statuses.js';

/** Outlets (connectors 1..N) of active stations: of these stations only, when given. */
export async function listOutlets(db: Db, stationIds?: number[]): Promise<Connector[]> {
  const rows = await db.select({ c: connectors }).from(connectors)
    .innerJoin(stations, eq(stations.id, connectors.stationId))
    .where(and(
      eq(stations.active, true), gte(connectors.connectorId, 1),
      stationIds === undefined ? undefined : inArray(connectors.stationId, stationIds),
    ))
    .orderBy(asc(connectors.stationId), asc(connectors.connectorId));
  return rows.map(({ c }) => toConnector(c));
}

/** The stations held now (see above), through the partial index connections_open_by_station. */
export const heldStations = (db: Db) => db.$with('held').as(
  db.selectDistinct({ stationId: sql<number>`${connections.stationId}`.as('held_station_id') }).from(connections)
    .where(isNull(connections.disconnectedAt)),
);

/** Whether the station of the row is held now (with heldStations joined on the left). */
const isHeld = (held: ReturnType<typeof heldStations>) => sql<boolean>`${held.stationId} IS NOT NULL`;

export async function countStations(db: Db): Promise<{ total: number; online: number }> {
  const held = heldStations(db);
  const rows = await db.with(held).select({
    total: sql<string>`count(*)`, online: sql<string>`count(*) FILTER (WHERE ${isHeld(held)})`,
  }).from(stations).leftJoin(held, eq(held.stationId, stations.id)).where(eq(stations.active, true));
  return { total: Number(rows[0]?.total ?? 0), online: Number(rows[0]?.online ?? 0) };
}

/** Outlets of active stations, by their status when their station is online (null: offline, its status is history). */
export interface ConnectorCount { status: string | null; count: number; underMaintenance: number }

export async function countConnectors(db: Db): Promise<ConnectorCount[]> {
  const held = heldStations(db);
  const status = sql<string | null>`CASE WHEN ${isHeld(held)} THEN ${connectors.status} END`;
  const rows = await db.with(held).select({
    status,
    count: sql<string>`count(*)`,
    underMaintenance: sql<string>`count(*) FILTER (WHERE ${underMaintenanceOf(db, connectors.stationId, connectors.connectorId)})`,
  }).from(connectors)
    .innerJoin(stations, eq(stations.id, connectors.stationId))
    .leftJoin(held, eq(held.stationId, connectors.stationId))
    .where(and(eq(stations.active, true), gte(connectors.connectorId, 1)))
    .groupBy(sql`1`);
  return rows.map((r) => ({ status: r.status, count: Number(r.count), underMaintenance: Number(r.underMaintenance) }));
}

/** Slots grouped by the facts of their status (store/slot-statuses.ts) and their station's being online: the
 * domain derives each group's status (domain/slots.ts slotStatus), so the rule stays in one place. */
export type SlotFactCount = SlotFacts & { stationOnline: boolean; count: number };

export async function countSlotFacts(db: Db, now: Date): Promise<SlotFactCount[]> {
  const held = heldStations(db);
  const facts = {
    connectorStatus: sql<string | null>`CASE WHEN ${stations.active} THEN ${connectors.status} END`,
    underMaintenance: sql<boolean>`${underMaintenance(db)}`,
    sessionRunning: sql<boolean>`${sessionRunning(db)}`,
    bookedNow: sql<boolean>`${bookedAt(db, now)}`,
    stationOnline: isHeld(held),
  };
  const rows = await db.with(held).select({ ...facts, count: sql<string>`count(*)` }).from(slots)
    .innerJoin(stations, eq(stations.id, slots.stationId))
    .leftJoin(connectors, and(eq(connectors.stationId, slots.stationId), eq(connectors.connectorId, slots.connectorId)))
    .leftJoin(held, eq(held.stationId, slots.stationId))
    // By position: the facts carry parameters (now), which PostgreSQL would number apart in a repeated expression.
    .groupBy(sql`1, 2, 3, 4, 5`);
  return rows.map((r) => ({ ...r, connectorStatus: r.connectorStatus as SlotFacts['connectorStatus'], count: Number(r.count) }));
}
