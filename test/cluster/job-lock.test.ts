// The job lock (cluster/job-lock.ts, store/job-lock.ts): a PostgreSQL session advisory lock on a connection of
// its own, so it dies with its holder. Several locks of one cluster here stand for several nodes; the server's
// own view (pg_terminate_backend) stands for a holder whose connection died.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { openJobLock, type JobLock } from '../../src/cluster/job-lock.js';
import { createLogger } from '../../src/shared/logger.js';
import { jobLockName } from '../../src/store/job-lock.js';
import { waitFor } from '../helpers/wait-for.js';

const target = inject('testDatabase');
const skipReason = target.kind === 'embedded' ? 'the job lock needs a PostgreSQL server (DATABASE_URL); the tests run embedded' : null;
const adminUrl = target.kind === 'server' ? target.adminUrl : '';

const opened: JobLock[] = [];
afterEach(async () => { await Promise.all(opened.splice(0).map((l) => l.close())); });

function aNode(clusterName: string, askEveryMs = 30_000) {
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({ write(chunk: Buffer, _e, done) { logs.push(JSON.parse(chunk.toString()) as Record<string, unknown>); done(); } });
  return openJobLock({ databaseUrl: adminUrl, clusterName, log: createLogger('info', sink), askEveryMs }).then((lock) => {
    opened.push(lock);
    return { lock, logs: () => logs.map((l) => l.msg) };
  });
}

/** Ends the holder's connection from the server's side, as when its process or its machine died (only this
 * cluster's: other test files' nodes share the server). */
async function killHolderSession(clusterName: string): Promise<number> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1
          AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)`, [jobLockName(clusterName)]);
    return rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

describe.skipIf(skipReason !== null)(`job lock${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('one node of a cluster holds it; the others do not, and another cluster has its own', async () => {
    const cluster = `test_${randomBytes(4).toString('hex')}`;
    const [a, b, c] = await Promise.all([aNode(cluster), aNode(cluster), aNode(cluster)]);
    const first = await Promise.all([a.lock.acquire(), b.lock.acquire(), c.lock.acquire()]);
    expect(first.filter(Boolean)).toHaveLength(1);
    // Asked again, the same node keeps it.
    expect(await Promise.all([a.lock.acquire(), b.lock.acquire(), c.lock.acquire()])).toEqual(first);
    const other = await aNode(`test_${randomBytes(4).toString('hex')}`);
    expect(await other.lock.acquire()).toBe(true);
  });

  it('is taken by another node when the holder closes, and the holder logs it', async () => {
    const cluster = `test_${randomBytes(4).toString('hex')}`;
    const a = await aNode(cluster);
    const b = await aNode(cluster);
    expect(await a.lock.acquire()).toBe(true);
    expect(await b.lock.acquire()).toBe(false);
    await a.lock.close();
    expect(await b.lock.acquire()).toBe(true);
    expect(a.logs()).toEqual(['job lead taken: this node runs the periodic jobs', 'job lead given up: this node stops']);
  });

  it('dies with its connection: the holder reports it lost, another takes it, and the old holder reconnects to ask again', async () => {
    const cluster = `test_${randomBytes(4).toString('hex')}`;
    const a = await aNode(cluster);
    expect(await a.lock.acquire()).toBe(true);
    expect(await killHolderSession(cluster)).toBe(1);
    const b = await aNode(cluster);
    expect(await b.lock.acquire()).toBe(true);
    expect(await a.lock.acquire()).toBe(false);
    expect(a.logs()).toContain('job lead lost: this node stops running the periodic jobs');
    await b.lock.close();
    expect(await a.lock.acquire()).toBe(true); // a new connection of its own
  });

  it('is freed by PostgreSQL when its holder stops asking (a frozen host whose TCP connection lingers): idle_session_timeout of two asks', async () => {
    const cluster = `test_${randomBytes(4).toString('hex')}`;
    const frozen = await aNode(cluster, 500); // asks nothing more from here on, as a frozen node
    expect(await frozen.lock.acquire()).toBe(true);
    const b = await aNode(cluster);
    await waitFor(() => b.lock.acquire(), 10_000);
    expect(await frozen.lock.acquire()).toBe(false);
  });
});
