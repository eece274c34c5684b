// Issue 6, "done when": under load from several simulated chargers the central system is killed with SIGKILL at
// a random moment and started again on the same database and port; the chargers reconnect and replay their
// queues; afterwards every message a charger saw acknowledged (a CALLRESULT came) is in the database, once:
// sessions, their stops, every reading, every status notification (OCPP.md: persist first, then answer).
// The central system is a real process; the database is the embedded one in DATA_DIR, or DATABASE_URL's server.
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ChargePoint } from '../../simulators/charge-point.js';
import { SessionLoop } from '../../simulators/session-loop.js';
import { openDatabase, type DatabaseTarget } from '../../src/store/db.js';
import type { Db } from '../../src/store/db.js';
import { CentralSystemProcess, freePort } from '../helpers/central-system-process.js';
import { createProcessDatabase } from '../helpers/process-database.js';
import { randomChargeBoxId, randomIdTag } from '../helpers/seed.js';
import { waitFor } from '../helpers/wait-for.js';
import { AckLog, checkAcknowledged } from '../helpers/acknowledged.js';
import { Prng } from '../helpers/frame-fuzzer.js';

// The work is bounded by counts and every wait is for a condition, so a loaded machine only makes the test
// slower. The seed picks the kill moment (a number of acknowledged messages) and the session rhythm; the
// test's name carries it, and KILL_SEED=<seed> replays the same choices.
const SEED = process.env.KILL_SEED ? Number(process.env.KILL_SEED) : randomInt(2 ** 31);
const prng = new Prng(SEED);
const CHARGERS = 5;
const CONNECTORS = 2;
const METER_INTERVALS_MS = [200, 250, 300, 400, 500];
const KILL_AFTER_ACKS = prng.between(CHARGERS * 10, CHARGERS * 40);
/** Readings the chargers take while the central system is down, before it is started again. */
const READINGS_WHILE_DOWN = CHARGERS * 2;
/** Acknowledged messages after the restart before the load is stopped. */
const ACKS_AFTER_RESTART = CHARGERS * 6;
/** Bounds on each wait: generous, for a loaded 2-core machine; a wait that is met ends at once. */
const WAIT_MS = 60_000;

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

/** Registers the chargers through the staff API and builds their simulators (not connected yet). */
async function aFleet(port: number): Promise<Fleet[]> {
  const registered = await Promise.all(Array.from({ length: CHARGERS }, async () => {
    const chargeBoxId = randomChargeBoxId('KILL');
    const idTags = Array.from({ length: CONNECTORS }, () => randomIdTag());
    for (const idTag of idTags) await staffPost(port, '/id-tags', { idTag });
    return { chargeBoxId, idTags, stationId: (await staffPost(port, '/stations', { chargeBoxId, password: false })).id };
  }));
  return registered.map((r, i) => {
    const log: string[] = [];
    const cp = new ChargePoint({
      url: `ws://127.0.0.1:${port}/ocpp`, identity: r.chargeBoxId, connectors: CONNECTORS, reconnect: true,
      meterIntervalMs: METER_INTERVALS_MS[i % METER_INTERVALS_MS.length]!, callTimeoutMs: 30_000, log: (l) => log.push(l),
    });
    // Sessions of 1-3 s with short pauses: starts, stops and status changes all the time, besides the readings.
    const loops = r.idTags.map((idTag, c) => new SessionLoop(cp, {
      connectorId: c + 1, idTag, sessionMs: prng.between(1_000, 3_000), pauseMs: prng.between(200, 600), log: (l) => log.push(l),
    }));
    return { stationId: r.stationId, cp, acks: new AckLog(cp), log, loops };
  });
}

const ackedIn = (fleet: Fleet[]): number => fleet.reduce((n, f) => n + f.acks.entries.length, 0);
const queuedIn = (fleet: Fleet[]): number => fleet.reduce((n, f) => n + f.cp.queuedCount(), 0);

/** Kills the process, waits until the chargers have taken readings while it is down, and starts it again. */
async function killAndRestart(cs: CentralSystemProcess, fleet: Fleet[], processEnv: Record<string, string>) {
  const killedAtMs = Date.now();
  expect(await cs.stop('SIGKILL')).toMatchObject({ signal: 'SIGKILL' });
  let readingsWhileDown = 0;
  const onReading = () => { readingsWhileDown += 1; };
  fleet.forEach((f) => f.cp.on('meterValues', onReading));
  await waitFor(() => fleet.every((f) => !f.cp.isOnline), WAIT_MS);
  await waitFor(() => readingsWhileDown >= READINGS_WHILE_DOWN, WAIT_MS);
  fleet.forEach((f) => f.cp.off('meterValues', onReading));
  const queuedAtRestart = queuedIn(fleet);
  const restarted = await CentralSystemProcess.start(processEnv);
  return { cs: restarted, killedAtMs, restartedAtMs: Date.now(), queuedAtRestart };
}

/** Stops the load, ends the open sessions, and waits until every queue is replayed. */
async function finishLoad(fleet: Fleet[]): Promise<void> {
  fleet.forEach((f) => f.loops.forEach((l) => l.stop()));
  await Promise.all(fleet.flatMap((f) => Array.from({ length: CONNECTORS }, (_, c) =>
    (f.cp.session(c + 1) ? f.cp.stopSession(c + 1).catch(() => undefined) : Promise.resolve()))));
  await waitFor(() => fleet.every((f) => f.cp.isOnline && f.cp.queuedCount() === 0), WAIT_MS);
  await Promise.all(fleet.map((f) => f.cp.close()));
}

it(`loses no acknowledged message when killed with SIGKILL under load (seed ${SEED}: kill after ${KILL_AFTER_ACKS} acknowledged messages; KILL_SEED=${SEED} replays it)`, async () => {
  const port = await freePort();
  const processEnv = { ...env, PORT: String(port), HOST: '127.0.0.1', ADMIN_TOKEN };
  let cs = await CentralSystemProcess.start(processEnv);
  const fleet = await aFleet(port);
  try {
    await Promise.all(fleet.map(async (f) => { await f.cp.connect(); await f.cp.boot(); }));
    fleet.forEach((f) => f.loops.forEach((l) => l.start()));
    await waitFor(() => ackedIn(fleet) >= KILL_AFTER_ACKS, WAIT_MS);

    const ackedBeforeKill = ackedIn(fleet);
    const down = await killAndRestart(cs, fleet, processEnv);
    cs = down.cs;
    // Back by themselves (reconnect with backoff), booted, their queues replayed, and the load going on.
    await waitFor(() => fleet.every((f) => f.cp.isOnline), WAIT_MS);
    const ackedAtReturn = ackedIn(fleet);
    await waitFor(() => ackedIn(fleet) >= ackedAtReturn + ACKS_AFTER_RESTART, WAIT_MS);
    await finishLoad(fleet);
    expect(await cs.stop('SIGTERM')).toMatchObject({ code: 0 });

    // The kill hit a running load: acknowledged messages before it, readings taken while it was down queued and
    // replayed after it, and acknowledged messages after it.
    expect(ackedBeforeKill).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(down.queuedAtRestart).toBeGreaterThan(0);
    const takenWhileDown = fleet.flatMap((f) => f.acks.of('MeterValues')).filter((m) => {
      const takenMs = new Date(m.request.meterValue[0]!.timestamp).getTime();
      return takenMs > down.killedAtMs && takenMs < down.restartedAtMs;
    });
    expect(takenWhileDown.length, 'readings taken while down, acknowledged after the restart').toBeGreaterThan(0);
    expect(ackedIn(fleet)).toBeGreaterThan(ackedAtReturn);
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
    if (process.env.KILL_REPORT) console.error({ SEED, ackedBeforeKill, ackedAtReturn, queuedAtRestart: down.queuedAtRestart, takenWhileDown: takenWhileDown.length, acked: ackedIn(fleet) });
  } finally {
    fleet.forEach((f) => f.loops.forEach((l) => l.stop()));
    await Promise.all(fleet.map((f) => f.cp.close().catch(() => undefined)));
    await cs.stop('SIGKILL').catch(() => undefined);
  }
}, 300_000);
