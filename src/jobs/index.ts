// The central system's background work, started after the services and stopped before the database closes:
// node-cron schedules (noOverlap keeps a slow run from stacking, STACK.md), the slot statuses kept current,
// and the reservations sent again on events.
//
// In a cluster (issue 15, "Jobs run once") the booking job, the only periodic one, runs on the node holding the
// job lock (cluster/job-lock.ts), asked before each run: every node asks each interval, so when the holder dies
// another runs the next one. Its window-edge refresh announces slot.changed once for the cluster, and the other
// nodes' slot watchers remember it from the stream. What stays per node: the first full slot refresh (each node
// keeps its own view) and the retries on events, which come from the chargers this node holds; the booking
// service claims a booking in the database before it sends, so no ReserveNow goes out twice either way.
import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../shared/clock.js';
import type { EventBus } from '../shared/events.js';
import type { Logger } from '../shared/logger.js';
import type { BookingService } from '../services/bookings.js';
import * as bookingJob from './booking-job.js';
import { retryReservations } from './reservation-retries.js';
import { balanceLoads, type LoadBalancingDeps } from './load-balancing.js';

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
  /** Site load management (issue 17): its triggers and interval (load-balancing.ts); absent: none. */
  loadBalancing?: Omit<LoadBalancingDeps, 'events' | 'log' | 'schedule' | 'runsJobs'>;
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
  const balancing = d.loadBalancing ? balanceLoads({ ...d.loadBalancing, events: d.events, log: d.log, schedule: d.schedule, runsJobs: d.runsJobs }) : null;
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
      balancing?.stop();
      await Promise.all(tasks.map(async (t) => { await t.stop(); await t.destroy(); }));
    },
    async settled() {
      await d.slots.stop();
      await retries.settled();
      await balancing?.settled();
      await d.bookings.settled();
    },
  };
}
