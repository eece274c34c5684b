// What /ready asks the database: does it answer, and has every migration this code ships been applied to it.
import { readFileSync } from 'node:fs';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './db.js';

interface JournalEntry { tag: string; when: number }

// drizzle-kit's journal of the migrations shipped with this build; it cannot change while we run.
const journalPath = new URL('./migrations/meta/_journal.json', import.meta.url);
let journal: JournalEntry[] | undefined;
function shippedMigrations(): JournalEntry[] {
  journal ??= (JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: JournalEntry[] }).entries;
  return journal;
}

/** One round trip; throws what the driver throws (refused, closed, authentication). */
export async function pingDatabase(db: Db): Promise<void> {
  await db.execute(sql`SELECT 1`);
}

/**
 * The tags of shipped migrations the database has not recorded. drizzle's migrator (pg-core dialect.migrate)
 * runs every journal entry whose `when` is newer than the newest `created_at` in drizzle.__drizzle_migrations,
 * so that is the rule used here too. No table (never migrated): every migration is pending.
 */
export async function listPendingMigrations(db: Db): Promise<string[]> {
  // to_regclass answers NULL for a missing table where a SELECT from it would fail (the name is resolved when
  // the statement is parsed, so it cannot go in one statement with the read).
  const table = await rowsOf<{ present: boolean }>(db, sql`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present`);
  let newest: string | null = null;
  if (table[0]?.present) {
    const rows = await rowsOf<{ newest: string | null }>(db, sql`SELECT max(created_at)::text AS newest FROM drizzle.__drizzle_migrations`);
    newest = rows[0]?.newest ?? null;
  }
  const appliedUpTo = newest === null ? -Infinity : Number(newest);
  return shippedMigrations().filter((m) => m.when > appliedUpTo).map((m) => m.tag);
}

// db.execute's result type is the driver's; both node-postgres and PGlite put the rows in `rows`.
async function rowsOf<R>(db: Db, query: SQL): Promise<R[]> {
  return ((await db.execute(query)) as { rows: R[] }).rows;
}
