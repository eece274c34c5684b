// The bench's own database on a PostgreSQL server: created fresh, migrated with the central system's own
// migrations, seeded with the chargers and their id tags, and dropped at the end.
import pg from 'pg';
import { openDatabase } from '../src/store/db.js';
import { hashPassword } from '../src/shared/secrets.js';

export const BENCH_PASSWORD = 'bench-authorization-key';
const SEED_BATCH = 1_000;

export interface BenchDatabase {
  url: string;
  seed(chargeBoxIds: string[], connectors: number): Promise<void>;
  /** Rows inserted, updated and deleted so far, by PostgreSQL's statistics (flushed about once a second). */
  rowsWritten(): Promise<number>;
  count(table: 'meter_values' | 'charging_sessions' | 'status_notifications'): Promise<number>;
  drop(): Promise<void>;
}

export async function createBenchDatabase(serverUrl: string, name = 'chargesync_bench'): Promise<BenchDatabase> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(serverUrl, name);
  const migrated = await openDatabase({ kind: 'server', url });
  await migrated.migrate();
  await migrated.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();

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
    async rowsWritten() {
      const r = await client.query<{ n: string }>(
        'SELECT tup_inserted + tup_updated + tup_deleted AS n FROM pg_stat_database WHERE datname = current_database()');
      return Number(r.rows[0]?.n ?? 0);
    },
    async count(table) {
      const r = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
      return Number(r.rows[0]?.n ?? 0);
    },
    async drop() {
      await client.end();
      const a = new pg.Client({ connectionString: serverUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

function withDatabase(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
