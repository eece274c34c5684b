// The bench's own database on a PostgreSQL server: created fresh under a name unique to the run (two runs on one
// server, or a run beside a database a killed run left, never collide), migrated with the central system's own
// migrations, seeded with the chargers and their id tags, and dropped at the end.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../src/store/db.js';
import { hashPassword } from '../src/shared/secrets.js';

export const BENCH_PASSWORD = 'bench-authorization-key';
const SEED_BATCH = 1_000;

export interface BenchDatabase {
  url: string;
  seed(chargeBoxIds: string[], connectors: number): Promise<void>;
  /** Since the database was created, by PostgreSQL's statistics (flushed about once a second): rows inserted, updated
   * or deleted, and transactions ended (commits and rollbacks). */
  activity(): Promise<DatabaseActivity>;
  count(table: 'meter_values' | 'charging_sessions' | 'status_notifications'): Promise<number>;
  /** Sessions with a stop recorded. */
  countStopped(): Promise<number>;
  drop(): Promise<void>;
}

export interface DatabaseActivity { rows: number; transactions: number }

/** `chargesync_bench_<pid>_<random>`: lower case, so it needs no quoting. */
export function benchDatabaseName(): string {
  return `chargesync_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export async function createBenchDatabase(serverUrl: string, name = benchDatabaseName()): Promise<BenchDatabase> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, name);
  let client: pg.Client;
  try {
    const migrated = await openDatabase({ kind: 'server', url });
    await migrated.migrate().finally(() => migrated.close());
    client = new pg.Client({ connectionString: url });
    await client.connect();
  } catch (err) {
    await dropDatabase(serverUrl, name); // created but unusable: leave nothing behind
    throw err;
  }

  return {
    url,
    async seed(ids, connectors) {
      for (let i = 0; i < ids.length; i += SEED_BATCH) {
        const chunk = ids.slice(i, i + SEED_BATCH);
        // Each charger its own salted hash, as registration writes it.
        const hashes = await Promise.all(chunk.map(() => hashPassword(BENCH_PASSWORD)));
        await client.query('INSERT INTO stations (charge_box_id, password_hash) SELECT * FROM unnest($1::text[], $2::text[])', [chunk, hashes]);
        const tags = chunk.flatMap((id) => Array.from({ length: connectors }, (_, c) => `${id}-${c + 1}`));
        await client.query('INSERT INTO id_tags (id_tag) SELECT * FROM unnest($1::text[])', [tags]);
      }
      await client.query('ANALYZE');
    },
    async activity() {
      const r = await client.query<{ rows: string; transactions: string }>(`
        SELECT tup_inserted + tup_updated + tup_deleted AS rows, xact_commit + xact_rollback AS transactions
        FROM pg_stat_database WHERE datname = current_database()`);
      return { rows: Number(r.rows[0]?.rows ?? 0), transactions: Number(r.rows[0]?.transactions ?? 0) };
    },
    async count(table) {
      const r = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
      return Number(r.rows[0]?.n ?? 0);
    },
    async countStopped() {
      const r = await client.query<{ n: string }>('SELECT count(*) AS n FROM charging_sessions WHERE stopped_at IS NOT NULL');
      return Number(r.rows[0]?.n ?? 0);
    },
    async drop() {
      await client.end().catch(() => undefined); // already ended by an earlier drop, or its server went away
      await dropDatabase(serverUrl, name);
    },
  };
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

function withDatabase(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
