// Everything a StartTransaction decides on, read in one statement (issue 14): the session a resend already made
// (by its start key), the tag and whether it charges elsewhere, the connector's slot, the booking the charger
// names by reservationId and the booking covering the start, with its holder's tag. The decision is pure
// (domain/sessions.ts decideStart); the write is one insert on the unique start key. A group of starts reads its
// facts in the same one statement (loadStartFactsGroup), one row per start.
import { sql } from 'drizzle-orm';
import { HOLDING } from '../domain/bookings.js';
import type { CustomerRef } from '../domain/model.js';
import type { StartFacts, StartRequest } from '../domain/sessions.js';
import { isSerialId, type Db } from './db.js';
import { bookings, chargingSessions, idTags } from './schema/index.js';
import { toBooking } from './bookings.js';
import { toSession } from './sessions.js';
import { toIdTag } from './id-tags.js';
import { columnsAs, joinedRowReader, rowsOf } from './raw-rows.js';

/** A start as a row of the statement's one JSON parameter (positional, read back with ->>, as meter-value-groups.ts). */
const asRow = (s: StartRequest): unknown[] => [s.stationId, s.connectorId, s.idTag, s.startedAt.toISOString(), s.meterStartWh,
  // A reservationId outside the serial range is no booking of ours (and PostgreSQL would refuse to compare it).
  s.reservationId !== null && isSerialId(s.reservationId) ? s.reservationId : null];

/** A start's facts, and the customer owning its tag (null: an unknown tag, or one of nobody's): for its events. */
export type StartFactsOfOwner = StartFacts & { owner: CustomerRef | null };

// Written by hand, its column lists built here once: drizzle's builder walked its 70 columns at every group, 290 µs
// of our CPU (store/raw-rows.ts). Each join meets at most one row per start (unique start key, unique
// lower(id_tag), one slot per connector, a booking by id, the exclusion constraint on holding bookings, a tag's one
// customer), so the statement returns one row per start, in the order given.
//   resent: the session a resend of this start already made, by its start key, probed per start on the unique index
//     however small the planner thinks the table (joined plainly it hashed the whole table at every group, as
//     store/meter-value-groups.ts sessionById says; the LIMIT keeps the subquery apart, so it runs per row);
//   covering: by the charger's clock: a start replayed late belongs to the window it happened in.
const RESENT = sql.raw(columnsAs(chargingSessions, 'resent', 's_'));
const TAG = sql.raw(columnsAs(idTags, 'tag', 't_'));
const RESERVED = sql.raw(columnsAs(bookings, 'reserved', 'r_'));
const COVERING = sql.raw(columnsAs(bookings, 'covering', 'c_'));
const readResent = joinedRowReader(chargingSessions, 's_');
const readTag = joinedRowReader(idTags, 't_');
const readReserved = joinedRowReader(bookings, 'r_');
const readCovering = joinedRowReader(bookings, 'c_');

/** The facts of every start of a group in ONE statement, in the order given (services/session-starts.ts). */
export async function loadStartFactsGroup(db: Db, starts: StartRequest[]): Promise<StartFactsOfOwner[]> {
  const result = await db.execute(sql`
    SELECT req.ord, ${RESENT}, ${TAG}, customer.id AS owner_id, customer.name AS owner_name, slot.id AS slot_id, ${RESERVED}, ${COVERING},
      holder_tag.parent_id_tag AS holder_parent_id_tag,
      EXISTS (SELECT 1 FROM charging_sessions running WHERE lower(running.id_tag) = lower(req.r->>2) AND running.stopped_at IS NULL)
        AS charging_elsewhere
    FROM jsonb_array_elements(${JSON.stringify(starts.map(asRow))}::jsonb) WITH ORDINALITY AS req(r, ord)
    LEFT JOIN LATERAL (SELECT * FROM charging_sessions c WHERE c.station_id = (req.r->>0)::int AND c.connector_id = (req.r->>1)::int
      AND c.id_tag = req.r->>2 AND c.started_at = (req.r->>3)::timestamptz AND c.meter_start_wh = (req.r->>4)::bigint LIMIT 1) resent ON true
    LEFT JOIN id_tags tag ON lower(tag.id_tag) = lower(req.r->>2)
    LEFT JOIN customers customer ON customer.id = tag.customer_id
    LEFT JOIN slots slot ON slot.station_id = (req.r->>0)::int AND slot.connector_id = (req.r->>1)::int
    LEFT JOIN bookings reserved ON reserved.id = (req.r->>5)::int
    LEFT JOIN bookings covering ON covering.slot_id = slot.id AND covering.status = ANY(${sql.param([...HOLDING])}::text[])
      AND covering.starts_at <= (req.r->>3)::timestamptz AND covering.ends_at > (req.r->>3)::timestamptz
    LEFT JOIN id_tags holder_tag ON lower(holder_tag.id_tag) = lower(covering.id_tag)
    ORDER BY req.ord`);
  const byStart = new Map<number, StartFactsOfOwner>();
  for (const r of rowsOf(result)) {
    const ord = Number(r.ord);
    if (!byStart.has(ord)) byStart.set(ord, toStartFacts(r));
  }
  return starts.map((_, i) => byStart.get(i + 1)!);
}

function toStartFacts(r: Record<string, unknown>): StartFactsOfOwner {
  const session = readResent(r);
  const tag = readTag(r);
  const reserved = readReserved(r);
  const covering = readCovering(r);
  return {
    owner: r.owner_id === null ? null : { id: r.owner_id as number, name: r.owner_name as string },
    resent: session ? toSession(session) : null,
    tag: tag ? toIdTag(tag) : null,
    chargingElsewhere: r.charging_elsewhere === true,
    slotId: (r.slot_id as number | null) ?? null,
    reserved: reserved ? toBooking(reserved) : null,
    covering: covering ? { booking: toBooking(covering), holderParentIdTag: (r.holder_parent_id_tag as string | null) ?? null } : null,
  };
}
