// The driver app's stations (issue 19): a page of stations in one statement (by chargeBoxId, or the nearest to
// a point), then their connectors with the facts of each slot's status and its next free window in one more,
// whatever the page's size. Only what a driver may see is read: no booking's holder, customer or id tag.
import { and, asc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { ConnectorStatus, Station } from '../domain/model.js';
import { HOLDING } from '../domain/bookings.js';
import { EARTH_RADIUS_M, type BoundingBox, type DriverSlotFacts, type Position } from '../domain/driver-stations.js';
import type { Db } from './db.js';
import { connectors, slots, stations } from './schema/index.js';
import { afterKey, startsWith, type KeyValues } from './keyset.js';
import { online } from './station-list.js';
import { bookedAt, sessionRunning, underMaintenance } from './slot-statuses.js';

export interface DriverStationRow extends Pick<Station, 'id' | 'chargeBoxId' | 'name' | 'location' | 'latitude' | 'longitude'> {
  /** An open connection row now (store/station-list.ts says why the database's answer). */
  online: boolean;
}

const columns = {
  id: stations.id, chargeBoxId: stations.chargeBoxId, name: stations.name, location: stations.location,
  latitude: stations.latitude, longitude: stations.longitude, online,
};

/** A station a driver may use: active and Accepted (OCPP 1.6 §4.2: a Pending charger takes no transactions). */
const inService = and(eq(stations.active, true), eq(stations.registrationStatus, 'Accepted'))!;

// stations_charge_box_id_prefix and stations_name_prefix, as the staff list's ?q=.
const prefix = (q: string | undefined): SQL | undefined =>
  q === undefined ? undefined : sql`(${startsWith(stations.chargeBoxId, q)} OR ${startsWith(stations.name, q)})`;

/** The key of this list: chargeBoxId (unique), then the id as every cursor ends with it. */
export const driverStationKey = [stations.chargeBoxId, stations.id];

/** Up to `limit` stations in service after the cursor's, by chargeBoxId; those whose chargeBoxId or name starts with q. */
export async function listDriverStationPage(db: Db, r: { q?: string | undefined; cursor?: KeyValues | undefined; limit: number }): Promise<DriverStationRow[]> {
  return db.select(columns).from(stations)
    .where(and(inService, prefix(r.q), afterKey(driverStationKey, r.cursor, 'asc')))
    .orderBy(asc(stations.chargeBoxId), asc(stations.id)).limit(r.limit);
}

/** The great-circle distance from `p` to the station, metres (haversine; least() keeps asin's argument in range). */
const distanceFrom = (p: Position): SQL<number> => {
  const [lat, lng] = [sql`${p.latitude}::float8`, sql`${p.longitude}::float8`];
  return sql<number>`(2 * ${EARTH_RADIUS_M}::float8 * asin(least(1, sqrt(
    power(sin(radians(${stations.latitude} - ${lat}) / 2), 2)
    + cos(radians(${lat})) * cos(radians(${stations.latitude})) * power(sin(radians(${stations.longitude} - ${lng}) / 2), 2)))))`;
};

export interface NearRead { center: Position; radiusM: number; box: BoundingBox; q?: string | undefined; limit: number }

/**
 * The stations in service within radiusM of the center, nearest first (then by chargeBoxId), each with its
 * distance. The box (domain/driver-stations.ts boundingBox) is a range of the index stations_position; only the
 * stations inside it are measured.
 */
export async function listStationsNear(db: Db, r: NearRead): Promise<Array<DriverStationRow & { distanceM: number }>> {
  const distance = distanceFrom(r.center);
  const rows = await db.select({ ...columns, distanceM: distance }).from(stations).where(and(
    isNotNull(stations.latitude),
    sql`${stations.latitude} BETWEEN ${r.box.minLatitude}::float8 AND ${r.box.maxLatitude}::float8`,
    sql`${stations.longitude} BETWEEN ${r.box.minLongitude}::float8 AND ${r.box.maxLongitude}::float8`,
    inService, prefix(r.q), sql`${distance} <= ${r.radiusM}::float8`,
  )).orderBy(distance, asc(stations.chargeBoxId)).limit(r.limit);
  return rows.map((row) => ({ ...row, distanceM: Number(row.distanceM) }));
}

// The holding bookings of the slot (confirmed or active: those the exclusion constraint bookings_no_overlap
// keeps apart), each an index range of bookings_slot_window.
const holding = (alias: string) => sql.raw(`${alias}.slot_id = "slots"."id" AND ${alias}.status IN (${HOLDING.map((s) => `'${s}'`).join(', ')})`);

/**
 * The first instant from now that no holding booking covers: now, or the end of a holding booking, whichever
 * comes first uncovered (a booking back to back with the next one leaves no gap: [starts, ends) windows).
 */
const freeFrom = (now: string): SQL => sql`(SELECT t.at FROM (
    SELECT ${now}::timestamptz AS at
    UNION ALL SELECT b.ends_at FROM bookings b WHERE ${holding('b')} AND b.ends_at > ${now}::timestamptz
  ) t WHERE NOT EXISTS (SELECT 1 FROM bookings x WHERE ${holding('x')} AND x.starts_at <= t.at AND x.ends_at > t.at)
  ORDER BY t.at LIMIT 1)`;

/** The start of the next holding booking after `from` (none covers `from`, so none starts at it). */
const freeUntil = (from: SQL): SQL => sql`(SELECT min(n.starts_at) FROM bookings n WHERE ${holding('n')} AND n.starts_at > ${from})`;

/** The slots of these stations (or these slots), by station and connector, with their facts as of `now`. */
export async function listDriverSlotFacts(db: Db, now: Date, f: { stationIds?: number[]; slotIds?: number[] }): Promise<DriverSlotFacts[]> {
  if (!f.stationIds?.length && !f.slotIds?.length) return [];
  const from = freeFrom(now.toISOString());
  const rows = await db.select({
    slotId: slots.id, code: slots.code, stationId: slots.stationId, connectorId: slots.connectorId,
    connectorStatus: sql<string | null>`CASE WHEN ${stations.active} THEN ${connectors.status} END`,
    stationInService: sql<boolean>`${inService}`,
    underMaintenance: sql<boolean>`${underMaintenance(db)}`,
    sessionRunning: sql<boolean>`${sessionRunning(db)}`,
    bookedNow: sql<boolean>`${bookedAt(db, now)}`,
    freeFrom: sql<Date | string>`${from}`,
    freeUntil: sql<Date | string | null>`${freeUntil(from)}`,
  }).from(slots)
    .innerJoin(stations, eq(stations.id, slots.stationId))
    .leftJoin(connectors, and(eq(connectors.stationId, slots.stationId), eq(connectors.connectorId, slots.connectorId)))
    .where(f.stationIds?.length ? inArray(slots.stationId, f.stationIds) : inArray(slots.id, f.slotIds ?? []))
    .orderBy(asc(slots.stationId), asc(slots.connectorId));
  return rows.map((r) => ({
    ...r, connectorStatus: r.connectorStatus as ConnectorStatus | null,
    freeFrom: new Date(r.freeFrom), freeUntil: r.freeUntil === null ? null : new Date(r.freeUntil),
  }));
}

/** The slot a connector code names, without regard to case (slots_code_prefix answers lower(code) = …); null when none. */
export async function findSlotIdByCode(db: Db, code: string): Promise<{ slotId: number; stationId: number } | null> {
  const rows = await db.select({ slotId: slots.id, stationId: slots.stationId }).from(slots)
    .where(sql`lower(${slots.code}) = ${code.toLowerCase()}`)
    // Codes are unique as written, so two may differ in case only (chargeBoxIds are case-sensitive): the exact one wins.
    .orderBy(sql`${slots.code} = ${code} DESC`, asc(slots.id)).limit(1);
  return rows[0] ?? null;
}

/** One station as a driver sees it, in service or not (a scanned code names it either way); null when none. */
export async function findDriverStation(db: Db, stationId: number): Promise<DriverStationRow | null> {
  const rows = await db.select(columns).from(stations).where(eq(stations.id, stationId)).limit(1);
  return rows[0] ?? null;
}
