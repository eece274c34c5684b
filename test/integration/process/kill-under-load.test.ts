// Issue 6, "done when": under load from several simulated chargers the central system is killed with SIGKILL at
// a random moment and started again on the same database and port; the chargers reconnect and replay their
// queues; afterwards every message a charger saw acknowledged (a CALLRESULT came) is in the database, once:
// sessions, their stops, every reading, every status notification (OCPP.md: persist first, then answer).
// The central system is a real process; the database is the embedded one in DATA_DIR, or DATABASE_URL's server.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ChargePoint } from '../../../simulators/charge-point.js';
import { SessionLoop } from '../../../simulators/session-loop.js';
import { openDatabase, type DatabaseTarget } from '../../../src/store/db.js';
import type { Db } from '../../../src/store/db.js';
import { CentralSystemProcess, freePort } from '../../helpers/central-system-process.js';
import { createProcessDatabase } from '../../helpers/process-database.js';
import { randomChargeBoxId, randomIdTag } from '../../helpers/seed.js';
import { waitFor } from '../../helpers/wait-for.js';
import { AckLog, checkAcknowledged } from '../../helpers/acknowledged.js';

const CHARGERS = 5;
const CONNECTORS = 2;
const METER_INTERVALS_MS = [200, 250, 300, 400, 500];
const KILL_AFTER_MS = 1_500 + Math.floor(Math.random() * 3_000); // a random moment of the load
const LOAD_AFTER_RESTART_MS = 2_500;

let target: DatabaseTarget;
let env: Record<string, string>;
let remove: () => Promise<void>;

beforeAll(async () => {
  ({ target, env, remove } = await createProcessDatabase('kill'));
}, 60_000);
afterAll(() => remove());

/** Opens the database while no central system process holds it (PGlite allows one process at a time). */
async function withDatabase<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const database = await openDatabase(target);
  try {
    return await fn(database.db);
  } finally {
    await database.close();
  }
}

const ADMIN_TOKEN = `kill-test-${randomIdTag()}`;

/** The staff API of the central system process (its ADMIN_TOKEN); the created record's id. */
async function staffPost(port: number, path: string, body: unknown): Promise<{ id: number }> {
  const res = await fetch(`http://127.0.0.1:${port}/api${path}`, {
    method: 'POST', body: JSON.stringify(body),
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
  });
  if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: number };
}

interface Fleet { stationId: number; cp: ChargePoint; acks: AckLog; log: string[]; loops: SessionLoop[] }

it(`loses no acknowledged message when killed with SIGKILL under load (kill after ${KILL_AFTER_MS} ms)`, async () => {
  const port = await freePort();
  const processEnv = { ...env, PORT: String(port), HOST: '127.0.0.1', ADMIN_TOKEN };
  let cs = await CentralSystemProcess.start(processEnv);
  const registered = await Promise.all(Array.from({ length: CHARGERS }, async () => {
    const chargeBoxId = randomChargeBoxId('KILL');
    const idTags = Array.from({ length: CONNECTORS }, () => randomIdTag());
    for (const idTag of idTags) await staffPost(port, '/id-tags', { idTag });
    return { chargeBoxId, idTags, stationId: (await staffPost(port, '/stations', { chargeBoxId, password: false })).id };
  }));
  const fleet: Fleet[] = registered.map((r, i) => {
    const log: string[] = [];
    const cp = new ChargePoint({
      url: `ws://127.0.0.1:${port}/ocpp`, identity: r.chargeBoxId, connectors: CONNECTORS, reconnect: true,
      meterIntervalMs: METER_INTERVALS_MS[i % METER_INTERVALS_MS.length]!, callTimeoutMs: 10_000, log: (l) => log.push(l),
    });
    // Sessions of 1-3 s with short pauses: starts, stops and status changes all the time, besides the readings.
    const loops = r.idTags.map((idTag, c) => new SessionLoop(cp, {
      connectorId: c + 1, idTag, sessionMs: 1_000 + Math.floor(Math.random() * 2_000), pauseMs: 200 + Math.floor(Math.random() * 400),
      log: (l) => log.push(l),
    }));
    return { stationId: r.stationId, cp, acks: new AckLog(cp), log, loops };
  });
  const acked = () => fleet.reduce((n, f) => n + f.acks.entries.length, 0);
  try {
    await Promise.all(fleet.map(async (f) => { await f.cp.connect(); await f.cp.boot(); }));
    fleet.forEach((f) => f.loops.forEach((l) => l.start()));
    await new Promise((r) => setTimeout(r, KILL_AFTER_MS));

    const ackedBeforeKill = acked();
    const killedAtMs = Date.now();
    expect(await cs.stop('SIGKILL')).toMatchObject({ signal: 'SIGKILL' });
    await waitFor(() => fleet.every((f) => !f.cp.isOnline));
    let peakQueued = 0;
    const sampler = setInterval(() => { peakQueued = Math.max(peakQueued, fleet.reduce((n, f) => n + f.cp.queuedCount(), 0)); }, 50);
    cs = await CentralSystemProcess.start(processEnv);
    const restartedAtMs = Date.now();
    // Back by themselves (reconnect with backoff), booted, and their queues replayed.
    await waitFor(() => fleet.every((f) => f.cp.isOnline), 20_000);
    clearInterval(sampler);
    const ackedAtReturn = acked();
    await new Promise((r) => setTimeout(r, LOAD_AFTER_RESTART_MS));

    fleet.forEach((f) => f.loops.forEach((l) => l.stop()));
    await Promise.all(fleet.flatMap((f) => Array.from({ length: CONNECTORS }, (_, c) =>
      (f.cp.session(c + 1) ? f.cp.stopSession(c + 1).catch(() => undefined) : Promise.resolve()))));
    await waitFor(() => fleet.every((f) => f.cp.isOnline && f.cp.queuedCount() === 0), 15_000);
    await Promise.all(fleet.map((f) => f.cp.close()));
    expect(await cs.stop('SIGTERM')).toMatchObject({ code: 0 });

    // The kill hit a running load: acknowledged messages before it, readings taken while it was down queued and
    // replayed after it, and acknowledged messages after it.
    expect(ackedBeforeKill).toBeGreaterThan(CHARGERS * 5);
    expect(peakQueued).toBeGreaterThan(0);
    const takenWhileDown = fleet.flatMap((f) => f.acks.of('MeterValues')).filter((m) => {
      const takenMs = new Date(m.request.meterValue[0]!.timestamp).getTime();
      return takenMs > killedAtMs && takenMs < restartedAtMs;
    });
    expect(takenWhileDown.length, 'readings taken while down, acknowledged after the restart').toBeGreaterThan(0);
    expect(acked()).toBeGreaterThan(ackedAtReturn);
    for (const f of fleet) {
      // The central system never refused a transaction message, so the charger never gave one up.
      expect(f.log.filter((l) => /dropped a queued|failed \(attempt/.test(l)), f.cp.identity).toEqual([]);
      expect(f.acks.count('StartTransaction'), f.cp.identity).toBeGreaterThan(0);
      expect(f.acks.count('StopTransaction'), f.cp.identity).toBe(f.acks.count('StartTransaction'));
    }
    await withDatabase(async (db) => {
      for (const f of fleet) {
        expect(await checkAcknowledged(db, f.stationId, f.acks, { drained: true }), f.cp.identity).toEqual([]);
      }
    });
    if (process.env.KILL_REPORT) console.error({ ackedBeforeKill, ackedAtReturn, peakQueued, takenWhileDown: takenWhileDown.length, acked: acked() });
  } finally {
    fleet.forEach((f) => f.loops.forEach((l) => l.stop()));
    await Promise.all(fleet.map((f) => f.cp.close().catch(() => undefined)));
    await cs.stop('SIGKILL').catch(() => undefined);
  }
}, 90_000);
