// A database of this test file's own, copied from the migrated template.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/store/db.js';
import { withDatabase } from './database-url.js';

export interface TestDatabase {
  database: Database;
  /** For a server database: its URL, so a child process can open it too. */
  url: string | null;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const target = inject('testDatabase');
  if (target.kind === 'embedded') {
    const database = await openDatabase({ kind: 'embedded', loadDataDir: new Blob([readFileSync(target.dumpPath)]) });
    return { database, url: null, drop: () => database.close() };
  }
  const name = `chargesync_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(target.adminUrl, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${target.template}`));
  const url = withDatabase(target.adminUrl, name);
  const database = await openDatabase({ kind: 'server', url });
  return {
    database, url,
    async drop() {
      await database.close();
      await withAdmin(target.adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** A server database for a child process (restart tests), or null when the tests run embedded. */
export async function createServerDatabaseUrl(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const target = inject('testDatabase');
  if (target.kind === 'embedded') return null;
  const name = `chargesync_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(target.adminUrl, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${target.template}`));
  return {
    url: withDatabase(target.adminUrl, name),
    drop: () => withAdmin(target.adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function withAdmin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
