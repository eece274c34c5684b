import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '../shared/errors.js';
import type { BootInfo, RegistrationStatus, Station } from '../domain/model.js';
import type { Relaxation, SecurityProfile } from '../domain/stations.js';
import { fromTenths, toTenths } from '../domain/sites.js';
import { pgErrorCode, type Db } from './db.js';
import { stations } from './schema/index.js';

type StationRow = typeof stations.$inferSelect;

export function toStation(r: StationRow): Station {
  return {
    id: r.id,
    chargeBoxId: r.chargeBoxId,
    name: r.name,
    location: r.location,
    latitude: r.latitude,
    longitude: r.longitude,
    passwordHash: r.passwordHash,
    previousPasswordHash: r.previousPasswordHash,
    pendingPasswordHash: r.pendingPasswordHash,
    registrationStatus: r.registrationStatus as RegistrationStatus,
    active: r.active,
    securityProfile: r.securityProfile as SecurityProfile,
    leniency: r.leniency as Relaxation[],
    clockSkewS: r.clockSkewS,
    clockSkewAt: r.clockSkewAt,
    boot: r.vendor === null || r.model === null ? null : {
      vendor: r.vendor,
      model: r.model,
      chargePointSerialNumber: r.chargePointSerialNumber,
      chargeBoxSerialNumber: r.chargeBoxSerialNumber,
      firmwareVersion: r.firmwareVersion,
      iccid: r.iccid,
      imsi: r.imsi,
      meterType: r.meterType,
      meterSerialNumber: r.meterSerialNumber,
    },
    lastBootAt: r.lastBootAt,
    lastSeenAt: r.lastSeenAt,
    registeredAt: r.createdAt,
    siteId: r.siteId,
    maxCurrentA: r.maxCurrentDeciamps === null ? null : fromTenths(r.maxCurrentDeciamps),
    priority: r.priority,
  };
}

export async function findStationByChargeBoxId(db: Db, chargeBoxId: string): Promise<Station | null> {
  const rows = await db.select().from(stations).where(eq(stations.chargeBoxId, chargeBoxId)).limit(1);
  return rows[0] ? toStation(rows[0]) : null;
}

/** Many chargeBoxIds in one statement (a group of handshakes): the stations found, by chargeBoxId. */
export async function findStationsByChargeBoxIds(db: Db, chargeBoxIds: string[]): Promise<Map<string, Station>> {
  const rows = await db.select().from(stations).where(sql`${stations.chargeBoxId} = ANY(${sql.param(chargeBoxIds)}::text[])`);
  return new Map(rows.map((r) => [r.chargeBoxId, toStation(r)]));
}

export async function getStation(db: Db, id: number): Promise<Station> {
  const rows = await db.select().from(stations).where(eq(stations.id, id)).limit(1);
  if (!rows[0]) throw new AppError('NotFound', `station ${id} does not exist`, { field: 'stationId' });
  return toStation(rows[0]);
}

export interface NewStation {
  chargeBoxId: string;
  passwordHash: string | null;
  registrationStatus: RegistrationStatus;
  name?: string | null;
  location?: string | null;
  securityProfile?: SecurityProfile;
  leniency?: Relaxation[];
}

/** Inserts, or returns null when that chargeBoxId exists already (two first contacts racing). */
export async function insertStation(db: Db, s: NewStation): Promise<Station | null> {
  const rows = await db.insert(stations).values(s).onConflictDoNothing({ target: stations.chargeBoxId }).returning();
  return rows[0] ? toStation(rows[0]) : null;
}

// Serialises auto-registrations of unknown chargers for the transaction, so the count below holds until commit.
// It is taken once per group of first contacts (services/station-registration.ts), not once per handshake.
const PENDING_REGISTRATION_LOCK_KEY = 7_316_002; // beside the migration lock, 7_316_001 (db.ts)

/**
 * Auto-registration of unknown chargers as Accepted, a group in one statement. Returns the chargeBoxIds it
 * created; the others exist already (two first contacts racing).
 */
export async function insertAcceptedStations(db: Db, chargeBoxIds: string[]): Promise<Set<string>> {
  const rows = await db.insert(stations)
    .values(chargeBoxIds.map((chargeBoxId) => ({ chargeBoxId, passwordHash: null, registrationStatus: 'Accepted' })))
    .onConflictDoNothing({ target: stations.chargeBoxId }).returning({ chargeBoxId: stations.chargeBoxId });
  return new Set(rows.map((r) => r.chargeBoxId));
}

/**
 * Auto-registration of unknown chargers as Pending, a group in one statement, while fewer than `maxPending`
 * active stations are Pending: the first ones in the order given fill the room left. Call it inside a
 * transaction: the advisory lock makes concurrent groups on a PostgreSQL server take turns, so the cap is exact
 * there too. Returns the chargeBoxIds it created; the others were past the cap or exist already.
 */
export async function insertPendingStationsBelowCap(tx: Db, chargeBoxIds: string[], maxPending: number): Promise<Set<string>> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${PENDING_REGISTRATION_LOCK_KEY})`);
  const result = await tx.execute(sql`
    INSERT INTO stations (charge_box_id, registration_status)
    SELECT c.id, 'Pending' FROM unnest(${sql.param(chargeBoxIds)}::text[]) WITH ORDINALITY AS c(id, ord)
    WHERE NOT EXISTS (SELECT 1 FROM stations s WHERE s.charge_box_id = c.id)
    ORDER BY c.ord
    LIMIT greatest(0, ${maxPending}::int - (SELECT count(*) FROM stations WHERE registration_status = 'Pending' AND active))
    ON CONFLICT (charge_box_id) DO NOTHING
    RETURNING charge_box_id`);
  return new Set((result as unknown as { rows: Array<{ charge_box_id: string }> }).rows.map((r) => r.charge_box_id));
}


/** What staff may change about a station (the charger itself reports the rest). */
export interface StationChange {
  name?: string | null;
  location?: string | null;
  /** Both or neither (the check stations_position_range holds it too). */
  latitude?: number | null;
  longitude?: number | null;
  registrationStatus?: RegistrationStatus;
  active?: boolean;
  passwordHash?: string | null;
  securityProfile?: SecurityProfile;
  leniency?: Relaxation[];
  siteId?: number | null;
  maxCurrentA?: number | null;
  priority?: number;
}

const FOREIGN_KEY_VIOLATION = '23503';

export async function updateStation(db: Db, id: number, change: StationChange, at: Date): Promise<Station> {
  const { maxCurrentA, ...rest } = change;
  const rating = maxCurrentA === undefined ? {} : { maxCurrentDeciamps: maxCurrentA === null ? null : toTenths(maxCurrentA) };
  const rows = await db.update(stations).set({ ...rest, ...rating, updatedAt: at }).where(eq(stations.id, id)).returning()
    .catch((err: unknown) => {
      // The site was deleted between the caller's check and this write.
      if (pgErrorCode(err) === FOREIGN_KEY_VIOLATION) throw new AppError('NotFound', `site ${change.siteId} does not exist`, { field: 'siteId' });
      throw err;
    });
  if (!rows[0]) throw new AppError('NotFound', `station ${id} does not exist`, { field: 'stationId' });
  return toStation(rows[0]);
}

/** One BootNotification of a group: what the charger said, and when we got it. */
export interface BootWrite { stationId: number; boot: BootInfo; at: Date }
/** What a boot's answer needs of its station; null when the station does not exist. */
export interface BootWritten { chargeBoxId: string; registrationStatus: RegistrationStatus; siteId: number | null }

/**
 * A group of BootNotifications in ONE statement (a fleet boots at once after an outage). One result per boot,
 * in order. A station that boots twice in one group keeps its later boot (the order given).
 */
export async function updateBoots(db: Db, writes: BootWrite[]): Promise<Array<BootWritten | null>> {
  const latest = [...new Map(writes.map((w) => [w.stationId, w])).values()];
  const col = <T>(f: (w: BootWrite) => T) => sql.param(latest.map(f));
  const result = await db.execute(sql`
    UPDATE stations s SET vendor = b.vendor, model = b.model, charge_point_serial_number = b.cpsn,
      charge_box_serial_number = b.cbsn, firmware_version = b.firmware, iccid = b.iccid, imsi = b.imsi,
      meter_type = b.meter_type, meter_serial_number = b.meter_sn, last_boot_at = b.at, last_seen_at = b.at, updated_at = b.at
    FROM unnest(${col((w) => w.stationId)}::int[], ${col((w) => w.boot.vendor)}::text[], ${col((w) => w.boot.model)}::text[],
      ${col((w) => w.boot.chargePointSerialNumber)}::text[], ${col((w) => w.boot.chargeBoxSerialNumber)}::text[],
      ${col((w) => w.boot.firmwareVersion)}::text[], ${col((w) => w.boot.iccid)}::text[], ${col((w) => w.boot.imsi)}::text[],
      ${col((w) => w.boot.meterType)}::text[], ${col((w) => w.boot.meterSerialNumber)}::text[], ${col((w) => w.at.toISOString())}::timestamptz[])
      AS b(id, vendor, model, cpsn, cbsn, firmware, iccid, imsi, meter_type, meter_sn, at)
    WHERE s.id = b.id
    RETURNING s.id, s.charge_box_id, s.registration_status, s.site_id`);
  const rows = (result as unknown as { rows: Array<{ id: number; charge_box_id: string; registration_status: string; site_id: number | null }> }).rows;
  const byId = new Map(rows.map((r) => [r.id, {
    chargeBoxId: r.charge_box_id, registrationStatus: r.registration_status as RegistrationStatus, siteId: r.site_id,
  }]));
  return writes.map((w) => byId.get(w.stationId) ?? null);
}

export async function updateLastSeen(db: Db, id: number, at: Date): Promise<void> {
  // Never move last-seen backwards (a late write from a closing connection).
  await db.update(stations).set({ lastSeenAt: at })
    .where(and(eq(stations.id, id), sql`(${stations.lastSeenAt} IS NULL OR ${stations.lastSeenAt} < ${at})`));
}

/** The charger clock's skew as last seen (null: back in sync), and when it was seen. */
export async function updateClockSkew(db: Db, id: number, skewS: number | null, at: Date): Promise<void> {
  await db.update(stations).set({ clockSkewS: skewS, clockSkewAt: skewS === null ? null : at }).where(eq(stations.id, id));
}

export async function updateFirmwareStatus(db: Db, id: number, status: string, at: Date): Promise<void> {
  await db.update(stations).set({ firmwareStatus: status, firmwareStatusAt: at, updatedAt: at }).where(eq(stations.id, id));
}

export async function updateDiagnosticsStatus(db: Db, id: number, status: string, at: Date): Promise<void> {
  await db.update(stations).set({ diagnosticsStatus: status, diagnosticsStatusAt: at, updatedAt: at })
    .where(eq(stations.id, id));
}

export async function getStationStatuses(db: Db, id: number): Promise<{ firmware: string | null; diagnostics: string | null }> {
  const rows = await db.select({ firmware: stations.firmwareStatus, diagnostics: stations.diagnosticsStatus })
    .from(stations).where(eq(stations.id, id));
  if (!rows[0]) throw new AppError('NotFound', `station ${id} does not exist`);
  return rows[0];
}
