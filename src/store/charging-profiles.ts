// charging_profiles: what each charger accepted, by connector (issue 17 item 3). The rules of what a new profile
// replaces and what a ClearChargingProfile removes are the domain's (domain/charging-profiles.ts): the service
// reads a station's rows under its station row lock, the domain picks, and these delete and insert.
import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { InstalledProfile, ProfilePurpose } from '../domain/charging-profiles.js';
import type { Db } from './db.js';
import { chargingProfiles, chargingSessions, stations } from './schema/index.js';

type ProfileRow = typeof chargingProfiles.$inferSelect;

/** A recorded profile and its row, to delete it by. */
export type StoredProfile = InstalledProfile & { rowId: number };

const toStored = (r: ProfileRow): StoredProfile => ({
  rowId: r.id, stationId: r.stationId, connectorId: r.connectorId, chargingProfileId: r.chargingProfileId,
  stackLevel: r.stackLevel, purpose: r.purpose as ProfilePurpose, transactionId: r.transactionId,
  profile: r.profile as Record<string, unknown>, source: r.source, acceptedAt: r.acceptedAt,
});

const withoutRowId = ({ rowId: _rowId, ...p }: StoredProfile): InstalledProfile => p;

/** A station's profiles, its station row locked until the transaction ends: two answers of one charger are
 * recorded one after the other, so a replacement never interleaves with another. */
export async function listForUpdate(tx: Db, stationId: number): Promise<StoredProfile[]> {
  await tx.select({ id: stations.id }).from(stations).where(eq(stations.id, stationId)).for('update');
  return (await tx.select().from(chargingProfiles).where(eq(chargingProfiles.stationId, stationId))).map(toStored);
}

export async function deleteRows(tx: Db, rowIds: number[]): Promise<void> {
  if (rowIds.length > 0) await tx.delete(chargingProfiles).where(inArray(chargingProfiles.id, rowIds));
}

export async function insertProfile(tx: Db, p: InstalledProfile): Promise<void> {
  await tx.insert(chargingProfiles).values(p);
}

// A TxProfile lives as long as its transaction (§3.13.1): one whose transaction stopped is gone from the charger,
// even before the stop's listener removed its row.
const inForce = or(
  sql`${chargingProfiles.purpose} <> 'TxProfile'`,
  sql`NOT EXISTS (SELECT 1 FROM ${chargingSessions} s WHERE s.id = ${chargingProfiles.transactionId} AND s.stopped_at IS NOT NULL)`,
);

/** What is installed on a station now, by connector, then purpose, then stack level (highest first). */
export async function listProfiles(db: Db, stationId: number): Promise<InstalledProfile[]> {
  const rows = await db.select().from(chargingProfiles).where(and(eq(chargingProfiles.stationId, stationId), inForce))
    .orderBy(asc(chargingProfiles.connectorId), asc(chargingProfiles.purpose), desc(chargingProfiles.stackLevel), asc(chargingProfiles.id));
  return rows.map((r) => withoutRowId(toStored(r)));
}

/** The TxProfiles of a stopped transaction: by its id, or on its connector when staff sent one without an id. */
export interface EndedTransaction { stationId: number; connectorId: number; transactionId: number }

/** The TxProfiles of transactions that ended (theirs, and one without a transactionId on their connector), for
 * any number of them in ONE statement: stops come in groups under load. */
export async function deleteTxProfilesOf(db: Db, ended: EndedTransaction[]): Promise<void> {
  const col = (f: (e: EndedTransaction) => number) => sql.param(ended.map(f));
  await db.execute(sql`DELETE FROM charging_profiles p
    USING unnest(${col((e) => e.stationId)}::int[], ${col((e) => e.connectorId)}::int[], ${col((e) => e.transactionId)}::int[])
      AS e(station_id, connector_id, transaction_id)
    WHERE p.station_id = e.station_id AND p.purpose = 'TxProfile'
      AND (p.transaction_id = e.transaction_id OR (p.transaction_id IS NULL AND p.connector_id = e.connector_id))`);
}

/** The TxProfiles of the transactions running on these stations, each with the transaction it limits (the
 * session's id is the transactionId). */
export async function listRunningTxProfiles(db: Db, stationIds: number[]): Promise<Array<{ transactionId: number; profile: InstalledProfile }>> {
  if (stationIds.length === 0) return [];
  const rows = await db.select({ p: chargingProfiles, transactionId: chargingSessions.id }).from(chargingProfiles)
    .innerJoin(chargingSessions, and(
      eq(chargingSessions.stationId, chargingProfiles.stationId), eq(chargingSessions.connectorId, chargingProfiles.connectorId),
      isNull(chargingSessions.stoppedAt),
      or(isNull(chargingProfiles.transactionId), eq(chargingProfiles.transactionId, chargingSessions.id)),
    ))
    .where(and(inArray(chargingProfiles.stationId, stationIds), eq(chargingProfiles.purpose, 'TxProfile')))
    .orderBy(asc(chargingProfiles.id));
  return rows.map((r) => ({ transactionId: r.transactionId, profile: withoutRowId(toStored(r.p)) }));
}
