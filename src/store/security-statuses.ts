// The latest LogStatusNotification and SignedFirmwareStatusNotification of a station (the security extension),
// beside its firmware and diagnostics statuses (store/stations.ts); their history is in firmware_events.
import { eq } from 'drizzle-orm';
import { AppError } from '../shared/errors.js';
import type { Db } from './db.js';
import { stations } from './schema/index.js';

/** A progress report: the status, when we received it, and the requestId of the command it reports on. */
export interface ReportedStatus { status: string; at: Date; requestId: number | null }

export async function updateLogStatus(db: Db, id: number, r: ReportedStatus): Promise<void> {
  await db.update(stations).set({ logStatus: r.status, logStatusAt: r.at, logRequestId: r.requestId, updatedAt: r.at })
    .where(eq(stations.id, id));
}

export async function updateSignedFirmwareStatus(db: Db, id: number, r: ReportedStatus): Promise<void> {
  await db.update(stations)
    .set({ signedFirmwareStatus: r.status, signedFirmwareStatusAt: r.at, signedFirmwareRequestId: r.requestId, updatedAt: r.at })
    .where(eq(stations.id, id));
}

export interface SecurityStatuses {
  logStatus: string | null;
  logStatusAt: Date | null;
  logRequestId: number | null;
  signedFirmwareStatus: string | null;
  signedFirmwareStatusAt: Date | null;
  signedFirmwareRequestId: number | null;
}

export async function getSecurityStatuses(db: Db, id: number): Promise<SecurityStatuses> {
  const t = stations;
  const rows = await db.select({
    logStatus: t.logStatus, logStatusAt: t.logStatusAt, logRequestId: t.logRequestId,
    signedFirmwareStatus: t.signedFirmwareStatus, signedFirmwareStatusAt: t.signedFirmwareStatusAt,
    signedFirmwareRequestId: t.signedFirmwareRequestId,
  }).from(t).where(eq(t.id, id));
  if (!rows[0]) throw new AppError('NotFound', `station ${id} does not exist`, { field: 'stationId' });
  return rows[0];
}
