// Everything a StartTransaction decides on, read in one statement (issue 14): the session a resend already made
// (by its start key), the tag and whether it charges elsewhere, the connector's slot, the booking the charger
// names by reservationId and the booking covering the start, with its holder's tag. The decision is pure
// (domain/sessions.ts decideStart); the write is one insert on the unique start key. A group of starts reads its
// facts in the same one statement (loadStartFactsGroup), one row per start.
import { and, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { alias, QueryBuilder } from 'drizzle-orm/pg-core';
import { HOLDING } from '../domain/bookings.js';
import type { CustomerRef, IdTagStatus } from '../domain/model.js';
import type { StartFacts, StartRequest } from '../domain/sessions.js';
import { isSerialId, type Db } from './db.js';
import { bookings, chargingSessions, customers, idTags, slots } from './schema/index.js';
import { toBooking } from './bookings.js';
import { toSession } from './sessions.js';

const reserved = alias(bookings, 'reserved');
const covering = alias(bookings, 'covering');
const holderTag = alias(idTags, 'holder_tag');
const c = chargingSessions;

const field = (i: number, type: 'int' | 'bigint' | 'text' | 'timestamptz') => sql.raw(`(req.r->>${i})::${type}`);
const req = {
  stationId: field(0, 'int'), connectorId: field(1, 'int'), idTag: field(2, 'text'), startedAt: field(3, 'timestamptz'),
  meterStartWh: field(4, 'bigint'), reservationId: field(5, 'int'), ord: sql<number | string>`req.ord`,
};

/** A start as a row of the statement's one JSON parameter (positional, read back with ->>, as meter-value-groups.ts). */
const asRow = (s: StartRequest): unknown[] => [s.stationId, s.connectorId, s.idTag, s.startedAt.toISOString(), s.meterStartWh,
  // A reservationId outside the serial range is no booking of ours (and PostgreSQL would refuse to compare it).
  s.reservationId !== null && isSerialId(s.reservationId) ? s.reservationId : null];

/**
 * The session a resend of this start already made, by its start key: probed per start on the unique index however
 * small the planner thinks the table (joined plainly it hashed the whole table at every group, as
 * store/meter-value-groups.ts sessionById says; the LIMIT keeps the subquery apart, so it runs per row).
 */
const resent = new QueryBuilder().select().from(c)
  .where(and(eq(c.stationId, req.stationId), eq(c.connectorId, req.connectorId), eq(c.idTag, req.idTag),
    eq(c.startedAt, req.startedAt), eq(c.meterStartWh, req.meterStartWh)))
  .limit(1).as('resent');

/** A start's facts, and the customer owning its tag (null: an unknown tag, or one of nobody's): for its events. */
export type StartFactsOfOwner = StartFacts & { owner: CustomerRef | null };

// Every start of a group is one row of the parameter; each join meets at most one row per start (unique start
// key, unique lower(id_tag), one slot per connector, a booking by id, the exclusion constraint on holding
// bookings, a tag's one customer), so the statement returns one row per start, in the order given.
/** The facts of every start of a group in ONE statement, in the order given (services/session-starts.ts). */
export async function loadStartFactsGroup(db: Db, starts: StartRequest[]): Promise<StartFactsOfOwner[]> {
  const rows = await db.select({
    ord: req.ord, session: resent._.selectedFields, tag: idTags, owner: { id: customers.id, name: customers.name }, slotId: slots.id, reserved, covering,
    holderParentIdTag: holderTag.parentIdTag,
    chargingElsewhere: sql<boolean>`exists (select 1 from charging_sessions running where lower(running.id_tag) = lower(${req.idTag})
      and running.stopped_at is null)`,
  }).from(sql`jsonb_array_elements(${JSON.stringify(starts.map(asRow))}::jsonb) with ordinality as req(r, ord)`)
    .leftJoinLateral(resent, sql`true`)
    .leftJoin(idTags, sql`lower(${idTags.idTag}) = lower(${req.idTag})`)
    .leftJoin(customers, eq(customers.id, idTags.customerId))
    .leftJoin(slots, and(eq(slots.stationId, req.stationId), eq(slots.connectorId, req.connectorId)))
    .leftJoin(reserved, eq(reserved.id, req.reservationId))
    // By the charger's clock: a start replayed late belongs to the window it happened in.
    .leftJoin(covering, and(eq(covering.slotId, slots.id), inArray(covering.status, [...HOLDING]),
      lte(covering.startsAt, req.startedAt), gt(covering.endsAt, req.startedAt)))
    .leftJoin(holderTag, sql`lower(${holderTag.idTag}) = lower(${covering.idTag})`)
    .orderBy(req.ord);
  const byStart = new Map<number, StartFactsOfOwner>();
  for (const r of rows) if (!byStart.has(Number(r.ord))) byStart.set(Number(r.ord), toStartFacts(r));
  return starts.map((_, i) => byStart.get(i + 1)!);
}

interface FactsRow {
  session: typeof c.$inferSelect | null;
  tag: typeof idTags.$inferSelect | null;
  owner: CustomerRef | null;
  slotId: number | null;
  reserved: typeof bookings.$inferSelect | null;
  covering: typeof bookings.$inferSelect | null;
  holderParentIdTag: string | null;
  chargingElsewhere: boolean;
}

function toStartFacts(r: FactsRow): StartFactsOfOwner {
  return {
    owner: r.owner,
    resent: r.session ? toSession(r.session) : null,
    tag: r.tag ? { idTag: r.tag.idTag, status: r.tag.status as IdTagStatus, expiryDate: r.tag.expiryDate, parentIdTag: r.tag.parentIdTag } : null,
    chargingElsewhere: r.chargingElsewhere,
    slotId: r.slotId,
    reserved: r.reserved ? toBooking(r.reserved) : null,
    covering: r.covering ? { booking: toBooking(r.covering), holderParentIdTag: r.holderParentIdTag } : null,
  };
}
