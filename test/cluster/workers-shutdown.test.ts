// WORKERS=2 at SIGTERM with a worker that never stops (frozen here with SIGSTOP, as a hung worker): the primary
// kills it after SHUTDOWN_GRACE_S + 10 s and exits (workers.ts stopWorker), instead of waiting on it for ever.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CentralSystemProcess, freePort } from '../helpers/central-system-process.js';
import { clusterSkipReason } from '../helpers/cluster-nodes.js';
import { NatsServer } from '../helpers/nats-server.js';
import { createServerDatabaseUrl } from '../helpers/test-database.js';
import { waitFor } from '../helpers/wait-for.js';

const skipReason = clusterSkipReason();

describe.skipIf(skipReason !== null)(`WORKERS shutdown${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let database: { url: string; drop(): Promise<void> } | null = null;
  let nats: NatsServer | null = null;
  let primary: CentralSystemProcess | null = null;
  const pids = (): number[] => (primary?.lines ?? [])
    .filter((l) => l.msg === 'ChargeSync central system listening').map((l) => l.pid as number);

  beforeAll(async () => {
    database = await createServerDatabaseUrl();
    nats = await NatsServer.start();
    primary = await CentralSystemProcess.start({
      DATABASE_URL: database!.url, NATS_URL: nats.url, CLUSTER_NAME: `test_${randomBytes(4).toString('hex')}`,
      NODE_ID: `host-${randomBytes(3).toString('hex')}`, WORKERS: '2', PORT: String(await freePort()), HOST: '127.0.0.1',
      ADMIN_TOKEN: 'workers-shutdown-admin', LOG_FORMAT: 'json', SHUTDOWN_GRACE_S: '1',
    });
    await waitFor(() => pids().length === 2, 60_000);
  }, 180_000);

  afterAll(async () => {
    for (const pid of pids()) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone already */ } }
    await primary?.stop('SIGKILL').catch(() => undefined);
    await nats?.remove();
    await database?.drop();
  });

  it('a worker that does not stop is killed after the grace and the margin, and the primary exits 0', async () => {
    const [frozen] = pids();
    process.kill(frozen!, 'SIGSTOP');
    // CentralSystemProcess.stop SIGKILLs the primary itself after 30 s: a primary still waiting on the worker.
    const exit = await primary!.stop('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(primary!.lines.filter((l) => l.msg === 'worker did not stop in time; killing it').map((l) => l.pid)).toEqual([frozen]);
  }, 60_000);
});
