// Several nodes (and WORKERS) starting at once must not migrate a server database concurrently (issue 15):
// migrate() takes an advisory lock first, so the second waits and finds the migrations applied.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { readdirSync } from 'node:fs';
import { openDatabase, migrationsFolder } from '../../../src/store/db.js';
import { withDatabase } from '../../helpers/database-url.js';

const target = inject('testDatabase');
const skipReason = target.kind === 'embedded' ? 'needs a PostgreSQL server (DATABASE_URL); PGlite has one connection' : null;

async function appliedMigrations(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

describe.skipIf(skipReason !== null)(`migrations started at once on a fresh server database${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const name = `chargesync_test_fresh_${randomBytes(6).toString('hex')}`;
  let admin: pg.Client;
  beforeAll(async () => {
    if (target.kind !== 'server') return;
    admin = new pg.Client({ connectionString: target.adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  });
  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin?.end();
  });

  it('four processes migrating at once all succeed, and each migration is applied once', async () => {
    if (target.kind !== 'server') return;
    const url = withDatabase(target.adminUrl, name);
    const databases = await Promise.all([1, 2, 3, 4].map(() => openDatabase({ kind: 'server', url })));
    try {
      const results = await Promise.allSettled(databases.map((d) => d.migrate()));
      expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok', 'ok']);
      const files = readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql'));
      expect(await appliedMigrations(url)).toBe(files.length);
    } finally {
      await Promise.all(databases.map((d) => d.close()));
    }
  });
});
