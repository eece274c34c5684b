// The transaction groups' inserts write their rows as one JSON record set and decode what comes back by the table's
// own columns (store/json-records.ts, issue 14). Each written row must read back exactly as drizzle's own select
// reads it (dates, bigints in number mode, JSON, nulls, text of any kind), the statement text must not depend on the
// number of rows (one prepared statement per pooled connection), and "once" must still be once. PGlite and
// PostgreSQL alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inArray, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { captureStatements, seedStations, sqlRows } from '../../helpers/query-plans.js';
import { insertSessionsOnce, toSession, type NewSession } from '../../../src/store/sessions.js';
import { findInvoice, insertInvoicesOnce, type NewInvoiceOfTag } from '../../../src/store/invoices.js';
import { chargingSessions } from '../../../src/store/schema/index.js';
import type { Db } from '../../../src/store/db.js';

let testDb: TestDatabase;
let db: Db;
let stationIds: number[];

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.database.db;
  stationIds = await seedStations(db, 6, 'JSR');
  const [owner] = await sqlRows<{ id: number }>(db, sql`INSERT INTO customers (name) VALUES ('Zoë "Quote" O''Brien') RETURNING id`);
  await db.execute(sql`INSERT INTO id_tags (id_tag, customer_id) VALUES ('OWNED-TAG', ${owner!.id})`);
}, 120_000);

afterAll(async () => {
  await testDb?.drop();
});

const start = (n: number, over: Partial<NewSession> = {}): NewSession => ({
  stationId: stationIds[n]!, connectorId: 1 + (n % 2), idTag: `TAG-${n}`, authorizationStatus: 'Accepted', reservationId: null,
  // Millisecond times and a meter beyond 2^31: both must come back as they went.
  meterStartWh: 3_000_000_000 + n, startedAt: new Date(Date.UTC(2026, 11, 4, 5, n, 7, 123)), ...over,
});

const drizzleRead = async (ids: number[]) =>
  (await db.select().from(chargingSessions).where(inArray(chargingSessions.id, ids))).map(toSession);

describe('JSON record sets (the transaction groups\' inserts)', () => {
  it('a group of starts reads back as drizzle reads the same rows, and a resend is the same session, not made again', async () => {
    const starts = [
      start(0),
      start(1, { idTag: 'tag "with" \'quotes\' ünï', reservationId: 41 }),
      start(2, { authorizationStatus: 'Invalid' }),
    ];
    const first = await insertSessionsOnce(db, starts);
    expect(first.map((s) => s.created)).toEqual([true, true, true]);
    const ids = first.map((s) => s.session.id);
    const read = new Map((await drizzleRead(ids)).map((s) => [s.id, s]));
    expect(first.map((s) => s.session)).toEqual(ids.map((id) => read.get(id)));
    expect(first.map((s) => [s.session.idTag, s.session.reservationId, s.session.meterStartWh, s.session.startedAt.toISOString()]))
      .toEqual(starts.map((s) => [s.idTag, s.reservationId, s.meterStartWh, s.startedAt.toISOString()]));

    const again = await insertSessionsOnce(db, [start(3), starts[1]!]);
    expect(again.map((s) => s.created)).toEqual([true, false]);
    expect(again[1]!.session).toEqual(read.get(ids[1]!));
    const [count] = await sqlRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM charging_sessions WHERE station_id = ${stationIds[1]!}`);
    expect(count!.n).toBe(1);
  });

  it('sends the same statement text for one start and for four, the rows in one parameter', async () => {
    const one = await captureStatements(db, () => insertSessionsOnce(db, [start(4, { connectorId: 3 })]));
    const four = await captureStatements(db, () => insertSessionsOnce(db, [0, 1, 2, 3].map((n) => start(n, { connectorId: 4, idTag: `FOUR-${n}` }))));
    expect(one).toHaveLength(1);
    expect(four).toHaveLength(1);
    expect(four[0]!.sql).toBe(one[0]!.sql);
    expect(four[0]!.params).toHaveLength(1);
  });

  it('a group of invoices reads back as drizzle reads them, with the tag\'s customer found without case, and once per session', async () => {
    const [s] = await insertSessionsOnce(db, [start(5, { idTag: 'owned-tag' })]);
    const [other] = await insertSessionsOnce(db, [start(5, { connectorId: 2, idTag: 'NOBODYS' })]);
    const lines: NewInvoiceOfTag['lines'] = [{ kind: 'energy', description: 'Energy "peak" ½', quantity: 12.5, unit: 'kWh', unitPriceMinor: 31, amountMinor: 388 }];
    const invoice = (sessionId: number, customerIdTag: string): NewInvoiceOfTag => ({
      sessionId, stationId: stationIds[5]!, connectorId: 1, customerIdTag, tariffId: null, currency: 'EUR', taxRateBp: 2100,
      lines, subtotalMinor: 388, taxMinor: 81, totalMinor: 5_000_000_000,
      issuedAt: new Date(Date.UTC(2026, 11, 4, 6, 0, 0, 456)), sessionStoppedAt: new Date(Date.UTC(2026, 11, 4, 5, 59, 1, 9)),
    });
    const issued = await insertInvoicesOnce(db, [invoice(s!.session.id, 'OWNED-TAG'), invoice(other!.session.id, 'NOBODYS')]);
    expect([...issued.keys()].sort()).toEqual([s!.session.id, other!.session.id].sort());
    for (const inv of issued.values()) expect(inv).toEqual(await findInvoice(db, inv.id));
    expect(issued.get(s!.session.id)).toMatchObject({ customerName: 'Zoë "Quote" O\'Brien', lines, totalMinor: 5_000_000_000, status: 'unpaid' });
    expect(issued.get(other!.session.id)).toMatchObject({ customerId: null, customerName: null });

    expect((await insertInvoicesOnce(db, [invoice(s!.session.id, 'OWNED-TAG')])).size).toBe(0);
  });
});
