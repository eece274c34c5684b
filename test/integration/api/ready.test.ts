// GET /ready over real HTTP against the real database: ready on a migrated one, 503 naming the database when it
// is closed under the running central system, and 503 naming the migrations when the database lacks the
// newest one the code ships (what a database restored from an older backup looks like). The last two run the
// readiness check on a real driver pointed at a real loopback port (silent, or refusing): a central system
// cannot start on such a database, so there is no app to ask over HTTP.
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { openDatabase } from '../../../src/store/db.js';
import { makeReadiness } from '../../../src/observability/ready.js';
import { createLogger } from '../../../src/shared/logger.js';

const journal = JSON.parse(readFileSync(new URL('../../../src/store/migrations/meta/_journal.json', import.meta.url), 'utf8')) as
  { entries: Array<{ tag: string; when: number }> };
const newest = journal.entries.at(-1)!;

let app: TestApp | undefined;
afterEach(async () => { await app?.stop(); app = undefined; });

async function ready(a: TestApp): Promise<{ status: number; body: any; cacheControl: string | null }> {
  const res = await fetch(`${a.url}/ready`);
  return { status: res.status, body: await res.json(), cacheControl: res.headers.get('cache-control') };
}

describe('GET /ready', () => {
  it('is 200 on a migrated database, without a token', async () => {
    app = await startTestApp();

    expect(await ready(app)).toEqual({
      status: 200, cacheControl: 'no-store',
      body: { ready: true, failed: [], checks: { database: { ok: true }, migrations: { ok: true } } },
    });
  });

  it('is 503 naming the database when the database is closed, and /health still answers', async () => {
    app = await startTestApp();
    await app.database.close();

    const res = await ready(app);

    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({
      ready: false, failed: ['database'],
      checks: { database: { ok: false, reason: 'unreachable' }, migrations: { ok: false, reason: 'not checked' } },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/closed|pool|PGlite/i); // the driver's message stays in the log
    expect(app.logs.some((l) => l.msg === 'not ready')).toBe(true);
    // Alive, not ready: a prober restarts on /health, routes traffic on /ready.
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
  });

  it('is 503 naming the migrations, and which, when the database lacks the newest one; 200 once it is recorded', async () => {
    app = await startTestApp();
    const db = app.database.db;
    // As if the newest migration never ran: drizzle's migrator decides by this table, and so does /ready.
    const removed = await db.execute(sql`DELETE FROM drizzle.__drizzle_migrations WHERE created_at = ${newest.when} RETURNING hash`);
    expect((removed as unknown as { rows: unknown[] }).rows).toHaveLength(1);

    const res = await ready(app);

    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      ready: false, failed: ['migrations'],
      checks: { database: { ok: true }, migrations: { ok: false, reason: 'pending', pending: [newest.tag] } },
    });

    await db.execute(sql`INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('restored', ${newest.when})`);
    expect((await ready(app)).status).toBe(200);
  });

  it('is 503 naming every migration when the migrations table is missing, as on a database never migrated', async () => {
    app = await startTestApp();
    await app.database.db.execute(sql`DROP SCHEMA drizzle CASCADE`);

    const res = await ready(app);

    expect(res.status).toBe(503);
    expect(res.body.failed).toEqual(['migrations']);
    expect(res.body.checks.migrations.pending).toEqual(journal.entries.map((e) => e.tag));
  });

  it('answers within its deadline, naming a timeout, when the database accepts the connection and never speaks', async () => {
    // A real listener on loopback that takes the TCP connection and sends nothing: what a hung server or a
    // half-dead link looks like to the driver, which would wait for minutes.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => { sockets.push(socket); });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const database = await openDatabase({ kind: 'server', url: `postgres://nobody@127.0.0.1:${(silent.address() as AddressInfo).port}/none` });
    try {
      const readiness = makeReadiness({ db: database.db, log: createLogger('silent'), timeoutMs: 300 });
      const started = Date.now();

      const report = await readiness();

      // The driver alone would wait for minutes; the margin over the 300 ms deadline is for a loaded machine.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(report).toEqual({
        ready: false, failed: ['database'],
        checks: { database: { ok: false, reason: 'timeout', code: null }, migrations: { ok: false, reason: 'not checked' } },
      });
      expect(sockets.length).toBeGreaterThan(0); // it did reach the listener
    } finally {
      sockets.forEach((s) => s.destroy());
      silent.close();
      await database.close();
    }
  });

  it('names the database unreachable, with the error code, for a DATABASE_URL whose port nobody listens on', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve())); // free again: a connect is refused
    const database = await openDatabase({ kind: 'server', url: `postgres://nobody@127.0.0.1:${port}/none` });
    try {
      const report = await makeReadiness({ db: database.db, log: createLogger('silent') })();

      expect(report.failed).toEqual(['database']);
      expect(report.checks.database).toEqual({ ok: false, reason: 'unreachable', code: 'ECONNREFUSED' });
    } finally {
      await database.close();
    }
  });
});
