// The staff's list of bookings: each with its holder's name, its slot's code and its station's chargeBoxId, so a
// calendar of a day (from/to) draws from one call. Soonest first, by startsAt then id; a page at a time.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { type Booking, type BookingStatus, type ReservationStatus } from '../domain/bookings.js';
import type { Page } from '../domain/paging.js';
import type { Db } from './db.js';
import { bookingConditions, toBooking } from './bookings.js';
import { afterKey, orderOf, readPage, startsWith, type PageRequest } from './keyset.js';
import { bookings, customers, slots, stations } from './schema/index.js';

export interface BookingListFilter {
  slotId?: number;
  stationId?: number;
  customerId?: number;
  status?: BookingStatus;
  reservationStatus?: ReservationStatus;
  /** Windows that end after `from` and start before `to`. */
  from?: Date;
  to?: Date;
  /** A booking code (BK-000123) or the start of the holder's name, without regard to case. */
  q?: string;
}

export type BookingListItem = Booking & {
  customerName: string;
  stationId: number;
  connectorId: number;
  chargeBoxId: string;
  slotCode: string;
};

// BK-000123, bk-123 or BK123: the code's number is the booking id (domain bookingCode).
const CODE = /^BK-?0*([1-9][0-9]{0,9})$/i;

/** q: the booking with that code (its primary key), else those whose holder's name starts with it (index
 * customers_name_prefix). Not both: an OR across the two tables would read them whole. */
function matching(q: string): SQL {
  const code = CODE.exec(q.trim());
  const id = code ? Number(code[1]) : null;
  if (id !== null) return id <= 2_147_483_647 ? eq(bookings.id, id) : sql`false`;
  return startsWith(customers.name, q);
}

// The list's order: startsAt then id (index bookings_starts; bookings_customer, _status, _reservation lead with
// their filter).
const sortKey = [bookings.startsAt, bookings.id];

export async function listBookingViews(db: Db, f: BookingListFilter, p: PageRequest): Promise<Page<BookingListItem>> {
  const where = and(
    ...bookingConditions({ ...f, ...(f.slotId === undefined ? {} : { slotIds: [f.slotId] }) }),
    f.stationId === undefined ? undefined : eq(slots.stationId, f.stationId),
    f.q === undefined ? undefined : matching(f.q),
    afterKey(sortKey, p.cursor, 'asc'),
  );
  const read = async (limit: number, offset: number) => (await db.select({
    b: bookings, customerName: customers.name, stationId: slots.stationId, connectorId: slots.connectorId,
    chargeBoxId: stations.chargeBoxId, slotCode: slots.code,
  }).from(bookings)
    .innerJoin(slots, eq(slots.id, bookings.slotId))
    .innerJoin(stations, eq(stations.id, slots.stationId))
    .innerJoin(customers, eq(customers.id, bookings.customerId))
    .where(where).orderBy(...orderOf(sortKey, 'asc')).limit(limit).offset(offset))
    .map(({ b, ...names }) => ({ ...toBooking(b), ...names }));
  return readPage(p, read, (b) => [b.startsAt.toISOString(), b.id]);
}
