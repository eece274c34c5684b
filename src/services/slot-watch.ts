// slot.changed for the live stream. A slot's status is derived (domain/slots.ts), so it changes as a side
// effect of other changes: a connector status, a session, an issue, a booking, or simply time passing (a
// window opening or closing; the booking job refreshes every slot on each run). After each such event the
// affected slots are recomputed and a slot.changed goes out for each whose status really changed.
import type { ServiceDeps } from './deps.js';
import { slotViews } from './slots.js';

export function watchSlots(d: ServiceDeps) {
  const known = new Map<number, string>();
  let queue: Promise<void> = Promise.resolve();

  async function refresh(stationId?: number): Promise<void> {
    const views = await slotViews(d.db, d.clock.now(), stationId === undefined ? {} : { stationId });
    for (const v of views) {
      const before = known.get(v.id);
      known.set(v.id, v.status);
      if (before === v.status) continue;
      d.events.emit('slot.changed', {
        slotId: v.id, code: v.code, stationId: v.stationId, connectorId: v.connectorId, status: v.status, at: d.clock.now(),
      });
    }
  }

  // One refresh at a time, in order, so two events never race to announce the same change twice.
  const schedule = (stationId?: number): Promise<void> => {
    queue = queue.then(() => refresh(stationId)).catch((err: unknown) => d.log.error({ err }, 'slot status refresh failed'));
    return queue;
  };

  const stops = [
    d.events.on('connector.status', (e) => void schedule(e.stationId)),
    d.events.on('session.started', (e) => void schedule(e.stationId)),
    d.events.on('session.stopped', (e) => void schedule(e.stationId)),
    d.events.on('issue.changed', (e) => void schedule(e.issue.stationId)),
    d.events.on('booking.changed', () => void schedule()),
  ];
  return {
    /** Recompute every slot (the job's tick; and at start, to know the current statuses). */
    refreshAll: () => schedule(),
    settled: () => queue,
    stop: () => stops.forEach((s) => s()),
  };
}
