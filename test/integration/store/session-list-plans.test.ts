// The staff lists of sessions and invoices over a fleet (issue 18): 20,000 stations, 50,000 sessions and their
// invoices. The statement store/session-views.ts and store/invoices.ts send for a page is EXPLAINed with its own
// parameters: each filter and the order go through an index, and no big table is read whole. A plan, not a timer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { analyze, captureStatement, expectIndexed, explainPlan, seedStations, type PlanSummary } from '../../helpers/query-plans.js';
import { listSessionPage } from '../../../src/store/session-views.js';
import { listInvoicePage } from '../../../src/store/invoices.js';
import { listSessionsForExport } from '../../../src/store/billing-views.js';
import type { InvoiceFilters, SessionFilters } from '../../../src/domain/session-filters.js';
import type { KeyValues } from '../../../src/store/keyset.js';
import type { Db } from '../../../src/store/db.js';

const FLEET = 20_000;
const SESSIONS = 50_000;
const CUSTOMERS = 2_000;
const BIG = ['charging_sessions', 'invoices', 'stations', 'id_tags', 'customers'];

let testDb: TestDatabase;
let db: Db;
const ids = { firstStation: 0, site: 0, customer: 0, idTag: 0, session: 0, invoice: 0 };

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

/**
 * Customers "Customer 0001"… each owning two tags (PT00001…); sessions one a minute from 1 January 2026 (whole
 * milliseconds, as every session the API writes), spread over the stations and tags (one in twenty with a tag of
 * no one's), one in fifty still running; each stopped one invoiced an hour after its start: one in ten unpaid,
 * one in a hundred void, the rest paid. A site holds one station in a thousand.
 */
async function seedFleet(): Promise<void> {
  const stations = await seedStations(db, FLEET, 'SPLAN');
  ids.firstStation = stations[0]!;
  ids.site = rowsOf<{ id: number }>(await db.execute(sql`INSERT INTO sites (name, max_current_deciamps, phases, failsafe_current_deciamps)
    VALUES ('Plan site', 1000, 3, 0) RETURNING id`))[0]!.id;
  await db.execute(sql`UPDATE stations SET site_id = ${ids.site}::int
    WHERE charge_box_id LIKE 'SPLAN-%' AND (id - ${ids.firstStation}::int) % 1000 = 0`);
  await db.execute(sql`INSERT INTO customers (name) SELECT 'Customer ' || lpad(i::text, 4, '0') FROM generate_series(1, ${CUSTOMERS}::int) AS i`);
  await db.execute(sql`INSERT INTO id_tags (id_tag, customer_id)
    SELECT 'PT' || lpad(i::text, 5, '0'), (SELECT min(id) FROM customers) + (i - 1) / 2 FROM generate_series(1, ${CUSTOMERS * 2}::int) AS i`);
  await db.execute(sql`INSERT INTO charging_sessions (station_id, connector_id, id_tag, authorization_status, meter_start_wh,
      started_at, meter_stop_wh, stopped_at, energy_wh, stop_reason)
    SELECT ${ids.firstStation}::int + (i * 7919) % ${FLEET}::int, 1 + i % 2,
      CASE WHEN i % 20 = 0 THEN 'STRAY' || i ELSE 'PT' || lpad((1 + i % ${CUSTOMERS * 2}::int)::text, 5, '0') END,
      'Accepted', 0, timestamptz '2026-01-01T00:00:00Z' + i * interval '1 minute',
      CASE WHEN i % 50 = 0 THEN NULL ELSE 10000 END,
      CASE WHEN i % 50 = 0 THEN NULL ELSE timestamptz '2026-01-01T00:40:00Z' + i * interval '1 minute' END,
      CASE WHEN i % 50 = 0 THEN NULL ELSE 10000 END, CASE WHEN i % 50 = 0 THEN NULL ELSE 'Local' END
    FROM generate_series(1, ${SESSIONS}::int) AS i`);
  await db.execute(sql`INSERT INTO invoices (session_id, station_id, connector_id, customer_id, currency, tax_rate_bp, lines,
      subtotal_minor, tax_minor, total_minor, status, issued_at, session_stopped_at)
    SELECT c.id, c.station_id, c.connector_id, t.customer_id, 'EUR', 1900, '[]'::jsonb, 300, 57, 357,
      CASE WHEN c.id % 100 = 0 THEN 'void' WHEN c.id % 10 = 0 THEN 'unpaid' ELSE 'paid' END,
      c.started_at + interval '1 hour', c.stopped_at
    FROM charging_sessions c LEFT JOIN id_tags t ON lower(t.id_tag) = lower(c.id_tag) WHERE c.stopped_at IS NOT NULL`);
  const pick = rowsOf<{ customer: number; tag: number; session: number; invoice: number }>(await db.execute(sql`SELECT
    (SELECT id FROM customers WHERE name = 'Customer 0777') AS customer, (SELECT id FROM id_tags WHERE id_tag = 'PT01553') AS tag,
    (SELECT max(id) FROM charging_sessions) AS session, (SELECT max(id) FROM invoices) AS invoice`))[0]!;
  Object.assign(ids, { customer: pick.customer, idTag: pick.tag, session: pick.session, invoice: pick.invoice });
  await analyze(db, [...BIG, 'sites']);
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.database.db;
  await seedFleet();
}, 180_000);
afterAll(() => testDb?.drop());

// A page of 50 (the default) reads 51 rows; a later page starts after a cursor from the middle of the table.
const LIMIT = 50;
const midCursor: KeyValues = [new Date('2026-01-18T00:00:00Z'), 25_000];

async function sessionPlan(f: SessionFilters, cursor?: KeyValues): Promise<PlanSummary> {
  const page = { limit: LIMIT, ...(cursor ? { cursor } : {}) };
  return explainPlan(db, await captureStatement(db, () => listSessionPage(db, f, page)));
}
async function invoicePlan(f: InvoiceFilters, cursor?: KeyValues): Promise<PlanSummary> {
  const page = { limit: LIMIT, ...(cursor ? { cursor } : {}) };
  return explainPlan(db, await captureStatement(db, () => listInvoicePage(db, f, page)));
}

describe('the sessions list over 50,000 sessions on 20,000 stations', () => {
  it('seeded them (the plans below are of full tables)', async () => {
    const first = await listSessionPage(db, {}, { limit: 3 });
    expect(first.items.map((s) => s.id)).toEqual([ids.session, ids.session - 1, ids.session - 2]);
    const ofCustomer = await listSessionPage(db, { customerId: ids.customer }, { limit: 500 });
    expect(ofCustomer.items.length).toBeGreaterThan(10);
    expect(new Set(ofCustomer.items.map((s) => s.customer?.name))).toEqual(new Set(['Customer 0777']));
  });

  const stationOnly = 'charging_sessions_station_started';
  const byTag = 'charging_sessions_tag_started';
  it.each<[string, () => SessionFilters, (string | string[])?, KeyValues?]>([
    ['the first page', () => ({}), 'charging_sessions_started'],
    ['a later page, after a cursor', () => ({}), 'charging_sessions_started', midCursor],
    ['state=active', () => ({ state: 'active' }), 'charging_sessions_running_started'],
    ['state=completed', () => ({ state: 'completed' }), 'charging_sessions_started'],
    ['state=awaiting_payment', () => ({ state: 'awaiting_payment' }), ['invoices_unpaid_session', 'invoices_session_id_unique']],
    ['stationId', () => ({ stationId: ids.firstStation + 123 }), stationOnly],
    ['stationId, after a cursor', () => ({ stationId: ids.firstStation + 123 }), stationOnly, midCursor],
    ['stationId and connectorId', () => ({ stationId: ids.firstStation + 123, connectorId: 2 }), [stationOnly, 'charging_sessions_start_once']],
    ['siteId', () => ({ siteId: ids.site }), [stationOnly, 'charging_sessions_started']],
    ['customerId', () => ({ customerId: ids.customer }), byTag],
    ['idTagId', () => ({ idTagId: ids.idTag }), byTag],
    ['idTag, any case', () => ({ idTag: 'pt01553' }), byTag],
    ['from and to', () => ({ from: new Date('2026-01-10T00:00:00Z'), to: new Date('2026-01-11T00:00:00Z') }), 'charging_sessions_started'],
    ['q, an idTag', () => ({ q: 'PT01553' }), byTag],
    ['q, a chargeBoxId prefix', () => ({ q: 'splan-1234' }), [stationOnly, 'stations_charge_box_id_prefix']],
    ['q, a customer name prefix', () => ({ q: 'customer 077' }), [byTag, 'customers_name_prefix']],
    ['state and stationId', () => ({ state: 'completed', stationId: ids.firstStation + 9 }), stationOnly],
  ])('%s goes through an index and reads no table whole', async (_name, filters, index, cursor) => {
    expectIndexed(await sessionPlan(filters(), cursor), { index: index!, noSeqScanOn: BIG });
  });
});

describe('the invoices list over their ~49,000 invoices', () => {
  it('seeded them', async () => {
    const unpaid = await listInvoicePage(db, { status: 'unpaid' }, { limit: 5 });
    expect(unpaid.items).toHaveLength(5);
    expect(unpaid.items.every((i) => i.status === 'unpaid')).toBe(true);
  });

  it.each<[string, () => InvoiceFilters, (string | string[])?, KeyValues?]>([
    ['the first page', () => ({}), 'invoices_issued_id'],
    ['a later page, after a cursor', () => ({}), 'invoices_issued_id', midCursor],
    ['status=unpaid', () => ({ status: 'unpaid' }), 'invoices_status_issued'],
    ['status=void, after a cursor', () => ({ status: 'void' }), 'invoices_status_issued', midCursor],
    ['stationId', () => ({ stationId: ids.firstStation + 123 }), 'invoices_station_issued'],
    ['customerId', () => ({ customerId: ids.customer }), 'invoices_customer_issued'],
    ['sessionId', () => ({ sessionId: ids.session - 1 }), 'invoices_session_id_unique'],
    ['from and to', () => ({ from: new Date('2026-01-10T00:00:00Z'), to: new Date('2026-01-11T00:00:00Z') }), 'invoices_issued_id'],
    ['q, an invoice number', () => ({ q: `INV-${String(ids.invoice).padStart(6, '0')}` }), 'invoices_pkey'],
    ['q, a customer name prefix', () => ({ q: 'Customer 077' }), ['invoices_customer_issued', 'customers_name_prefix']],
    ['q, a chargeBoxId prefix', () => ({ q: 'SPLAN-1234' }), ['invoices_station_issued', 'stations_charge_box_id_prefix']],
    ['status and customerId', () => ({ status: 'paid', customerId: ids.customer }), ['invoices_customer_issued', 'invoices_status_issued']],
  ])('%s goes through an index and reads no table whole', async (_name, filters, index, cursor) => {
    expectIndexed(await invoicePlan(filters(), cursor), { index: index!, noSeqScanOn: BIG });
  });
});

describe('the sessions export of a filter (GET /exports/sessions.csv with the list\'s filters)', () => {
  // The export's period (default: 30 days) holds ~43,000 of the seeded sessions: a filter keeps it to its own rows.
  const january = [new Date('2026-01-01T00:00:00Z'), new Date('2026-01-31T00:00:00Z')] as const;
  it.each<[string, () => SessionFilters, string | string[]]>([
    ['stationId', () => ({ stationId: ids.firstStation + 123 }), 'charging_sessions_station_started'],
    ['customerId', () => ({ customerId: ids.customer }), 'charging_sessions_tag_started'],
    ['q, a chargeBoxId prefix', () => ({ q: 'SPLAN-1234' }), 'charging_sessions_station_started'],
  ])('%s goes through an index and reads no table whole', async (_name, filters, index) => {
    const statement = await captureStatement(db, () => listSessionsForExport(db, january[0], january[1], filters(), 100_000));
    expectIndexed(await explainPlan(db, statement), { index, noSeqScanOn: BIG });
  });
});
