// Slots as staff see them: each with its derived status (domain/slots.ts), the booking covering now and the
// next ones, for the API and the booking rules. The slot watcher (slot-watch.ts) derives the same status from the
// same four facts in one statement (store/slot-statuses.ts); a test holds the two equal.
import * as store from '../store/index.js';
import type { Db } from '../store/db.js';
import { slotStatus, type Slot, type SlotStatus } from '../domain/slots.js';
import { maintenanceFor, type Maintenance } from '../domain/monitoring.js';
import type { Booking } from '../domain/bookings.js';
import type { ConnectorStatus } from '../domain/model.js';
import type { Page } from '../domain/paging.js';
import type { PageRequest } from '../store/keyset.js';
import { pageSlotsOf, type SlotListFilter } from './slot-list.js';

export interface SlotView extends Slot {
  status: SlotStatus;
  connectorStatus: ConnectorStatus | null;
  maintenance: Maintenance | null;
  /** The running session on the connector, if any. */
  sessionId: number | null;
  /** The confirmed or active booking whose window covers now. */
  currentBooking: Booking | null;
  /** Confirmed bookings still to come, soonest first. */
  nextBookings: Booking[];
  /**
   * The connector's newest session whose invoice is unpaid, with its booking: kept until payment, while the
   * slot's status follows the connector (free for the next car).
   */
  awaitingPayment: { sessionId: number; bookingId: number | null; invoiceId: number } | null;
}

const key = (stationId: number, connectorId: number) => `${stationId}/${connectorId}`;

/** The views of these slots (all when none given) as of `now`; reads only, so it runs inside a transaction too. */
export async function slotViews(db: Db, now: Date, filter: { stationIds?: number[]; ids?: number[] } = {}): Promise<SlotView[]> {
  const slots = await store.slots.listSlots(db, filter);
  if (slots.length === 0) return [];
  const slotIds = slots.map((s) => s.id);
  const stationIds = [...new Set(slots.map((s) => s.stationId))];
  // In turn, not in parallel: db may be a transaction (booking creation), which is one connection.
  // Scoped to the stations asked for: the slot watcher runs this after status reports and sessions.
  const outlets = await store.dashboard.listOutlets(db, filter.stationIds);
  const running = await store.sessions.listSessions(db, { state: 'active', limit: 100_000, ...(filter.stationIds === undefined ? {} : { stationIds: filter.stationIds }) });
  const issues = await store.maintenanceIssues.listOpenIssues(db, stationIds);
  const covering = await store.bookings.listCovering(db, now, slotIds);
  const upcoming = await store.bookings.listBookings(db, { slotIds, status: 'confirmed', from: now, limit: 1_000 });
  const unpaid = await store.billingViews.listUnpaidOnConnectors(db, stationIds);
  const unpaidOn = new Map(unpaid.map(({ stationId, connectorId, ...u }) => [key(stationId, connectorId), u]));
  const statusOf = new Map(outlets.map((c) => [key(c.stationId, c.connectorId), c.status]));
  const sessionOn = new Map(running.map((s) => [key(s.stationId, s.connectorId), s.id]));
  return slots.map((slot) => {
    const maintenance = maintenanceFor(slot.stationId, slot.connectorId, issues);
    const currentBooking = covering.find((b) => b.slotId === slot.id) ?? null;
    const sessionId = sessionOn.get(key(slot.stationId, slot.connectorId)) ?? null;
    const connectorStatus = statusOf.get(key(slot.stationId, slot.connectorId)) ?? null;
    return {
      ...slot, connectorStatus, maintenance, sessionId, currentBooking,
      awaitingPayment: unpaidOn.get(key(slot.stationId, slot.connectorId)) ?? null,
      nextBookings: upcoming.filter((b) => b.slotId === slot.id && b.startsAt > now),
      status: slotStatus({
        connectorStatus, underMaintenance: maintenance !== null, sessionRunning: sessionId !== null, bookedNow: currentBooking !== null,
      }),
    };
  });
}

export async function slotView(db: Db, slotId: number, now: Date): Promise<SlotView> {
  const slot = await store.slots.getSlot(db, slotId); // NotFound naming slotId
  return (await slotViews(db, now, { ids: [slotId], stationIds: [slot.stationId] }))[0]!;
}

/**
 * A slot as staff see it: with whether its charger is connected. An offline station's slot keeps its derived
 * status (a booking for later stays possible), and says the station is offline beside it.
 */
export type StaffSlotView = SlotView & { stationOnline: boolean };

/** Slots as staff see them, each with its derived status and bookings. */
export interface SlotService {
  /** Every slot, or one station's, as of now. */
  list(f: { stationId?: number }): Promise<StaffSlotView[]>;
  /** Slots by station and connector, a page at a time, as of now; of one station, whose code starts with q, in a status. */
  page(f: SlotListFilter, page: PageRequest): Promise<Page<StaffSlotView>>;
  /** One slot as of now; NotFound naming slotId. */
  get(slotId: number): Promise<StaffSlotView>;
}

export function makeSlotService(d: { db: Db; clock: { now(): Date } }, isOnline: (stationId: number) => boolean): SlotService {
  const withOnline = (v: SlotView): StaffSlotView => ({ ...v, stationOnline: isOnline(v.stationId) });
  return {
    list: async (f: { stationId?: number }) =>
      (await slotViews(d.db, d.clock.now(), f.stationId === undefined ? {} : { stationIds: [f.stationId] })).map(withOnline),
    get: async (slotId: number) => withOnline(await slotView(d.db, slotId, d.clock.now())),
    async page(f, page) {
      const now = d.clock.now();
      const chosen = await pageSlotsOf(d.db, now, f, page);
      if (chosen.items.length === 0) return { items: [], nextCursor: chosen.nextCursor };
      // The views of this page's slots only: their stations' outlets, sessions, issues and bookings.
      const views = await slotViews(d.db, now,
        { ids: chosen.items.map((s) => s.id), stationIds: [...new Set(chosen.items.map((s) => s.stationId))] });
      return { items: views.map(withOnline), nextCursor: chosen.nextCursor };
    },
  };
}
