// The embedded PostgreSQL (PGlite) behind store/db.ts's Database, loaded only when no DATABASE_URL is set.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import * as schema from './schema/index.js';
import { migrationsFolder, observe, timeCalls, type Database, type DbTimingObserver } from './db.js';

export async function openEmbedded(target: { dataDir?: string; loadDataDir?: Blob }): Promise<Database> {
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  // btree_gist must be loaded every time a data directory is opened (STACK.md), or tables using it fail.
  const client = await PGlite.create({
    ...(target.dataDir ? { dataDir: target.dataDir } : {}),
    ...(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {}),
    extensions: { btree_gist },
  });
  const timings = new Set<DbTimingObserver>();
  // PGlite runs a transaction's statements through its own private query path (its transaction()), not through
  // client.query, so as on the server only statements outside a transaction are timed here.
  client.query = timeCalls(client.query.bind(client), 'query', timings);
  const db = drizzlePglite(client, { schema });
  db.transaction = timeCalls(db.transaction.bind(db), 'transaction', timings);
  let closing: Promise<void> | undefined;
  return {
    db,
    kind: 'embedded',
    observeTimings: (observer) => observe(timings, observer),
    migrate: () => migratePglite(db, { migrationsFolder }),
    dumpEmbedded: async () => (await client.dumpDataDir('none')) as Blob,
    close: () => (closing ??= client.close()),
  };
}

