// STUB (issue 15, helper "jobs"): to be built.
import type { Logger } from '../shared/logger.js';

export interface JobLock {
  /** Whether this node runs the cluster's periodic jobs now: true while it holds the lock, taking it when free. */
  acquire(): Promise<boolean>;
  close(): Promise<void>;
}

export async function openJobLock(_d: { databaseUrl: string; clusterName: string; log: Logger }): Promise<JobLock> {
  return { acquire: async () => true, close: async () => undefined };
}
