// Issue 6, "done when": thousands of random and mutated frames (bounded in count, never by the clock) at the OCPP
// endpoint from several registered chargers' bare sockets. The central system stays up; each bad frame gets a
// CALLERROR with an OCPP 1.6 code or its connection is closed (a connection limit: counted, and we reconnect);
// a CALLRESULT or CALLERROR for an id we never sent gets no answer; a simulated charger charging meanwhile is
// answered throughout and its session completes; nothing from the bad frames reaches the database.
// The frames come from a seeded PRNG: the test's name carries the seed, and FUZZ_SEED=<seed> replays them.
// How fast the central system answers is the benchmark's business; a slow machine only makes this slower.
import { randomInt } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation, anIdTag } from '../../helpers/seed.js';
import { closeChargers, connectedCharger, RawSocket } from '../../helpers/charger.js';
import { FRAME_KINDS, FrameFuzzer, Prng } from '../../helpers/frame-fuzzer.js';
import { INBOUND_ACTIONS, type FuzzTarget } from '../../helpers/payload-mutations.js';
import { emptyTally, fuzzStation, type FuzzTally } from '../../helpers/fuzz-runner.js';
import { globalCounts, snapshotDiff, stationSnapshot } from '../../helpers/station-snapshot.js';
import { AckLog, checkAcknowledged } from '../../helpers/acknowledged.js';
import { waitFor } from '../../helpers/wait-for.js';

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : randomInt(2 ** 31);
const FRAMES = 3_000;
/** The fuzz goes on past FRAMES, up to this many, until the real charger and /health were answered meanwhile. */
const MAX_FRAMES = FRAMES * 4;
const METER_ACKS_WHILE_FUZZED = 5;
const HEALTH_CHECKS_WHILE_FUZZED = 2;
/** Bounds on each wait: generous, for a loaded 2-core machine; a wait that is met ends at once. */
const WAIT_MS = 60_000;
const STRICT_CHARGERS = 4; // only frames invalid by construction: nothing of theirs may be written
const METER_INTERVAL_MS = 200;

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterEach(() => closeChargers());
afterAll(() => app.stop());

/** A registered charger booted over a bare socket, with a connector reported and a session open. */
async function aFuzzTarget(): Promise<{ stationId: number; chargeBoxId: string; target: FuzzTarget }> {
  const station = await aStation(app.services);
  const idTag = await anIdTag(app.services);
  const raw = await RawSocket.open(app, station.chargeBoxId);
  const at = new Date().toISOString();
  expect(await raw.call('BootNotification', { chargePointVendor: 'Fuzz', chargePointModel: 'Target' })).toMatchObject([3, expect.any(String), { status: 'Accepted' }]);
  expect(await raw.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging', timestamp: at })).toMatchObject([3, expect.any(String), {}]);
  const started = await raw.call('StartTransaction', { connectorId: 1, idTag, meterStart: 500, timestamp: at });
  const { transactionId } = started[2] as { transactionId: number };
  expect(await raw.call('MeterValues', { connectorId: 1, transactionId, meterValue: [{ timestamp: at, sampledValue: [{ value: '510' }] }] })).toMatchObject([3, expect.any(String), {}]);
  raw.close();
  await raw.closed;
  return { stationId: station.id, chargeBoxId: station.chargeBoxId, target: { idTag, transactionId, connectorId: 1 } };
}

/** FUZZ_REPORT=1: the tally, and why handlers failed on edge frames (schema-valid, so they may reach one). */
function printReport(tally: FuzzTally, acks: AckLog): void {
  const causes: Record<string, number> = {};
  for (const l of app.logs.filter((x) => x.msg === 'handler failed')) {
    const err = l.err as { message?: string } | undefined;
    const cause = `${String(l.action)}: ${(err?.message ?? '').split(': ').pop()?.slice(0, 80) ?? ''}`;
    causes[cause] = (causes[cause] ?? 0) + 1;
  }
  const lagsMs = acks.of('MeterValues').map((m) => m.atMs - new Date(m.request.meterValue[0]!.timestamp).getTime());
  console.error(summary(tally), { failures: tally.failures.slice(0, 20), handlerFailures: causes, slowestMeterValuesMs: Math.max(...lagsMs) });
}

function summary(t: FuzzTally): string {
  return `seed ${SEED} (FUZZ_SEED=${SEED} replays it): ${t.frames} frames; kinds ${JSON.stringify(t.byKind)}; `
    + `answers ${JSON.stringify(t.answers)}; closes by code ${JSON.stringify(t.closes)}`;
}

it(`survives ${FRAMES} random and mutated frames (seed ${SEED}; FUZZ_SEED=${SEED} replays them)`, async () => {
  // A real charger, charging throughout, on the same central system.
  const legit = await aStation(app.services);
  const legitTag = await anIdTag(app.services);
  const simulatorLog: string[] = [];
  const cp = await connectedCharger(app, legit.chargeBoxId, { meterIntervalMs: METER_INTERVAL_MS, log: (l) => simulatorLog.push(l) });
  const acks = new AckLog(cp);
  await cp.boot();
  const { transactionId: legitTx } = await cp.startSession(1, legitTag);

  const strict = await Promise.all(Array.from({ length: STRICT_CHARGERS }, () => aFuzzTarget()));
  const edge = await aFuzzTarget();
  edge.target.foreignTransactionId = legitTx;
  const before = await Promise.all(strict.map((s) => stationSnapshot(app.database.db, s.stationId)));
  const countsBefore = await globalCounts(app.database.db);

  const root = new Prng(SEED);
  const tally = emptyTally();
  const fuzzStartMs = Date.now();
  const metersSinceStart = () => acks.of('MeterValues').filter((m) => m.atMs >= fuzzStartMs).length;
  const all = [...strict.map((s) => ({ ...s, edge: false })), { ...edge, edge: true }];
  const health: number[] = [];
  const healthTimer = setInterval(() => {
    fetch(`${app.url}/health`).then((r) => health.push(r.status), () => health.push(0));
  }, 500);
  try {
    await Promise.all(all.map((s, i) => fuzzStation({
      url: `${app.ocppUrl}/${s.chargeBoxId}`, station: s.chargeBoxId, fuzzer: new FrameFuzzer(root.fork(i), `f${i}`, s.target),
      edge: s.edge, minFrames: Math.ceil(FRAMES / all.length), maxFrames: Math.ceil(MAX_FRAMES / all.length),
      until: () => metersSinceStart() >= METER_ACKS_WHILE_FUZZED && health.length >= HEALTH_CHECKS_WHILE_FUZZED,
      answerTimeoutMs: WAIT_MS,
    }, tally)));
  } finally {
    clearInterval(healthTimer);
  }
  const fuzzEndMs = Date.now();

  if (process.env.FUZZ_REPORT) printReport(tally, acks);
  // Each frame answered as OCPP-J 1.6 says, or its connection closed.
  expect(tally.failures.slice(0, 15), `${tally.failures.length} frames went wrong; ${summary(tally)}`).toEqual([]);
  expect(tally.frames, summary(tally)).toBeGreaterThanOrEqual(FRAMES);
  for (const kind of FRAME_KINDS) expect(tally.byKind[kind] ?? 0, `no ${kind} frame sent; ${summary(tally)}`).toBeGreaterThan(0);
  expect(Object.keys(tally.byAction).sort(), 'every inbound action mutated').toEqual([...INBOUND_ACTIONS].sort());
  expect(Object.keys(tally.answers).filter((k) => k.endsWith(' CALLRESULT')), `edge frames: ${summary(tally)}`).not.toEqual([]);

  // The server stayed up: /health answered throughout, and a charger never seen before connects and boots.
  expect(health.length).toBeGreaterThanOrEqual(HEALTH_CHECKS_WHILE_FUZZED);
  expect(health.every((s) => s === 200), `health: ${health.join(',')}`).toBe(true);
  const fresh = await connectedCharger(app, (await aStation(app.services)).chargeBoxId);
  expect(await fresh.boot()).toMatchObject({ status: 'Accepted' });

  // The real charger was answered throughout (its calls time out after 30 s: a starved one logs it), and its
  // session completes as it reported it.
  await cp.stopSession(1);
  await waitFor(() => cp.queuedCount() === 0, WAIT_MS);
  expect(simulatorLog.filter((l) => /fail|error|timed out|offline/i.test(l))).toEqual([]);
  const meterAcks = acks.of('MeterValues');
  const duringFuzz = meterAcks.filter((m) => m.atMs >= fuzzStartMs && m.atMs <= fuzzEndMs);
  expect(duringFuzz.length, 'MeterValues answered while fuzzed').toBeGreaterThanOrEqual(METER_ACKS_WHILE_FUZZED);
  expect(await checkAcknowledged(app.database.db, legit.id, acks, { drained: true })).toEqual([]);
  const session = await app.services.sessions.get(legitTx);
  expect(session).toMatchObject({ stationId: legit.id, stopReason: 'Local' });
  expect(session.energyWh).toBeGreaterThan(0);

  // Nothing of the bad frames reached the database.
  const after = await Promise.all(strict.map((s) => stationSnapshot(app.database.db, s.stationId)));
  expect(before.flatMap((b, i) => snapshotDiff(b, after[i]!)), summary(tally)).toEqual([]);
  expect(await globalCounts(app.database.db)).toEqual({ ...countsBefore, stations: countsBefore.stations! + 1 });
}, 300_000);
