// The cluster's job lock in SQL (issue 15, "Jobs run once"): a PostgreSQL session advisory lock. It belongs
// to the connection that took it, so it is freed when that connection ends, however it ends: a node killed
// with SIGKILL closes its TCP connection (or the keepalive finds it gone) and PostgreSQL lets the lock go.
// The key is a 64-bit hash of the cluster's name, so clusters sharing one server never share a lock; it is
// computed by PostgreSQL (hashtextextended), the same on every node.
import type pg from 'pg';

/** What the lock is held on: one dedicated connection (never a pooled one: the pool would hand it on). */
export type LockConnection = Pick<pg.ClientBase, 'query'>;

export const jobLockName = (clusterName: string): string => `chargesync-jobs:${clusterName}`;

/** Takes the lock if free; true when this connection holds it now. Taking it twice is harmless for us: the
 * caller asks only while it does not hold it. */
export async function tryTakeJobLock(conn: LockConnection, clusterName: string): Promise<boolean> {
  const { rows } = await conn.query<{ taken: boolean }>(
    'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS taken', [jobLockName(clusterName)]);
  return rows[0]?.taken === true;
}

/** Whether this connection still holds the lock (pg_locks lists a session's advisory locks under its pid; a
 * bigint key is split into classid, its high 32 bits, and objid, with objsubid 1). */
export async function holdsJobLock(conn: LockConnection, clusterName: string): Promise<boolean> {
  const { rows } = await conn.query<{ held: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM pg_locks
        WHERE locktype = 'advisory' AND objsubid = 1 AND granted AND pid = pg_backend_pid()
          AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)
     ) AS held`, [jobLockName(clusterName)]);
  return rows[0]?.held === true;
}
