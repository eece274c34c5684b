// Each run: hold the bookings whose window opened on their chargers, expire no-shows past the grace, and
// recompute the statuses of slots whose booking windows opened or closed since the last run. Everything it acts on is read from the
// database, so a restart of the central system loses no pending transition.
import type { BookingService } from '../services/bookings.js';

export interface BookingJobDeps {
  bookings: Pick<BookingService, 'tick'>;
  /** Recompute the slots whose status time alone may have changed since the last run. */
  refreshSlots(now: Date): Promise<void>;
}

export async function run(d: BookingJobDeps, now: Date): Promise<{ reserved: number; expired: number }> {
  const done = await d.bookings.tick(now);
  await d.refreshSlots(now);
  return done;
}
