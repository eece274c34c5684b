// What a StopTransaction writes besides the session itself (services/sessions.ts stop()).
import { and, eq } from 'drizzle-orm';
import type { Booking, BookingStatus } from '../domain/bookings.js';
import type { Db } from './db.js';
import { bookings } from './schema/index.js';
import { toBooking } from './bookings.js';

/** The active booking a session fulfilled, moved to `status`, in one statement (issue 14: a read, then a write). */
export async function finishActiveBookingOfSession(db: Db, sessionId: number, status: BookingStatus, at: Date): Promise<Booking | null> {
  const rows = await db.update(bookings).set({ status, updatedAt: at })
    .where(and(eq(bookings.sessionId, sessionId), eq(bookings.status, 'active'))).returning();
  return rows[0] ? toBooking(rows[0]) : null;
}
