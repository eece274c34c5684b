// STUB (issue 15, helper "holds"): to be built.
import type { Db } from '../store/db.js';
import type { EventBus } from '../shared/events.js';

export interface Presence {
  /** Some node of the cluster holds this station's connection. */
  isOnline(stationId: number): boolean;
  stop(): void;
}

export async function startPresence(_d: { db: Db; events: EventBus }): Promise<Presence> {
  return { isOnline: () => false, stop: () => undefined };
}
