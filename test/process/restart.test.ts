// "The central system stopped mid-session (SIGTERM, and SIGKILL) and started again loses nothing, and the
// session completes." The central system runs as a real process on its own database; the simulator keeps
// charging while it is down and replays its queue when it is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { ChargePoint } from '../../simulators/charge-point.js';
import { openDatabase, type DatabaseTarget } from '../../src/store/db.js';
import { createServices, type Services } from '../../src/services/index.js';
import { EventBus } from '../../src/shared/events.js';
import { systemClock } from '../../src/shared/clock.js';
import { createLogger } from '../../src/shared/logger.js';
import { CentralSystemProcess, freePort } from '../helpers/central-system-process.js';
import { createProcessDatabase } from '../helpers/process-database.js';
import { randomChargeBoxId, randomIdTag } from '../helpers/seed.js';
import { waitFor } from '../helpers/wait-for.js';

/** Bounds on each wait: generous, for a loaded 2-core machine; a wait that is met ends at once. */
const WAIT_MS = 60_000;

let target: DatabaseTarget;
let env: Record<string, string>;
let remove: () => Promise<void>;

beforeAll(async () => {
  ({ target, env, remove } = await createProcessDatabase('restart'));
}, 60_000);
afterAll(() => remove());

/** Opens the database while no central system process holds it (PGlite allows one process at a time). */
async function withServices<T>(fn: (s: Services) => Promise<T>): Promise<T> {
  const database = await openDatabase(target);
  try {
    await database.migrate();
    const log = createLogger('silent');
    return await fn(createServices({ db: database.db, clock: systemClock, events: new EventBus(log), log },
      { autoRegister: 'off', maxPendingStations: 100, heartbeatIntervalS: 300, adminToken: null, noShowGraceMs: 15 * 60_000 }));
  } finally {
    await database.close();
  }
}

describe.each(['SIGTERM', 'SIGKILL'] as const)('central system stopped by %s mid-session', (signal) => {
  it('loses nothing: the session completes with every meter value, once', async () => {
    const chargeBoxId = randomChargeBoxId();
    const idTag = randomIdTag();
    const stationId = await withServices(async (s) => {
      await s.idTags.create({ idTag, status: 'Accepted', expiryDate: null, parentIdTag: null });
      return (await s.stations.register({ chargeBoxId, password: null })).id;
    });
    const port = await freePort();
    const processEnv = { ...env, PORT: String(port), HOST: '127.0.0.1' };

    let cs = await CentralSystemProcess.start(processEnv);
    const cp = new ChargePoint({ url: `ws://127.0.0.1:${port}/ocpp`, identity: chargeBoxId, meterIntervalMs: 150 });
    let ticks = 0;
    cp.on('meterValues', () => { ticks += 1; });
    try {
      await cp.connect();
      await cp.boot();
      const { transactionId } = await cp.startSession(1, idTag);
      await waitFor(() => ticks >= 3, WAIT_MS);

      const dropped = once(cp, 'disconnected');
      const exit = await cs.stop(signal);
      expect(signal === 'SIGTERM' ? exit.code : exit.signal).toBe(signal === 'SIGTERM' ? 0 : 'SIGKILL');
      await dropped;
      const ticksBeforeRestart = ticks;
      await waitFor(() => ticks >= ticksBeforeRestart + 3, WAIT_MS); // still charging, queueing, while we are down

      cs = await CentralSystemProcess.start(processEnv);
      await cp.comeBack();
      await waitFor(() => ticks >= ticksBeforeRestart + 6, WAIT_MS);
      await cp.stopSession(1);
      await waitFor(() => cp.queuedCount() === 0, WAIT_MS);
      await cp.close();
      expect(await cs.stop('SIGTERM')).toMatchObject({ code: 0 });

      await withServices(async (s) => {
        const sessions = await s.sessions.list({ stationId });
        expect(sessions).toHaveLength(1);
        const [session] = sessions;
        expect(session).toMatchObject({ id: transactionId, stopReason: 'Local' });
        expect(session!.stoppedAt).not.toBeNull();
        expect(session!.energyWh).toBe(session!.meterStopWh! - session!.meterStartWh);
        expect(session!.energyWh).toBeGreaterThan(0);
        const periodic = (await s.sessions.samples(transactionId))
          .filter((m) => m.context === 'Sample.Periodic' && m.measurand === 'Energy.Active.Import.Register');
        expect(periodic).toHaveLength(ticks);
        const history = await s.stations.listConnections(stationId);
        expect(history).toHaveLength(2);
        expect(history.every((c) => c.disconnectedAt !== null)).toBe(true);
        const first = history[1]!;
        // SIGTERM drains and closes with 1001 (going away); after SIGKILL the next start closes the stale record.
        expect(first.closeReason).toBe(signal === 'SIGTERM' ? 'Central system shutting down' : 'central system restarted');
      });
    } finally {
      await cp.close().catch(() => undefined);
      await cs.stop('SIGKILL').catch(() => undefined);
    }
  }, 300_000);
});
