// The one place that knows which PostgreSQL we run on. Both drivers give the same drizzle PgDatabase,
// so every query in store/ is written once and runs on the embedded PGlite and on a server alike.
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzleServer } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migrateServer } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
/** A database handle or an open transaction: store functions accept either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseTarget =
  | { kind: 'server'; url: string }
  | { kind: 'embedded'; dataDir?: string; loadDataDir?: Blob };

export interface Database {
  readonly db: Db;
  readonly kind: DatabaseTarget['kind'];
  migrate(): Promise<void>;
  /** A snapshot of an embedded database (tests migrate once and load it per file). */
  dumpEmbedded(): Promise<Blob>;
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));
// Any constant works; it only has to be the same for every process migrating this database.
const MIGRATION_LOCK_KEY = 7_316_001;

export interface OpenOptions {
  /** Told when the server drops an idle pooled connection; the pool replaces it on the next query. */
  onConnectionLost?: (err: Error) => void;
}

export async function openDatabase(target: DatabaseTarget, o: OpenOptions = {}): Promise<Database> {
  return target.kind === 'server' ? openServer(target.url, o) : openEmbedded(target);
}

async function openServer(url: string, o: OpenOptions): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // Without a listener, an idle connection the server ends (a restart, a failover, an admin) would be an
  // uncaught 'error' that takes the whole central system down (node-postgres: pool 'error' event).
  pool.on('error', (err) => o.onConnectionLost?.(err));
  const db = drizzleServer(pool, { schema });
  return {
    db,
    kind: 'server',
    async migrate() {
      // Several processes (test workers, a rolling deploy) may start at once: migrate under a lock.
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await migrateServer(drizzleServer(client, { schema }), { migrationsFolder });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
        client.release();
      }
    },
    dumpEmbedded: () => Promise.reject(new Error('only an embedded database can be dumped')),
    close: () => pool.end(),
  };
}

async function openEmbedded(target: { dataDir?: string; loadDataDir?: Blob }): Promise<Database> {
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  // btree_gist must be loaded every time a data directory is opened (STACK.md), or tables using it fail.
  const client = await PGlite.create({
    ...(target.dataDir ? { dataDir: target.dataDir } : {}),
    ...(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {}),
    extensions: { btree_gist },
  });
  const db = drizzlePglite(client, { schema });
  return {
    db,
    kind: 'embedded',
    migrate: () => migratePglite(db, { migrationsFolder }),
    dumpEmbedded: async () => (await client.dumpDataDir('none')) as Blob,
    close: () => client.close(),
  };
}

export function databaseTarget(cfg: { url: string | null; dataDir: string }): DatabaseTarget {
  return cfg.url ? { kind: 'server', url: cfg.url } : { kind: 'embedded', dataDir: cfg.dataDir };
}

/**
 * Whether an id could be one of ours (a PostgreSQL serial). A charger or a caller may send any integer; one
 * outside that range is simply unknown, and asking PostgreSQL about it would fail instead.
 */
export const isSerialId = (id: number): boolean => Number.isInteger(id) && id >= 1 && id <= 2_147_483_647;

/** BEGIN … COMMIT, ROLLBACK on throw: the only transaction loop in the codebase. */
export function inTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction((tx) => fn(tx as unknown as Db));
}

/** The PostgreSQL error code behind a drizzle-wrapped driver error (STACK.md: it sits at err.cause.code). */
export function pgErrorCode(err: unknown): string | undefined {
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause;
  const code = cause?.code ?? (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
