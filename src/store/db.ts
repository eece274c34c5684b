// The one place that knows which PostgreSQL we run on. Both drivers give the same drizzle PgDatabase,
// so every query in store/ is written once and runs on the embedded PGlite and on a server alike.
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzleServer } from 'drizzle-orm/node-postgres';
import { migrate as migrateServer } from 'drizzle-orm/node-postgres/migrator';
import * as schema from './schema/index.js';
import { namingClient, StatementNames } from './prepared-statements.js';

export type Schema = typeof schema;
/** A database handle or an open transaction: store functions accept either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseTarget =
  | { kind: 'server'; url: string }
  | { kind: 'embedded'; dataDir?: string; loadDataDir?: Blob };

/** 'transaction': a top-level transaction from asking for it to COMMIT or ROLLBACK (a wait for a pooled
 * connection included: that is time the caller waits too); 'query': one statement outside a transaction. */
export type DbTimingKind = 'transaction' | 'query';
export type DbTimingObserver = (kind: DbTimingKind, seconds: number) => void;

export interface Database {
  readonly db: Db;
  readonly kind: DatabaseTarget['kind'];
  migrate(): Promise<void>;
  /** Told how long each transaction and each statement outside one took (the metrics); returns the detach. */
  observeTimings(observer: DbTimingObserver): () => void;
  /** A snapshot of an embedded database (tests migrate once and load it per file). */
  dumpEmbedded(): Promise<Blob>;
  close(): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));
// Any constant works; it only has to be the same for every process migrating this database.
const MIGRATION_LOCK_KEY = 7_316_001;

export interface OpenOptions {
  /** Told when the server drops an idle pooled connection; the pool replaces it on the next query. */
  onConnectionLost?: (err: Error) => void;
}

export async function openDatabase(target: DatabaseTarget, o: OpenOptions = {}): Promise<Database> {
  if (target.kind === 'server') return openServer(target.url, o);
  // Loaded only for the embedded database: PGlite and its drizzle driver add ~45 MB of RSS at start-up, which a
  // node on a PostgreSQL server never uses (issue 14, measured with bench/startup-memory.ts).
  const { openEmbedded } = await import('./db-embedded.js');
  return openEmbedded(target);
}

/** Connections the pool opens to a PostgreSQL server at most (each one a file descriptor of ours). */
export const SERVER_POOL_SIZE = 10;

async function openServer(url: string, o: OpenOptions): Promise<Database> {
  // Statements go out prepared, one parse and plan per pooled connection (store/prepared-statements.ts).
  const pool = new pg.Pool({ connectionString: url, max: SERVER_POOL_SIZE, Client: namingClient(new StatementNames()) });
  const timings = new Set<DbTimingObserver>();
  // drizzle sends a statement outside a transaction through pool.query, and those inside one through the
  // client it checked out (node-postgres/session.js), so wrapping pool.query times exactly the former; the
  // transactions are timed whole on the drizzle handle below.
  pool.query = timeCalls(pool.query.bind(pool), 'query', timings);
  // Without a listener, an idle connection the server ends (a restart, a failover, an admin) would be an
  // uncaught 'error' that takes the whole central system down (node-postgres: pool 'error' event).
  pool.on('error', (err) => o.onConnectionLost?.(err));
  const db = drizzleServer(pool, { schema });
  db.transaction = timeCalls(db.transaction.bind(db), 'transaction', timings);
  let closing: Promise<void> | undefined;
  return {
    db,
    kind: 'server',
    observeTimings: (observer) => observe(timings, observer),
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
    // pg's Pool.end() throws when called twice; closing is idempotent on both kinds.
    close: () => (closing ??= pool.end()),
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

export function observe(timings: Set<DbTimingObserver>, observer: DbTimingObserver): () => void {
  timings.add(observer);
  return () => { timings.delete(observer); };
}

/**
 * `fn`, reporting how long each call took until its promise settled; a call that returns no promise (pg's
 * callback form, which drizzle does not use) is passed through untimed, and nothing is timed while no one
 * observes. Used on the driver's query function and on the top-level handle's transaction(): a nested
 * transaction (a savepoint, on the transaction's own handle) is inside the outer one's time.
 */
export function timeCalls<F extends (...args: never[]) => unknown>(fn: F, kind: DbTimingKind, timings: Set<DbTimingObserver>): F {
  return ((...args: Parameters<F>) => {
    const started = performance.now();
    const result = fn(...args);
    if (timings.size === 0 || !(result instanceof Promise)) return result;
    return result.finally(() => {
      const seconds = (performance.now() - started) / 1000;
      for (const o of timings) o(kind, seconds);
    });
  }) as F;
}

/** The PostgreSQL error code behind a drizzle-wrapped driver error (STACK.md: it sits at err.cause.code). */
export function pgErrorCode(err: unknown): string | undefined {
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause;
  const code = cause?.code ?? (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
