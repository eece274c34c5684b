import { and, asc, eq, gt, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { AppError } from '../shared/errors.js';
import { bookingCode, type Booking, type BookingStatus } from '../domain/bookings.js';
import { isSerialId, pgErrorCode, type Db } from './db.js';
import { bookings } from './schema/index.js';

type BookingRow = typeof bookings.$inferSelect;
const toBooking = (r: BookingRow): Booking => ({ ...r, code: bookingCode(r.id), status: r.status as BookingStatus });
const HOLDING = ['confirmed', 'active'];

export interface NewBooking {
  slotId: number;
  customerId: number;
  idTag: string;
  startsAt: Date;
  endsAt: Date;
  createdBy: string;
  at: Date;
}

/** Inserts, or returns the booking it would overlap: the exclusion constraint decides (23P01), not a read. */
export async function insertBooking(db: Db, b: NewBooking): Promise<{ booking: Booking } | { overlaps: Booking | null }> {
  const { at, ...values } = b;
  try {
    // A savepoint keeps the caller's transaction usable after the constraint refuses.
    const rows = await db.transaction((tx) => tx.insert(bookings).values({ ...values, createdAt: at, updatedAt: at }).returning());
    return { booking: toBooking(rows[0]!) };
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
  /** Windows that end after `from` and start before `to`. */
  from?: Date;
  to?: Date;
  limit?: number;
  offset?: number;
}

export async function listBookings(db: Db, f: BookingFilter): Promise<Booking[]> {
  const where: Array<SQL | undefined> = [
    f.slotIds === undefined ? undefined : inArray(bookings.slotId, f.slotIds.length ? f.slotIds : [-1]),
    f.customerId === undefined ? undefined : eq(bookings.customerId, f.customerId),
    f.idTag === undefined ? undefined : sql`lower(${bookings.idTag}) = lower(${f.idTag})`,
    f.status === undefined ? undefined : eq(bookings.status, f.status),
    f.from === undefined ? undefined : gt(bookings.endsAt, f.from),
    f.to === undefined ? undefined : sql`${bookings.startsAt} < ${f.to}`,
  ];
  const rows = await db.select().from(bookings).where(and(...where))
    .orderBy(asc(bookings.startsAt), asc(bookings.id)).limit(f.limit ?? 100).offset(f.offset ?? 0);
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
  'status' | 'sessionId' | 'reservationStatus' | 'reservationNote' | 'reservationSentAt'>> & { at: Date }): Promise<Booking> {
  const { at, ...fields } = change;
  const rows = await db.update(bookings).set({ ...fields, updatedAt: at }).where(eq(bookings.id, id)).returning();
  if (!rows[0]) throw new AppError('NotFound', `booking ${id} does not exist`, { field: 'bookingId' });
  return toBooking(rows[0]);
}

/** Confirmed bookings whose window is open and whose reservation is not held on the charger yet. */
/** Confirmed bookings whose window is open and that their charger does not hold; of these stations' slots when given. */
export async function listDueForReservation(db: Db, at: Date, stationIds?: number[]): Promise<Booking[]> {
  const rows = await db.select().from(bookings).where(and(
    eq(bookings.status, 'confirmed'), lte(bookings.startsAt, at), gt(bookings.endsAt, at),
    sql`${bookings.reservationStatus} IS DISTINCT FROM 'Accepted'`,
    stationIds === undefined ? undefined
      : sql`${bookings.slotId} IN (SELECT id FROM slots WHERE station_id = ANY(${sql.param(stationIds)}::int[]))`,
  )).orderBy(asc(bookings.startsAt));
  return rows.map(toBooking);
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
