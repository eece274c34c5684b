// The staff-side check before a RemoteStartTransaction leaves (issue 12): the service loads the facts, the
// domain decides (domain/remote-start.ts). Blocked is a 409 naming why, unless the operator passed force, which
// is logged with the account and what it overrode. The charger itself is never asked to judge this.
import * as store from '../store/index.js';
import type { Db } from '../store/db.js';
import { AppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { bookingCode } from '../domain/bookings.js';
import { maintenanceFor } from '../domain/monitoring.js';
import { remoteStartBlock, type RemoteStartBlock, type RemoteStartFacts } from '../domain/remote-start.js';
import type { BookingHolder } from '../domain/slots.js';
import type { Station } from '../domain/model.js';
import type { Principal } from '../domain/staff.js';

export interface RemoteStartRequest { connectorId: number | null; idTag: string; force: boolean }

async function holderOf(db: Db, idTag: string): Promise<BookingHolder> {
  const tag = await store.idTags.findIdTag(db, idTag);
  return { idTag, parentIdTag: tag?.parentIdTag ?? null };
}

async function coveringBooking(db: Db, stationId: number, connectorId: number | null, now: Date): Promise<RemoteStartFacts['booking']> {
  if (connectorId === null) return null;
  const slot = await store.slots.findSlotOf(db, stationId, connectorId);
  if (!slot) return null;
  const covering = (await store.bookings.listCovering(db, now, [slot.id]))[0];
  if (!covering) return null;
  return { id: covering.id, slotId: slot.id, endsAt: covering.endsAt, holder: await holderOf(db, covering.idTag) };
}

function conflict(station: Station, connectorId: number | null, block: RemoteStartBlock): AppError {
  const where = connectorId === null ? `station ${station.chargeBoxId}` : `connector ${connectorId} of ${station.chargeBoxId}`;
  const why = block.reason === 'maintenance'
    ? `${where} is under maintenance: issue ${block.issueId} "${block.title}" (${block.scope}) is open`
    : `${where} is booked: booking ${bookingCode(block.bookingId)} (id ${block.bookingId}) holds slot ${block.slotId} until `
      + `${block.endsAt.toISOString()} for another customer`;
  return new AppError('Conflict', `${why}; nothing was sent (pass "force": true to start anyway)`,
    { ...block, stationId: station.id, connectorId });
}

export async function checkRemoteStart(
  d: { db: Db; log: Logger }, principal: Principal, station: Station, req: RemoteStartRequest, now: Date,
): Promise<void> {
  // Without a connector only a whole-station issue counts (domain/remote-start.ts); connector 0 finds exactly that.
  const issues = await store.maintenanceIssues.listOpenIssues(d.db, [station.id]);
  const block = remoteStartBlock({
    connectorId: req.connectorId,
    maintenance: maintenanceFor(station.id, req.connectorId ?? 0, issues),
    booking: await coveringBooking(d.db, station.id, req.connectorId, now),
    tag: await holderOf(d.db, req.idTag),
  });
  if (!block) return;
  if (!req.force) throw conflict(station, req.connectorId, block);
  d.log.info({
    account: principal.name, accountId: principal.accountId, stationId: station.id, connectorId: req.connectorId, overridden: block,
  }, `remote start forced by ${principal.name} past ${block.reason === 'maintenance' ? `maintenance issue ${block.issueId}` : `booking ${block.bookingId}`}`);
}
