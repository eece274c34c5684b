// node-cron wiring: one schedule per job; noOverlap keeps a slow run from stacking (STACK.md).
import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import * as bookingJob from './booking-job.js';

export interface Jobs {
  /** Runs the booking job once now (tests drive it with their clock instead of waiting). */
  runBookings(): Promise<{ reserved: number; expired: number }>;
  stop(): Promise<void>;
}

export function startJobs(d: bookingJob.BookingJobDeps & { clock: Clock; log: Logger; bookingIntervalS: number; schedule: boolean }): Jobs {
  const runBookings = () => bookingJob.run(d, d.clock.now());
  const tasks: ScheduledTask[] = [];
  if (d.schedule) {
    tasks.push(cron.schedule(`*/${d.bookingIntervalS} * * * * *`, async () => {
      try {
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
      await Promise.all(tasks.map(async (t) => { await t.stop(); await t.destroy(); }));
    },
  };
}
