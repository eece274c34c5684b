// Messages a charger sends that are kept as records of what it said: DataTransfer, firmware and
// diagnostics progress, and StopTransactions for transactions we never issued.
import { desc, eq } from 'drizzle-orm';
import type { DataTransferRecord, UnknownStop } from '../domain/charger-messages.js';
import type { Db } from './db.js';
import { dataTransfers, firmwareEvents, unknownTransactionStops } from './schema/index.js';

export async function insertDataTransfer(db: Db, d: {
  stationId: number; vendorId: string; messageId: string | null; data: string | null; answerStatus: string; receivedAt: Date;
}): Promise<void> {
  await db.insert(dataTransfers).values(d);
}

export async function listDataTransfers(db: Db, stationId: number, limit = 50): Promise<DataTransferRecord[]> {
  return db.select().from(dataTransfers).where(eq(dataTransfers.stationId, stationId))
    .orderBy(desc(dataTransfers.id)).limit(limit);
}

/** kind 'log' and 'signed-firmware' (the security extension) carry the requestId of the GetLog / SignedUpdateFirmware. */
export async function insertFirmwareEvent(db: Db, e: {
  stationId: number; kind: 'firmware' | 'diagnostics' | 'log' | 'signed-firmware'; status: string; receivedAt: Date;
  requestId?: number | null;
}): Promise<void> {
  await db.insert(firmwareEvents).values(e);
}

export async function insertUnknownStop(db: Db, s: UnknownStop): Promise<void> {
  // A repeated Stop of the same unknown transaction is recorded once.
  await db.insert(unknownTransactionStops).values(s).onConflictDoNothing();
}
