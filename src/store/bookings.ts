import { and, asc, eq, getTableColumns, gt, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { AppError } from '../shared/errors.js';
import { bookingCode, type Booking, type BookingStatus, type NamedBooking, type ReservationStatus } from '../domain/bookings.js';
import { isSerialId, pgErrorCode, type Db } from './db.js';
import { bookings, slots } from './schema/index.js';

type BookingRow = typeof bookings.$inferSelect;
export const toBooking = (r: BookingRow): Booking => ({
  ...r, code: bookingCode(r.id), status: r.status as BookingStatus, reservationStatus: r.reservationStatus as ReservationStatus | null,
});
const HOLDING = ['confirmed', 'active'];

/**
 * What a write of bookings returns: the row and its holder's name, looked up in the same statement (by the
 * customer's primary key), so booking.changed names the holder without a read of its own on the charger's paths.
 */
export const namedBookingColumns = {
  ...getTableColumns(bookings),
  customerName: sql<string>`(select c.name from customers c where c.id = bookings.customer_id)`,
};
export const toNamedBooking = ({ customerName, ...r }: BookingRow & { customerName: string }): NamedBooking =>
  ({ ...toBooking(r), customerName });

export interface NewBooking {
  slotId: number;
  customerId: number;
  idTag: string;
  startsAt: Date;
  endsAt: Date;
  createdBy: string;
  at: Date;
  /** 'sending': born claimed, for a window open now (its ReserveNow goes out after commit). */
  reservationStatus?: 'sending';
}

/** Inserts, or returns the booking it would overlap: the exclusion constraint decides (23P01), not a read. */
export async function insertBooking(db: Db, b: NewBooking): Promise<{ booking: NamedBooking } | { overlaps: Booking | null }> {
  const { at, ...values } = b;
  const sentAt = b.reservationStatus === 'sending' ? { reservationSentAt: at } : {};
  try {
    // A savepoint keeps the caller's transaction usable after the constraint refuses.
    const rows = await db.transaction((tx) => tx.insert(bookings).values({ ...values, ...sentAt, createdAt: at, updatedAt: at })
      .returning(namedBookingColumns));
    return { booking: toNamedBooking(rows[0]!) };
  } catch (err) {
    if (pgErrorCode(err) !== '23P01') throw err;
    return { overlaps: await findOverlapping(db, b.slotId, b.startsAt, b.endsAt) };
  }
}

async function findOverlapping(db: Db, slotId: number, startsAt: Date, endsAt: Date): Promise<Booking | null> {
  const rows = await db.select().from(bookings).where(and(
    eq(bookings.slotId, slotId), inArray(bookings.status, HOLDING),
    sql`tstzrange(${bookings.startsAt}, ${bookings.endsAt}) && tstzrange(${startsAt}::timestamptz, ${endsAt}::timestamptz)`,
  )).limit(1);
  return rows[0] ? toBooking(rows[0]) : null;
}

export async function getBooking(db: Db, id: number, o: { forUpdate?: boolean } = {}): Promise<Booking> {
  const q = db.select().from(bookings).where(eq(bookings.id, id)).limit(1);
  const rows = o.forUpdate ? await q.for('update') : await q;
  if (!rows[0]) throw new AppError('NotFound', `booking ${id} does not exist`, { field: 'bookingId' });
  return toBooking(rows[0]);
}

export async function findBooking(db: Db, id: number): Promise<Booking | null> {
  if (!isSerialId(id)) return null; // a reservationId a charger sent may be any integer
  const rows = await db.select().from(bookings).where(eq(bookings.id, id)).limit(1);
  return rows[0] ? toBooking(rows[0]) : null;
}

export interface BookingFilter {
  slotIds?: number[];
  customerId?: number;
  idTag?: string;
  status?: BookingStatus;
  reservationStatus?: ReservationStatus;
  /** Windows that end after `from` and start before `to`. */
  from?: Date;
  to?: Date;
  limit?: number;
}

/** The conditions of a filter, shared by the internal read below and the staff list (booking-list.ts). */
export function bookingConditions(f: Omit<BookingFilter, 'limit'>): Array<SQL | undefined> {
  return [
    f.slotIds === undefined ? undefined : inArray(bookings.slotId, f.slotIds.length ? f.slotIds : [-1]),
    f.customerId === undefined ? undefined : eq(bookings.customerId, f.customerId),
    f.idTag === undefined ? undefined : sql`lower(${bookings.idTag}) = lower(${f.idTag})`,
    f.status === undefined ? undefined : eq(bookings.status, f.status),
    f.reservationStatus === undefined ? undefined : eq(bookings.reservationStatus, f.reservationStatus),
    ...windowOverlaps(f.from, f.to),
  ];
}

/**
 * Windows that end after `from` and start before `to`. With both, the same test is also put as range overlap,
 * which the GiST index bookings_window answers for one day among years of bookings (a btree on starts_at would
 * read every booking before the day). [from, to) must not be empty for a range: from ≥ to keeps the two bounds only.
 */
function windowOverlaps(from: Date | undefined, to: Date | undefined): Array<SQL | undefined> {
  return [
    from === undefined ? undefined : gt(bookings.endsAt, from),
    to === undefined ? undefined : sql`${bookings.startsAt} < ${to}`,
    from === undefined || to === undefined || from >= to ? undefined
      : sql`tstzrange(${bookings.startsAt}, ${bookings.endsAt}) && tstzrange(${from}::timestamptz, ${to}::timestamptz)`,
  ];
}

/** Bookings soonest first, for the services' own reads (the slots' next bookings); staff lists page (booking-list.ts). */
export async function listBookings(db: Db, f: BookingFilter): Promise<Booking[]> {
  const rows = await db.select().from(bookings).where(and(...bookingConditions(f)))
    .orderBy(asc(bookings.startsAt), asc(bookings.id)).limit(f.limit ?? 100);
  return rows.map(toBooking);
}

/** Holding bookings whose window covers `at`, for these slots. */
export async function listCovering(db: Db, at: Date, slotIds?: number[]): Promise<Booking[]> {
  const rows = await db.select().from(bookings).where(and(
    inArray(bookings.status, HOLDING), lte(bookings.startsAt, at), gt(bookings.endsAt, at),
    slotIds === undefined ? undefined : inArray(bookings.slotId, slotIds.length ? slotIds : [-1]),
  ));
  return rows.map(toBooking);
}

export async function updateBooking(db: Db, id: number, change: Partial<Pick<Booking,
  'status' | 'sessionId' | 'reservationStatus' | 'reservationNote' | 'reservationSentAt'>> & { at: Date }): Promise<NamedBooking> {
  const { at, ...fields } = change;
  const rows = await db.update(bookings).set({ ...fields, updatedAt: at }).where(eq(bookings.id, id)).returning(namedBookingColumns);
  if (!rows[0]) throw new AppError('NotFound', `booking ${id} does not exist`, { field: 'bookingId' });
  return toNamedBooking(rows[0]);
}

/** Confirmed bookings whose window covers `at`. */
const openAt = (at: Date) => and(eq(bookings.status, 'confirmed'), lte(bookings.startsAt, at), gt(bookings.endsAt, at));

/** Reservation statuses to pick: these (null: never sent). */
const reservationIn = (statuses: ReadonlyArray<ReservationStatus | null>) => {
  const named = statuses.filter((s): s is ReservationStatus => s !== null);
  return or(
    statuses.includes(null) ? isNull(bookings.reservationStatus) : undefined,
    named.length ? inArray(bookings.reservationStatus, named) : undefined,
  ) ?? sql`false`;
};

/** Open-window bookings whose reservation is in one of these statuses; of these stations' slots when given. */
export async function listDueForReservation(db: Db, at: Date, f: { statuses: ReadonlyArray<ReservationStatus | null> }): Promise<Booking[]> {
  const rows = await db.select().from(bookings).where(and(openAt(at), reservationIn(f.statuses))).orderBy(asc(bookings.startsAt));
  return rows.map(toBooking);
}

/**
 * Open bookings of these stations whose reservation is in `statuses` and was not sent after the station came
 * online (one sent later went to this very connection, and its answer stands): one query for a batch.
 */
export async function listDueOnStations(
  db: Db, at: Date, ss: ReadonlyArray<{ stationId: number; onlineAt: Date }>, statuses: ReadonlyArray<ReservationStatus | null>,
): Promise<Booking[]> {
  if (ss.length === 0) return [];
  const rows = await db.select().from(bookings).where(and(
    openAt(at), reservationIn(statuses),
    sql`EXISTS (SELECT 1 FROM slots s JOIN unnest(${sql.param(ss.map((c) => c.stationId))}::int[],
      ${sql.param(ss.map((c) => c.onlineAt.toISOString()))}::timestamptz[]) AS c(station_id, online_at)
      ON s.station_id = c.station_id
      WHERE s.id = ${bookings.slotId} AND (${bookings.reservationSentAt} IS NULL OR ${bookings.reservationSentAt} <= c.online_at))`,
  )).orderBy(asc(bookings.startsAt));
  return rows.map(toBooking);
}

/** Open bookings on these connectors whose reservation is in `statuses` and was sent no later than the connector's report
 * (a refusal answered to a ReserveNow sent after the report was made with the connector past it). */
export async function listDueOnConnectors(
  db: Db, at: Date, cs: ReadonlyArray<{ stationId: number; connectorId: number; reportedAt: Date }>, statuses: readonly ReservationStatus[],
): Promise<Booking[]> {
  if (cs.length === 0) return [];
  const rows = await db.select().from(bookings).where(and(
    openAt(at), reservationIn(statuses),
    sql`EXISTS (SELECT 1 FROM slots s JOIN unnest(${sql.param(cs.map((c) => c.stationId))}::int[],
      ${sql.param(cs.map((c) => c.connectorId))}::int[], ${sql.param(cs.map((c) => c.reportedAt.toISOString()))}::timestamptz[])
      AS c(station_id, connector_id, reported_at)
      ON s.station_id = c.station_id AND s.connector_id = c.connector_id
      WHERE s.id = ${bookings.slotId} AND (${bookings.reservationSentAt} IS NULL OR ${bookings.reservationSentAt} <= c.reported_at))`,
  )).orderBy(asc(bookings.startsAt));
  return rows.map(toBooking);
}

/**
 * Claims a booking's reservation for one sender: only the caller that gets the row back sends ReserveNow, so
 * a job run, a reconnect and an Available racing on any number of nodes send it once. A 'sending' claim
 * whose sender died (a crash mid-call) is claimable again once it is older than `staleBefore` (the caller
 * passes now minus the call timeout and a margin: a live sender has had its answer or timeout by then).
 */
export async function claimReservation(db: Db, id: number, c: { from: ReadonlyArray<ReservationStatus | null>; at: Date; staleBefore: Date }): Promise<NamedBooking | null> {
  const rows = await db.update(bookings).set({ reservationStatus: 'sending', reservationSentAt: c.at, updatedAt: c.at })
    .where(and(eq(bookings.id, id), openAt(c.at), or(
      reservationIn(c.from),
      and(eq(bookings.reservationStatus, 'sending'), lt(bookings.reservationSentAt, c.staleBefore)),
    ))).returning(namedBookingColumns);
  return rows[0] ? toNamedBooking(rows[0]) : null;
}

export interface BookingOnConnector {
  booking: Booking;
  stationId: number;
  connectorId: number;
}

/** Open-window bookings whose reservation is in one of these statuses, with their connector (the dashboard). */
export async function listReservationsInStatus(db: Db, at: Date, statuses: readonly ReservationStatus[]): Promise<BookingOnConnector[]> {
  const rows = await db.select({ b: bookings, stationId: slots.stationId, connectorId: slots.connectorId })
    .from(bookings).innerJoin(slots, eq(slots.id, bookings.slotId))
    .where(and(openAt(at), reservationIn(statuses))).orderBy(asc(bookings.startsAt), asc(bookings.id)).limit(100);
  return rows.map((r) => ({ booking: toBooking(r.b), stationId: r.stationId, connectorId: r.connectorId }));
}

/** Confirmed bookings nobody came for: no session by the grace after their start (or their creation, for one
 * made once its window had begun), as domain/bookings.ts noShowDeadline says. */
export async function listNoShows(db: Db, at: Date, graceMs: number): Promise<Booking[]> {
  const deadline = new Date(at.getTime() - graceMs);
  const rows = await db.select().from(bookings).where(and(
    eq(bookings.status, 'confirmed'), isNull(bookings.sessionId),
    sql`greatest(${bookings.startsAt}, ${bookings.createdAt}) <= ${deadline}`,
  )).orderBy(asc(bookings.startsAt));
  return rows.map(toBooking);
}

export async function findActiveBookingOfSession(db: Db, sessionId: number): Promise<Booking | null> {
  const rows = await db.select().from(bookings)
    .where(and(eq(bookings.sessionId, sessionId), eq(bookings.status, 'active'))).limit(1);
  return rows[0] ? toBooking(rows[0]) : null;
}

/** The bookings that started these sessions (for the dashboard). */
export async function listBookingsOfSessions(db: Db, sessionIds: number[]): Promise<Booking[]> {
  if (sessionIds.length === 0) return [];
  return (await db.select().from(bookings).where(inArray(bookings.sessionId, sessionIds))).map(toBooking);
}

/** Slots with a booking window that opened or closed in (since, until]: their status may have changed with time alone. */
export async function listSlotIdsWithWindowEdges(db: Db, since: Date, until: Date): Promise<number[]> {
  const edge = (col: typeof bookings.startsAt) => and(gt(col, since), lte(col, until));
  const rows = await db.selectDistinct({ slotId: bookings.slotId }).from(bookings)
    .where(sql`(${edge(bookings.startsAt)}) OR (${edge(bookings.endsAt)})`);
  return rows.map((r) => r.slotId);
}
