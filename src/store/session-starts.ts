// Everything a StartTransaction decides on, read in one statement (issue 14): the session a resend already made
// (by its start key), the tag and whether it charges elsewhere, the connector's slot, the booking the charger
// names by reservationId and the booking covering the start, with its holder's tag. The decision is pure
// (domain/sessions.ts decideStart); the write is one insert on the unique start key.
import { and, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { HOLDING } from '../domain/bookings.js';
import type { IdTagStatus } from '../domain/model.js';
import type { StartFacts, StartRequest } from '../domain/sessions.js';
import { isSerialId, type Db } from './db.js';
import { bookings, chargingSessions, idTags, slots } from './schema/index.js';
import { toBooking } from './bookings.js';
import { toSession } from './sessions.js';

const reserved = alias(bookings, 'reserved');
const covering = alias(bookings, 'covering');
const holderTag = alias(idTags, 'holder_tag');
const c = chargingSessions;

// Each join meets at most one row (unique start key, unique lower(id_tag), one slot per connector, a booking
// by id, the exclusion constraint on holding bookings), so the statement returns one row.
export async function loadStartFacts(db: Db, s: StartRequest): Promise<StartFacts> {
  const reservationId = s.reservationId !== null && isSerialId(s.reservationId) ? s.reservationId : null;
  const rows = await db.select({
    session: c, tag: idTags, slotId: slots.id, reserved, covering, holderParentIdTag: holderTag.parentIdTag,
    chargingElsewhere: sql<boolean>`exists (select 1 from charging_sessions running where lower(running.id_tag) = lower(${s.idTag})
      and running.stopped_at is null)`,
  }).from(sql`(select 1) as one`)
    .leftJoin(c, and(eq(c.stationId, s.stationId), eq(c.connectorId, s.connectorId), eq(c.idTag, s.idTag),
      eq(c.startedAt, s.startedAt), eq(c.meterStartWh, s.meterStartWh)))
    .leftJoin(idTags, sql`lower(${idTags.idTag}) = lower(${s.idTag})`)
    .leftJoin(slots, and(eq(slots.stationId, s.stationId), eq(slots.connectorId, s.connectorId)))
    .leftJoin(reserved, reservationId === null ? sql`false` : eq(reserved.id, reservationId))
    // By the charger's clock: a start replayed late belongs to the window it happened in.
    .leftJoin(covering, and(eq(covering.slotId, slots.id), inArray(covering.status, [...HOLDING]),
      lte(covering.startsAt, s.startedAt), gt(covering.endsAt, s.startedAt)))
    .leftJoin(holderTag, sql`lower(${holderTag.idTag}) = lower(${covering.idTag})`)
    .limit(1);
  const r = rows[0]!;
  return {
    resent: r.session ? toSession(r.session) : null,
    tag: r.tag ? { idTag: r.tag.idTag, status: r.tag.status as IdTagStatus, expiryDate: r.tag.expiryDate, parentIdTag: r.tag.parentIdTag } : null,
    chargingElsewhere: r.chargingElsewhere,
    slotId: r.slotId,
    reserved: r.reserved ? toBooking(r.reserved) : null,
    covering: r.covering ? { booking: toBooking(r.covering), holderParentIdTag: r.holderParentIdTag } : null,
  };
}
