// The staff's list of slots, a page at a time, by station then connector. A slot's status is derived, never stored
// (domain/slots.ts), so ?status= cannot be an index range: the slots are read in chunks along the list's order, each
// chunk's facts in one statement (store/slot-statuses.ts, as the slot watcher reads them), and those of the status
// asked for are kept until the page is full. The other filters are index ranges (store/slots.ts pageSlots).
import * as store from '../store/index.js';
import type { Db } from '../store/db.js';
import type { PageRequest } from '../store/keyset.js';
import { pageOf, type Page } from '../domain/paging.js';
import { slotStatus, type Slot, type SlotStatus } from '../domain/slots.js';

export interface SlotListFilter {
  stationId?: number;
  /** The start of the slot code, without regard to case. */
  q?: string;
  status?: SlotStatus;
}

/** Slots read per statement while looking for those of one status. */
const SCAN_CHUNK = 500;

const keyOf = (s: Slot) => [s.stationId, s.connectorId];

/** The slots of the page asked for (their views are the caller's). */
export async function pageSlotsOf(db: Db, now: Date, f: SlotListFilter, page: PageRequest): Promise<Page<Slot>> {
  const { status, ...indexed } = f;
  if (status === undefined) return store.slots.pageSlots(db, indexed, page);
  const kept: Slot[] = [];
  let skip = page.offset ?? 0;
  let cursor = page.cursor;
  for (;;) {
    const chunk = await store.slots.pageSlots(db, indexed, { limit: SCAN_CHUNK, ...(cursor ? { cursor } : {}) });
    const facts = chunk.items.length ? await store.slotStatuses.listSlotFacts(db, now, { ids: chunk.items.map((s) => s.id) }) : [];
    for (const slot of facts) {
      if (slotStatus(slot) !== status) continue;
      if (skip > 0) skip -= 1;
      else kept.push({ id: slot.id, stationId: slot.stationId, connectorId: slot.connectorId, code: slot.code });
    }
    const last = chunk.items[chunk.items.length - 1];
    // One more than the page says whether there is a next one (pageOf).
    if (kept.length > page.limit || chunk.nextCursor === null || !last) break;
    cursor = keyOf(last);
  }
  return pageOf(kept.slice(0, page.limit + 1), page.limit, keyOf);
}
