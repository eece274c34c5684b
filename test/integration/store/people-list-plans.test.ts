// The staff lists of bookings, customers, id tags, issues and slots over a fleet (issue 18): 20,000 stations,
// 40,000 slots, 50,000 customers and tags, 100,000 bookings, 50,000 issues. The statement each store function
// sends is EXPLAINed with its parameters, for the first page, a page after a cursor and each filter: it goes
// through the named index and reads none of the big tables whole. A plan, not a timer. PGlite and PostgreSQL alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { analyze, captureStatement, expectIndexed, explainPlan, seedStations } from '../../helpers/query-plans.js';
import { listBookingViews, type BookingListFilter } from '../../../src/store/booking-list.js';
import { listCustomers, type CustomerFilter } from '../../../src/store/customers.js';
import { listIdTags, type IdTagFilter } from '../../../src/store/id-tags.js';
import { listIssues, type IssueFilter } from '../../../src/store/maintenance-issues.js';
import { pageSlots } from '../../../src/store/slots.js';
import type { KeyValues, PageRequest } from '../../../src/store/keyset.js';
import { listSlotFacts } from '../../../src/store/slot-statuses.js';
import { pageSlotsOf } from '../../../src/services/slot-list.js';
import { slotStatus } from '../../../src/domain/slots.js';
import type { Db } from '../../../src/store/db.js';

const TABLES = ['stations', 'connectors', 'slots', 'customers', 'id_tags', 'bookings', 'maintenance_issues'];
/** The bookings' first window; each slot's next one starts 40,000 × 5 minutes later (no overlap). */
const FIRST_START = new Date('2026-01-01T00:00:00Z');

let testDb: TestDatabase;
let db: Db;
let stationId: number;
let slotId: number;
let customerId: number;

const rowsOf = (r: unknown) => (r as { rows: Array<Record<string, number>> }).rows;

/**
 * Customers named after md5 (hex: a two-letter prefix picks one in 256), each with a tag (one in fifty Blocked);
 * bookings every five minutes for a year, round the slots, of one customer in two (one in twenty cancelled, one
 * in a thousand refused by the charger); issues a minute apart (one in a hundred open; staff, fault, security).
 */
async function seedVolume(): Promise<void> {
  const ids = await seedStations(db, 20_000, 'PPL');
  stationId = ids[123]!;
  await db.execute(sql`INSERT INTO connectors (station_id, connector_id, status, error_code, status_at)
    SELECT s.id, c, 'Available', 'NoError', now() FROM stations s CROSS JOIN generate_series(1, 2) AS c
    WHERE s.charge_box_id LIKE 'PPL-%'`);
  await db.execute(sql`INSERT INTO slots (station_id, connector_id, code)
    SELECT s.id, c.connector_id, s.charge_box_id || '-' || c.connector_id FROM connectors c JOIN stations s ON s.id = c.station_id
    WHERE s.charge_box_id LIKE 'PPL-%'`);
  await db.execute(sql`INSERT INTO customers (name, email)
    SELECT md5(i::text), md5('mail' || i) || '@example.com' FROM generate_series(1, 50000) AS i`);
  await db.execute(sql`INSERT INTO id_tags (id_tag, status, customer_id)
    SELECT upper(substr(md5('tag' || c.id), 1, 20)), CASE WHEN c.id % 50 = 0 THEN 'Blocked' ELSE 'Accepted' END, c.id
    FROM customers c`);
  const slotIds = rowsOf(await db.execute(sql`SELECT min(id) AS first, count(*) AS n FROM slots`))[0]!;
  const customerIds = rowsOf(await db.execute(sql`SELECT min(id) AS first FROM customers`))[0]!;
  await db.execute(sql`INSERT INTO bookings (slot_id, customer_id, id_tag, starts_at, ends_at, status, reservation_status, created_by, created_at, updated_at)
    SELECT ${slotIds.first}::int + i % ${slotIds.n}::int, ${customerIds.first}::int + i % 25000, 'T' || i,
      ${FIRST_START}::timestamptz + i * interval '5 minutes', ${FIRST_START}::timestamptz + i * interval '5 minutes' + interval '1 hour',
      CASE WHEN i % 20 = 0 THEN 'cancelled' WHEN i > 90000 THEN 'confirmed' ELSE 'completed' END,
      CASE WHEN i % 1000 = 0 THEN 'Rejected' WHEN i % 20 <> 0 THEN 'Accepted' END, 'plan', now(), now()
    FROM generate_series(1, 100000) AS i`);
  await db.execute(sql`INSERT INTO maintenance_issues (station_id, connector_id, title, status, source, opened_by, opened_at, updated_at)
    SELECT ${ids[0]!}::int + i % 20000, i % 3, CASE WHEN i % 1000 = 0 THEN 'Cable worn ' || i ELSE 'Faulted ' || i END,
      CASE WHEN i % 100 = 0 THEN 'open' ELSE 'closed' END,
      CASE WHEN i % 25 = 0 THEN 'security' WHEN i % 10 = 0 THEN 'staff' ELSE 'fault' END, 'plan',
      now() - i * interval '1 minute', now()
    FROM generate_series(1, 50000) AS i`);
  slotId = slotIds.first! + 777;
  customerId = customerIds.first! + 4242;
  await analyze(db, TABLES);
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.database.db;
  await seedVolume();
}, 300_000);
afterAll(() => testDb?.drop());

const first: PageRequest = { limit: 50 };
const after = (cursor: KeyValues): PageRequest => ({ limit: 50, cursor });

async function expectPlan(run: () => Promise<unknown>, index: string | string[]): Promise<void> {
  expectIndexed(await explainPlan(db, await captureStatement(db, run)), { index, noSeqScanOn: TABLES });
}

describe('the people lists over a fleet', () => {
  it('seeded the volume (the plans below are of full tables)', async () => {
    const counts = rowsOf(await db.execute(sql`SELECT (SELECT count(*) FROM bookings) AS bookings,
      (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM id_tags) AS tags,
      (SELECT count(*) FROM maintenance_issues) AS issues, (SELECT count(*) FROM slots) AS slots`))[0]!;
    expect(Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v)])))
      .toEqual({ bookings: 100_000, customers: 50_000, tags: 50_000, issues: 50_000, slots: 40_000 });
    const day = await listBookingViews(db, { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-02T00:00:00Z') }, { limit: 500 });
    expect(day.items).toHaveLength(12 * 24 + 11); // a window every 5 minutes, an hour long: 11 begun the day before
    expect(day.items[0]).toMatchObject({ customerName: expect.any(String), slotCode: expect.stringMatching(/^PPL-/), chargeBoxId: expect.stringMatching(/^PPL-/) });
  });

  const bookings = (f: BookingListFilter, p: PageRequest = first) => () => listBookingViews(db, f, p);
  it.each<[string, () => BookingListFilter, PageRequest, string | string[]]>([
    ['the first page', () => ({}), first, 'bookings_starts'],
    ['a later page, after a cursor', () => ({}), after([new Date('2026-06-01T00:00:00Z'), 1]), 'bookings_starts'],
    ['slotId', () => ({ slotId }), first, 'bookings_slot_window'],
    ['stationId', () => ({ stationId }), first, 'bookings_slot_window'],
    ['customerId', () => ({ customerId }), first, 'bookings_customer'],
    ['status=cancelled', () => ({ status: 'cancelled' }), first, 'bookings_status'],
    ['reservationStatus=Rejected', () => ({ reservationStatus: 'Rejected' }), first, 'bookings_reservation'],
    ['a day\'s calendar (from, to)', () => ({ from: new Date('2026-09-01T00:00:00Z'), to: new Date('2026-09-02T00:00:00Z') }), first, 'bookings_window'],
    ['a day\'s calendar, a later page', () => ({ from: new Date('2026-09-01T00:00:00Z'), to: new Date('2026-09-02T00:00:00Z') }), after([new Date('2026-09-01T06:00:00Z'), 1]), 'bookings_window'],
    // The holders' prefix index, or (as PGlite chose once in CI, from its sampled statistics) the list's own order
    // (bookings_starts), each holder looked up by its key, stopping at the page's last match: as for customers below.
    ['q, the start of the holder\'s name', () => ({ q: 'abc' }), first, ['customers_name_prefix', 'bookings_starts']],
    ['q, a booking code', () => ({ q: 'BK-004242' }), first, 'bookings_pkey'],
  ])('bookings: %s goes through its index and reads no table whole', async (_name, f, p, index) => {
    await expectPlan(bookings(f(), p), index);
  });

  it.each<[string, CustomerFilter, PageRequest, string | string[]]>([
    ['the first page', {}, first, 'customers_name'],
    ['a later page, after a cursor', {}, after(['8', 1]), 'customers_name'],
    // Either prefix index, or (as PGlite chose in CI) the list's own order (customers_name), stopping at the page's
    // last match: one index either way, never the table whole, as for tags below.
    ['q, the start of a name or an email', { q: 'abc' }, first, ['customers_name_prefix', 'customers_email_prefix', 'customers_name']],
  ])('customers: %s goes through its index and reads no table whole', async (_name, f, p, index) => {
    await expectPlan(() => listCustomers(db, f, p), index);
  });

  it.each<[string, () => IdTagFilter, PageRequest, string | string[]]>([
    ['the first page', () => ({}), first, 'id_tags_id_tag'],
    ['a later page, after a cursor', () => ({}), after(['8', 1]), 'id_tags_id_tag'],
    // Two indexes hold lower(id_tag): under the C collation (PGlite) the unique one answers a prefix as a range too;
    // under another only the text_pattern_ops one can. PostgreSQL may also walk the list's own order (id_tags_id_tag)
    // and stop at the page's last match: each is one index, never the table whole.
    ['q, the start of the tag', () => ({ q: 'ab' }), first, ['id_tags_prefix', 'id_tags_id_tag_ci', 'id_tags_id_tag']],
    ['idTag, the whole tag', () => ({ idTag: 'abcdef' }), first, ['id_tags_id_tag_ci', 'id_tags_prefix']],
    ['customerId', () => ({ customerId }), first, 'id_tags_customer'],
    ['status=Blocked', () => ({ status: 'Blocked' }), first, 'id_tags_status'],
  ])('id tags: %s goes through its index and reads no table whole', async (_name, f, p, index) => {
    await expectPlan(() => listIdTags(db, f(), p), index);
  });

  it.each<[string, () => IssueFilter, PageRequest, string | string[]]>([
    ['the first page', () => ({}), first, 'maintenance_issues_opened'],
    ['a later page, after a cursor', () => ({}), after([new Date(Date.now() - 86_400_000), 1]), 'maintenance_issues_opened'],
    ['stationId', () => ({ stationId }), first, ['maintenance_issues_station_opened', 'maintenance_issues_station']],
    ['stationId and connectorId', () => ({ stationId, connectorId: 1 }), first, ['maintenance_issues_station_opened', 'maintenance_issues_station']],
    ['status=open', () => ({ status: 'open' }), first, ['maintenance_issues_status_opened', 'maintenance_issues_open_opened']],
    ['source=security', () => ({ source: 'security' }), first, 'maintenance_issues_source_opened'],
    ['open=true', () => ({ openOnly: true }), first, 'maintenance_issues_open_opened'],
    ['q, the start of the title', () => ({ q: 'cable' }), first, 'maintenance_issues_title_prefix'],
  ])('issues: %s goes through its index and reads no table whole', async (_name, f, p, index) => {
    await expectPlan(() => listIssues(db, f(), p), index);
  });

  it.each<[string, () => { stationId?: number; q?: string }, PageRequest, string | string[]]>([
    ['the first page', () => ({}), first, 'slots_one_per_connector'],
    ['a later page, after a cursor', () => ({}), after([stationId, 1]), 'slots_one_per_connector'],
    ['stationId', () => ({ stationId }), first, 'slots_one_per_connector'],
    ['q, the start of the code', () => ({ q: 'ppl-0012' }), first, 'slots_code_prefix'],
  ])('slots: %s goes through its index and reads no table whole', async (_name, f, p, index) => {
    await expectPlan(() => pageSlots(db, f(), p), index);
  });
});

describe('slots by status over the fleet', () => {
  it('a status (derived, not stored) is found along the list chunk by chunk: the walk gives every such slot once, in order', async () => {
    // Connector 2 of one station in 97 is Faulted: inactive slots spread over every chunk of 500.
    await db.execute(sql`UPDATE connectors SET status = 'Faulted' WHERE station_id % 97 = 0 AND connector_id = 2`);
    const now = new Date();
    const inactive = (await listSlotFacts(db, now)).filter((s) => slotStatus(s) === 'inactive').map((s) => s.id);
    expect(inactive.length).toBeGreaterThan(200);
    const seen: number[] = [];
    let cursor: KeyValues | undefined;
    for (let pages = 0; pages < 1_000; pages++) {
      const page = await pageSlotsOf(db, now, { status: 'inactive' }, { limit: 50, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((s) => s.id));
      const last = page.items[page.items.length - 1];
      if (page.nextCursor === null || !last) break;
      cursor = [last.stationId, last.connectorId];
    }
    expect(seen).toEqual(inactive);
  });
});
