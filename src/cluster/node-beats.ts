// STUB (issue 15, helper "holds"): to be built.
import type { Db } from '../store/db.js';
import type { Clock } from '../shared/clock.js';
import type { EventBus } from '../shared/events.js';
import type { Logger } from '../shared/logger.js';
import type { JobLock } from './job-lock.js';

export function startNodeBeats(_d: { db: Db; events: EventBus; clock: Clock; log: Logger; nodeId: string; offlineAfterS: number; jobLock: JobLock }) {
  return { stop: async () => undefined };
}
