// slot.changed for the live stream. A slot's status is derived (domain/slots.ts), so it changes as a side
// effect of other changes: a connector status, a session, an issue, a booking, or simply time passing (a
// window opening or closing). After such events the affected slots are recomputed and a slot.changed goes out
// for each whose status really changed.
//
// Events are coalesced (shared/batcher.ts): while one refresh runs, the stations and slots named by newer
// events gather, and the next refresh covers them all in one set of queries. Under load (thousands of chargers
// booting) that is a handful of refreshes a second instead of one per event queued without bound; when quiet,
// a refresh starts at once, so staff still see a change within the second. One refresh at a time, so two never
// race to announce the same change twice.
import type { ServiceDeps } from './deps.js';
import * as store from '../store/index.js';
import { Batcher } from '../shared/batcher.js';
import { slotViews } from './slots.js';
import type { Slot } from '../domain/slots.js';

/** What an event asks to recompute: a station's slots, some slots, or (neither) every slot. */
type Request = { stationId?: number; slotIds?: number[] };

export function watchSlots(d: ServiceDeps) {
  const known = new Map<number, string>();

  async function refresh(filter: { stationIds?: number[]; ids?: number[] }): Promise<void> {
    const views = await slotViews(d.db, d.clock.now(), filter);
    for (const v of views) {
      const before = known.get(v.id);
      known.set(v.id, v.status);
      if (before === v.status) continue;
      d.events.emit('slot.changed', {
        slotId: v.id, code: v.code, stationId: v.stationId, connectorId: v.connectorId, status: v.status, at: d.clock.now(),
      });
    }
  }

  /** Every slot, or those of the stations named plus the slots named: one set of queries each. */
  async function refreshCovering(requests: Request[]): Promise<void> {
    if (requests.some((r) => r.stationId === undefined && r.slotIds === undefined)) return refresh({});
    const stationIds = [...new Set(requests.flatMap((r) => (r.stationId === undefined ? [] : [r.stationId])))];
    const ids = [...new Set(requests.flatMap((r) => r.slotIds ?? []))];
    if (stationIds.length > 0) await refresh({ stationIds });
    if (ids.length > 0) await refresh({ ids });
  }

  const refreshes = new Batcher<Request>(refreshCovering, (err) => d.log.error({ err }, 'slot status refresh failed'));
  /** Resolves when a refresh covering this request has run (not when the stream of events runs dry). */
  const schedule = (r: Request = {}): Promise<void> => refreshes.add(r);

  /**
   * Stations went on or offline: their slots say so, with the status last derived (bookings for later stay
   * possible). One light read of the slots per group, not a recompute: every charger's connect and disconnect
   * lands here, a thousand a second in a connect storm (issue 14), so they are read in groups (Batcher).
   */
  async function announceOnline(changes: Array<{ stationId: number; online: boolean }>): Promise<void> {
    const slots = new Map<number, Slot[]>();
    for (const slot of await store.slots.listSlots(d.db, { stationIds: [...new Set(changes.map((c) => c.stationId))] })) {
      slots.set(slot.stationId, [...(slots.get(slot.stationId) ?? []), slot]);
    }
    for (const { stationId, online } of changes) { // each change announced, in the order they came
      for (const slot of slots.get(stationId) ?? []) {
        const status = known.get(slot.id);
        if (status === undefined) continue; // not derived yet: its first refresh announces it
        d.events.emit('slot.changed', {
          slotId: slot.id, code: slot.code, stationId, connectorId: slot.connectorId, status, at: d.clock.now(), stationOnline: online,
        });
      }
    }
  }
  // A storm's connects come a few per event-loop turn: each group takes at least one turn's (shared/batcher.ts).
  const announcements = new Batcher(announceOnline, (err) => d.log.error({ err }, 'slot online announcement failed'), { gatherTurn: true });
  const announce = (stationId: number, online: boolean) => void announcements.add({ stationId, online });

  const stops = [
    d.events.on('station.online', (e) => announce(e.stationId, true)),
    d.events.on('station.offline', (e) => announce(e.stationId, false)),
    d.events.on('connector.status', (e) => void schedule({ stationId: e.stationId })),
    d.events.on('session.started', (e) => void schedule({ stationId: e.stationId })),
    d.events.on('session.stopped', (e) => void schedule({ stationId: e.stationId })),
    d.events.on('issue.changed', (e) => void schedule({ stationId: e.issue.stationId })),
    d.events.on('booking.changed', (e) => void schedule({ slotIds: [e.booking.slotId] })),
  ];
  let lastTimedRefresh: Date | null = null;
  return {
    /** Recompute every slot (at start, to know the current statuses). */
    refreshAll: () => {
      lastTimedRefresh = d.clock.now();
      return schedule();
    },
    /**
     * The job's tick: time alone changes a slot's status only where a booking window opened or closed, so only
     * those slots are recomputed since the last tick (or the full refresh at start). Recomputing every slot of
     * 10,000 chargers each run held the event loop long enough to show in the p99 of every charger's answers.
     */
    async refreshWindowEdges(now: Date): Promise<void> {
      const since = lastTimedRefresh ?? new Date(0);
      lastTimedRefresh = now;
      const slotIds = await store.bookings.listSlotIdsWithWindowEdges(d.db, since, now);
      if (slotIds.length > 0) await schedule({ slotIds });
    },
    /** No event starts a refresh after this; resolves when the one running has finished (before the database closes). */
    async stop() {
      stops.forEach((s) => s());
      await Promise.all([refreshes.settled(), announcements.settled()]);
    },
  };
}
