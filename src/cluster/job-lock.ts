// Periodic jobs on one node at a time (issue 15, "Jobs run once"): the node holding a PostgreSQL session
// advisory lock runs them (store/job-lock.ts). The lock lives on a connection of its own, never the pool's, so
// it dies with its holder: a node killed with SIGKILL loses its connection, PostgreSQL frees the lock, and the
// next node to ask (each asks every job interval) takes the lead within one interval.
//
// acquire() is asked before each run: while held it checks, with one cheap statement, that the connection
// still holds it; a lost connection means not held, and the next acquire() opens a new one and tries again.
import pg from 'pg';
import type { Logger } from '../shared/logger.js';
import { holdsJobLock, tryTakeJobLock } from '../store/job-lock.js';

export interface JobLock {
  /** Whether this node runs the cluster's periodic jobs now: true while it holds the lock, taking it when free. */
  acquire(): Promise<boolean>;
  close(): Promise<void>;
}

export interface JobLockDeps {
  databaseUrl: string;
  clusterName: string;
  log: Logger;
  /** How often the node asks (node-beats.ts asks every beat): PostgreSQL ends the session when it idles for two. */
  askEveryMs: number;
}

// This side: a server that vanished is found dead by the operating system within ~a minute (a pulled cable).
const KEEPALIVE_DELAY_MS = 10_000;
// The server's side, which is what frees the lock: by default PostgreSQL leaves keepalives to the OS (~2 h on
// Linux), so a holder whose host lost power, its network or froze would keep the lock, and the jobs, for hours.
// With these the server drops a silent client within 5 + 3 × 5 = 20 s. idle_session_timeout (PostgreSQL 14+)
// ends a session idle for two asks sooner when beats are faster; the beats ask every beat (node-beats.ts).
const serverSideOptions = (askEveryMs: number): string =>
  `-c tcp_keepalives_idle=5 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3 -c idle_session_timeout=${2 * askEveryMs}`;
// An unreachable server must not hold acquire() (and the job run waiting on it) forever: pg waits without end
// by default. Not held is the answer meanwhile.
const CONNECT_TIMEOUT_MS = 5_000;
const QUERY_TIMEOUT_MS = 5_000;

export async function openJobLock(d: JobLockDeps): Promise<JobLock> {
  let client: pg.Client | null = null;
  let held = false;
  let closed = false;
  let asking: Promise<boolean> | null = null;

  const lose = (reason: string, err?: unknown) => {
    if (held) d.log.warn({ err, reason }, 'job lead lost: this node stops running the periodic jobs');
    held = false;
    const dead = client;
    client = null;
    dead?.end().catch(() => undefined);
  };

  const connect = async (): Promise<pg.Client> => {
    const c = new pg.Client({
      connectionString: d.databaseUrl, keepAlive: true, keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS, query_timeout: QUERY_TIMEOUT_MS, application_name: 'chargesync job lock',
      options: serverSideOptions(d.askEveryMs),
    });
    // Without a listener a dropped connection would be an uncaught 'error' that ends the process.
    c.on('error', (err) => { if (client === c) lose('connection error', err); });
    c.on('end', () => { if (client === c) lose('connection ended'); });
    await c.connect();
    return c;
  };

  const ask = async (): Promise<boolean> => {
    try {
      if (held && client) {
        if (await holdsJobLock(client, d.clusterName)) return true;
        lose('lock no longer held');
      }
      client ??= await connect();
      held = await tryTakeJobLock(client, d.clusterName);
      if (held) d.log.info('job lead taken: this node runs the periodic jobs');
      return held;
    } catch (err) {
      lose('database unreachable', err);
      d.log.debug({ err }, 'job lock: could not ask the database');
      return false;
    }
  };

  return {
    // One question at a time: the booking job and the node beats may ask at once.
    acquire() {
      if (closed) return Promise.resolve(false);
      asking ??= ask().finally(() => { asking = null; });
      return asking;
    },
    async close() {
      closed = true;
      await asking?.catch(() => undefined);
      const c = client;
      client = null;
      if (held) d.log.info('job lead given up: this node stops');
      held = false;
      // Ending the session frees its advisory locks.
      await c?.end().catch(() => undefined);
    },
  };
}
