// The central system's background work, started after the services and stopped before the database closes:
// node-cron schedules (noOverlap keeps a slow run from stacking, STACK.md), the slot statuses kept current,
// and the reservations sent again on events.
import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../shared/clock.js';
import type { EventBus } from '../shared/events.js';
import type { Logger } from '../shared/logger.js';
import type { BookingService } from '../services/bookings.js';
import * as bookingJob from './booking-job.js';
import { retryReservations } from './reservation-retries.js';

/** services/slot-watch.ts: slot.changed as slot statuses change. */
export interface SlotWatch {
  refreshAll(): Promise<void>;
  refreshWindowEdges(now: Date): Promise<void>;
  stop(): Promise<void>;
}

export interface JobDeps {
  bookings: Pick<BookingService, 'tick' | 'settled' | 'onStationsOnline' | 'onConnectorsAvailable'>;
  slots: SlotWatch;
  events: EventBus;
  clock: Clock;
  log: Logger;
  bookingIntervalS: number;
  schedule: boolean;
  /** Cluster mode: whether this node runs the periodic jobs now (cluster/job-lock.ts); absent: always. */
  runsJobs?: () => Promise<boolean>;
}

export interface Jobs {
  /** Runs the booking job once now (tests drive it with their clock instead of waiting). */
  runBookings(): Promise<{ reserved: number; expired: number }>;
  /** No schedule or event starts work after this. */
  stop(): Promise<void>;
  /** Resolves when the work under way has finished: after the OCPP server closed, before the database does. */
  settled(): Promise<void>;
}

export async function startJobs(d: JobDeps): Promise<Jobs> {
  await d.slots.refreshAll(); // know every slot's status before the first event changes one
  const retries = retryReservations(d);
  const runBookings = () => bookingJob.run({ bookings: d.bookings, refreshSlots: (now) => d.slots.refreshWindowEdges(now) }, d.clock.now());
  const tasks: ScheduledTask[] = [];
  if (d.schedule) {
    tasks.push(cron.schedule(`*/${d.bookingIntervalS} * * * * *`, async () => {
      try {
        if (d.runsJobs && !(await d.runsJobs())) return; // another node runs it (issue 15: jobs run once)
        const done = await runBookings();
        if (done.reserved + done.expired > 0) d.log.info(done, 'booking job');
      } catch (err) {
        d.log.error({ err }, 'booking job failed');
      }
    }, { noOverlap: true, name: 'bookings' }));
  }
  return {
    runBookings,
    async stop() {
      retries.stop();
      await Promise.all(tasks.map(async (t) => { await t.stop(); await t.destroy(); }));
    },
    async settled() {
      await d.slots.stop();
      await retries.settled();
      await d.bookings.settled();
    },
  };
}
