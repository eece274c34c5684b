// On a PostgreSQL server every statement the store sends more than once goes out as a named prepared statement
// (store/prepared-statements.ts): parsed and planned once per pooled connection, then only bound to each call's
// own parameters. Checked in the server's own list of the connection's prepared statements.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { sqlRows } from '../../helpers/query-plans.js';
import { inTransaction } from '../../../src/store/db.js';

const target = inject('testDatabase');
const skipReason = target.kind === 'embedded' ? 'the embedded database (PGlite) runs in this process: nothing to prepare on a server' : null;

let testDb: TestDatabase;

beforeAll(async () => {
  if (skipReason === null) testDb = await createTestDatabase();
});
afterAll(() => testDb?.drop());

describe.skipIf(skipReason !== null)(`prepared statements${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('sends a statement seen before prepared, and binds each call\'s own parameters', async () => {
    // One transaction: one pooled connection, whose prepared statements the server lists.
    await inTransaction(testDb.database.db, async (tx) => {
      const marker = `prepared-${Date.now()}`;
      const plusOne = (n: number) => sqlRows<{ n: number; marker: string }>(tx, sql`SELECT ${n}::int + 1 AS n, ${marker}::text AS marker`);
      const answers = [];
      for (const n of [1, 2, 3]) answers.push(...await plusOne(n));
      expect(answers).toEqual([{ n: 2, marker }, { n: 3, marker }, { n: 4, marker }]);
      const prepared = await sqlRows<{ name: string; statement: string }>(tx,
        sql`SELECT name, statement FROM pg_prepared_statements WHERE statement LIKE ${'%AS n, $2::text AS marker%'}`);
      expect(prepared).toHaveLength(1);
      expect(prepared[0]!.name).toMatch(/^cs\d+$/);
    });
  });

  it('still prepares and runs a statement whose first parse failed once its table exists', async () => {
    const db = testDb.database.db;
    const table = `later_${Date.now()}`;
    const read = () => sqlRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE ${1}::int = 1`);
    // Seen twice, so named; its parse fails on every connection the pool hands out (no table yet).
    await expect(read()).rejects.toThrow();
    await expect(read()).rejects.toThrow();
    await db.execute(sql`CREATE TABLE ${sql.identifier(table)} (id int)`);
    await db.execute(sql`INSERT INTO ${sql.identifier(table)} VALUES (1), (2)`);
    // Every pooled connection: the name is parsed now, not taken for prepared.
    const answers = await Promise.all(Array.from({ length: 12 }, () => read()));
    expect(answers.map((r) => r[0]!.n)).toEqual(Array.from({ length: 12 }, () => 2));
  });
});
