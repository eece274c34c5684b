import { and, asc, eq, sql } from 'drizzle-orm';
import { AppError } from '../shared/errors.js';
import type { BootInfo, RegistrationStatus, Station } from '../domain/model.js';
import type { Relaxation, SecurityProfile } from '../domain/stations.js';
import type { Db } from './db.js';
import { stations } from './schema/index.js';

type StationRow = typeof stations.$inferSelect;

function toStation(r: StationRow): Station {
  return {
    id: r.id,
    chargeBoxId: r.chargeBoxId,
    name: r.name,
    location: r.location,
    passwordHash: r.passwordHash,
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
  };
}

export async function findStationByChargeBoxId(db: Db, chargeBoxId: string): Promise<Station | null> {
  const rows = await db.select().from(stations).where(eq(stations.chargeBoxId, chargeBoxId)).limit(1);
  return rows[0] ? toStation(rows[0]) : null;
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
const PENDING_REGISTRATION_LOCK_KEY = 7_316_002; // beside the migration lock, 7_316_001 (db.ts)

/**
 * Auto-registration of an unknown charger as Pending, only while fewer than `maxPending` active stations are
 * Pending. Call it inside a transaction: the advisory lock makes concurrent first contacts on a PostgreSQL server
 * take turns, so the cap is exact there too. null: the cap is reached, or the chargeBoxId exists already.
 */
export async function insertPendingStationBelowCap(tx: Db, chargeBoxId: string, maxPending: number): Promise<Station | null> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${PENDING_REGISTRATION_LOCK_KEY})`);
  const result = await tx.execute(sql`
    INSERT INTO stations (charge_box_id, registration_status)
    SELECT ${chargeBoxId}, 'Pending'
    WHERE (SELECT count(*) FROM stations WHERE registration_status = 'Pending' AND active) < ${maxPending}
    ON CONFLICT (charge_box_id) DO NOTHING
    RETURNING id`);
  const id = (result as unknown as { rows: Array<{ id: number }> }).rows[0]?.id;
  return id === undefined ? null : getStation(tx, id);
}

export async function listStations(db: Db): Promise<Station[]> {
  return (await db.select().from(stations).orderBy(asc(stations.id))).map(toStation);
}

/** What staff may change about a station (the charger itself reports the rest). */
export interface StationChange {
  name?: string | null;
  location?: string | null;
  registrationStatus?: RegistrationStatus;
  active?: boolean;
  passwordHash?: string | null;
  securityProfile?: SecurityProfile;
  leniency?: Relaxation[];
}

export async function updateStation(db: Db, id: number, change: StationChange, at: Date): Promise<Station> {
  const rows = await db.update(stations).set({ ...change, updatedAt: at }).where(eq(stations.id, id)).returning();
  if (!rows[0]) throw new AppError('NotFound', `station ${id} does not exist`, { field: 'stationId' });
  return toStation(rows[0]);
}

export async function updateBoot(db: Db, id: number, boot: BootInfo, at: Date): Promise<Station> {
  const rows = await db.update(stations)
    .set({ ...boot, lastBootAt: at, lastSeenAt: at, updatedAt: at })
    .where(eq(stations.id, id)).returning();
  if (!rows[0]) throw new AppError('NotFound', `station ${id} does not exist`);
  return toStation(rows[0]);
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
