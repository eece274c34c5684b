// slot.changed for the live stream. A slot's status is derived (domain/slots.ts), so it changes as a side
// effect of other changes: a connector status, a session, an issue, a booking, or simply time passing (a
// window opening or closing). After such events the affected slots are recomputed and a slot.changed goes out
// for each whose status really changed.
//
// Events are coalesced (shared/batcher.ts): a refresh gathers the stations and slots named for a few tens of
// milliseconds (and while one runs), and covers them all in ONE statement (store/slot-statuses.ts: the four
// facts of each status, not the staff view's seven reads). A storm spreads its events over many turns of the
// event loop, one charger a turn, so gathering for a turn only was a statement per charger (issue 14); a
// change still reaches staff well within the second. One refresh at a time, so two never race to announce
// the same change twice.
//
// In a cluster (issue 15) each node derives the slots of the changes it sees, so another node's slot.changed
// (heard cluster-wide) updates what this node remembers, never re-announced: its next comparison and its
// announcements when a charger goes on or offline here are then never stale.
import type { ServiceDeps } from './deps.js';
import * as store from '../store/index.js';
import { Batcher } from '../shared/batcher.js';
import type { DomainEvents } from '../shared/events.js';
import { slotStatus, type Slot, type SlotStatus } from '../domain/slots.js';

/** What an event asks to recompute: a station's slots, some slots, or (neither) every slot. */
type Request = { stationId?: number; slotIds?: number[] };

/** A slot as last derived (at: when): what an announcement needs, so going on or offline reads nothing. */
type Derived = Slot & { status: SlotStatus; at: Date };

/** How long a refresh gathers the events before it: far below what staff notice, many events long in a storm. */
export const SLOT_REFRESH_GATHER_MS = 30;

export function watchSlots(d: ServiceDeps) {
  // Each slot as last derived, by station and slot id: a refresh compares with it, an announcement reads it.
  const slotsOfStation = new Map<number, Map<number, Derived>>();
  // Whether each station was last heard going on or offline: a refresh's announcements carry it, so a slot first
  // derived after its charger left (the boot's refresh still gathering) is announced offline too.
  const lastSeenOnline = new Map<number, boolean>();

  function remember(slot: Derived): void {
    const ofStation = slotsOfStation.get(slot.stationId) ?? new Map<number, Derived>();
    ofStation.set(slot.id, slot);
    slotsOfStation.set(slot.stationId, ofStation);
  }

  /** The slots chosen (all when none): one statement, then a slot.changed for each whose status changed. */
  async function refresh(filter: store.slotStatuses.SlotFactsFilter): Promise<void> {
    for (const { id, code, stationId, connectorId, ...facts } of await store.slotStatuses.listSlotFacts(d.db, d.clock.now(), filter)) {
      const status = slotStatus(facts);
      const before = slotsOfStation.get(stationId)?.get(id)?.status;
      const at = d.clock.now();
      remember({ id, code, stationId, connectorId, status, at });
      if (before === status) continue;
      const online = lastSeenOnline.get(stationId);
      d.events.emit('slot.changed', { slotId: id, code, stationId, connectorId, status, at, ...(online === undefined ? {} : { stationOnline: online }) });
    }
  }

  /** Every slot, or those of the stations named plus the slots named: one statement either way. */
  async function refreshCovering(requests: Request[]): Promise<void> {
    if (requests.some((r) => r.stationId === undefined && r.slotIds === undefined)) return refresh({});
    const stationIds = [...new Set(requests.flatMap((r) => (r.stationId === undefined ? [] : [r.stationId])))];
    const ids = [...new Set(requests.flatMap((r) => r.slotIds ?? []))];
    if (stationIds.length > 0 || ids.length > 0) await refresh({ stationIds, ids });
  }

  const refreshes = new Batcher<Request>(refreshCovering, (err) => d.log.error({ err }, 'slot status refresh failed'),
    { gatherMs: SLOT_REFRESH_GATHER_MS });
  /** Resolves when a refresh covering this request has run (not when the stream of events runs dry). */
  const schedule = (r: Request = {}): Promise<void> => refreshes.add(r);

  /**
   * A station went on or offline: its slots say so, with the status last derived (bookings for later stay
   * possible), from memory: every charger's connect and disconnect lands here, a thousand a second in a
   * connect storm (issue 14). Announced after the station's own event has reached every listener.
   */
  function announce(stationId: number, online: boolean): void {
    lastSeenOnline.set(stationId, online);
    queueMicrotask(() => {
      // A slot not derived yet is left out: its first refresh announces it, saying whether the station is online.
      for (const slot of slotsOfStation.get(stationId)?.values() ?? []) {
        d.events.emit('slot.changed', {
          slotId: slot.id, code: slot.code, stationId, connectorId: slot.connectorId, status: slot.status, at: d.clock.now(), stationOnline: online,
        });
      }
    });
  }

  /** Another node's derivation, unless this node's own is newer (the two raced on one slot). */
  function rememberRemote(e: DomainEvents['slot.changed']): void {
    const known = slotsOfStation.get(e.stationId)?.get(e.slotId);
    if (known && known.at > e.at) return;
    remember({ id: e.slotId, code: e.code, stationId: e.stationId, connectorId: e.connectorId, status: e.status as SlotStatus, at: e.at });
  }

  const stops = [
    // Every node's, this one's included: remembering its own announcement again changes nothing.
    d.events.onClusterWide('slot.changed', rememberRemote),
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
      await refreshes.settled();
    },
  };
}
