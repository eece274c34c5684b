// A session's live figures move at every MeterValues (store/meter-value-groups.ts): about ten UPDATEs in its
// life, none to an indexed column. Migration 0021 leaves room on each page of charging_sessions, so the new row
// version stays on its page (a heap-only tuple: none of the table's nine indexes is written). Without that room a
// full page sends it to another page, and every index gets an entry. Read off the row's own place (ctid).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { seedStations, sqlRows } from '../../helpers/query-plans.js';
import { writeMeterValueGroup } from '../../../src/store/meter-value-groups.js';
import type { Db } from '../../../src/store/db.js';

// More sessions than one page holds even when full, so the first page is as full as the table lets it be.
const SESSIONS = 300;

let testDb: TestDatabase;
let db: Db;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.database.db;
});
afterAll(() => testDb?.drop());

const place = async (id: number) => (await sqlRows<{ block: string; meter: string | null }>(db, sql`
  SELECT split_part(trim(both '()' from ctid::text), ',', 1) AS block, latest_meter_wh::text AS meter
  FROM charging_sessions WHERE id = ${id}`))[0]!;

describe('a session\'s live figures', () => {
  it('move in place: the updated row stays on its page of charging_sessions', async () => {
    const [stationId] = await seedStations(db, 1, 'HOT');
    const ids = (await sqlRows<{ id: number }>(db, sql`
      INSERT INTO charging_sessions (station_id, connector_id, id_tag, authorization_status, meter_start_wh, started_at)
      SELECT ${stationId}, 1, 'HOT-' || i, 'Accepted', 0, now() - i * interval '1 second' FROM generate_series(1, ${SESSIONS}::int) AS i
      RETURNING id`)).map((r) => Number(r.id)).sort((a, b) => a - b);
    const first = ids[0]!;
    const before = await place(first);
    expect(before.meter).toBeNull();

    for (const meterWh of [1_000, 2_000, 3_000]) {
      const at = new Date(Date.now() + meterWh);
      const written = await writeMeterValueGroup(db, [{
        stationId: stationId!, connectorId: 1, transactionId: first, samples: [],
        readings: { at, meterWh, powerW: 7_000, socPercent: null },
      }], at);
      expect(written.moved.map((m) => m.sessionId)).toEqual([first]);
      const after = await place(first);
      expect(after.meter).toBe(String(meterWh));
      expect(after.block).toBe(before.block);
    }
  });
});
