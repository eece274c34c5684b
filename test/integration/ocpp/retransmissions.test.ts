// Retransmissions across connections and messages out of order (issue 6, duplicates and order). A charger that
// lost our answer when its connection dropped sends the same transaction message again on its next connection,
// with a new message id, so only the database can tell it is a repeat: the same StopTransaction twice is one
// stop and one invoice, the same samples twice are stored once. Same-connection repeats are in
// start-transaction.test.ts and meter-values.test.ts, and a fully replayed queue in offline-replay.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation, anIdTag } from '../../helpers/seed.js';
import { bootedCharger, closeChargers, RawSocket } from '../../helpers/charger.js';
import { stationRows } from '../../helpers/rows.js';
import { api } from '../../helpers/api.js';
import { waitFor } from '../../helpers/wait-for.js';
import type { ChargePoint } from '../../../simulators/charge-point.js';
import type { MeterValue } from '../../../src/ocpp/wire/index.js';

let app: TestApp;
const sockets: RawSocket[] = [];
beforeAll(async () => { app = await startTestApp(); });
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.close());
  await closeChargers();
});
afterAll(() => app.stop());

const base = Date.now() - 3_600_000;
const at = (minute: number): string => new Date(base + minute * 60_000).toISOString();
const reading = (minute: number, wh: number, context: 'Sample.Periodic' | 'Transaction.End' = 'Sample.Periodic'): MeterValue => ({
  timestamp: at(minute),
  sampledValue: [
    { value: String(wh), context, measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
    { value: String(20 + minute), context, measurand: 'SoC', unit: 'Percent' },
  ],
});

/** What staff and the event stream saw of one station: invoices, and how often each event came. */
async function billedAndAnnounced(stationId: number, events: string[]) {
  const invoices = (await api(app).get(`/invoices?stationId=${stationId}`)).body as Array<{ sessionId: number }>;
  return { invoices: invoices.map((i) => i.sessionId), events: [...events].sort() };
}

function recordEvents(stationId: number): string[] {
  const seen: string[] = [];
  app.events.on('session.stopped', (e) => { if (e.stationId === stationId) seen.push('session.stopped'); });
  app.events.on('invoice.issued', (e) => { if (e.stationId === stationId) seen.push('invoice.issued'); });
  return seen;
}

async function aChargingCharger(): Promise<{ cp: ChargePoint; stationId: number; idTag: string; transactionId: number }> {
  const station = await aStation(app.services);
  const idTag = await anIdTag(app.services);
  const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
  const { transactionId } = await cp.call('StartTransaction', { connectorId: 1, idTag, meterStart: 1_000, timestamp: at(0) });
  return { cp, stationId: station.id, idTag, transactionId };
}

describe('StopTransaction sent again after a reconnect', () => {
  it('is one stop and one invoice, and the repeat gets the same answer', async () => {
    const { cp, stationId, idTag, transactionId } = await aChargingCharger();
    const events = recordEvents(stationId);
    const stop = { transactionId, meterStop: 4_000, timestamp: at(30), reason: 'Local' as const, idTag, transactionData: [reading(30, 4_000, 'Transaction.End')] };
    const first = await cp.call('StopTransaction', stop);
    const session = await app.services.sessions.get(transactionId);
    const rows = await stationRows(app, stationId);

    // The answer was lost with the connection: on the next one the charger sends the same stop again.
    await cp.goOffline();
    await cp.comeBack();
    const again = await cp.call('StopTransaction', stop);

    expect(again).toEqual(first);
    expect(await app.services.sessions.get(transactionId)).toEqual(session);
    expect(session).toMatchObject({ meterStopWh: 4_000, energyWh: 3_000, stoppedAt: new Date(at(30)) });
    // (the reconnect's boot reports its connectors again: only the transaction rows must not change)
    expect(await stationRows(app, stationId)).toMatchObject({ sessions: rows.sessions, meterValues: rows.meterValues, unknownStops: 0 });
    expect(await billedAndAnnounced(stationId, events))
      .toEqual({ invoices: [transactionId], events: ['invoice.issued', 'session.stopped'] });
  });

  it('is one stop and one invoice when the old connection is still handling it as the new one sends it', async () => {
    const station = await aStation(app.services);
    const idTag = await anIdTag(app.services);
    const events = recordEvents(station.id);
    const old = await RawSocket.open(app, station.chargeBoxId);
    sockets.push(old);
    const [, , started] = await old.call('StartTransaction', { connectorId: 1, idTag, meterStart: 100, timestamp: at(0) });
    const stop = JSON.stringify([2, 'stop-1', 'StopTransaction', { transactionId: (started as { transactionId: number }).transactionId, meterStop: 900, timestamp: at(10) }]);

    old.send(stop); // no answer awaited: the link is dying
    const fresh = await RawSocket.open(app, station.chargeBoxId); // replaces the old connection
    sockets.push(fresh);
    fresh.send(stop); // the same message id is no repeat on a new connection (OCPP-J 1.6 §4.1.3)

    expect(await fresh.next()).toEqual([3, 'stop-1', {}]);
    const [session] = await app.services.sessions.list({ stationId: station.id });
    expect(session).toMatchObject({ meterStopWh: 900, energyWh: 800 });
    await waitFor(() => events.length >= 2);
    await new Promise((r) => setTimeout(r, 200)); // room for a second stop, were there one
    expect(await billedAndAnnounced(station.id, events))
      .toEqual({ invoices: [session!.id], events: ['invoice.issued', 'session.stopped'] });
  });
});

describe('MeterValues sent again after a reconnect', () => {
  it('stores each sample once, sent again whole or regrouped, and the live figures stay those of the newest', async () => {
    const { cp, stationId, transactionId } = await aChargingCharger();
    await cp.call('MeterValues', { connectorId: 1, transactionId, meterValue: [reading(1, 1_200), reading(2, 1_400)] });
    const live = await app.services.sessions.get(transactionId);

    await cp.goOffline();
    await cp.comeBack();
    await cp.call('MeterValues', { connectorId: 1, transactionId, meterValue: [reading(1, 1_200), reading(2, 1_400)] });
    await cp.call('MeterValues', { connectorId: 1, transactionId, meterValue: [reading(2, 1_400)] });
    expect(await app.services.sessions.get(transactionId)).toEqual(live);
    // A charger that batches its resend differently: one old sample and one new.
    await cp.call('MeterValues', { connectorId: 1, transactionId, meterValue: [reading(2, 1_400), reading(3, 1_600)] });

    const samples = await app.services.sessions.samples(transactionId);
    expect(samples.filter((s) => s.measurand === 'Energy.Active.Import.Register').map((s) => s.value)).toEqual(['1200', '1400', '1600']);
    expect(samples).toHaveLength(6);
    expect((await stationRows(app, stationId)).meterValues).toBe(6);
    expect(await app.services.sessions.get(transactionId)).toMatchObject({ latestMeterWh: 1_600, latestSocPercent: 23, energyWh: 600 });
  });

  it('stores samples without a transaction once too', async () => {
    const { cp, stationId } = await aChargingCharger();
    const req = { connectorId: 2, meterValue: [reading(5, 50_000)] };
    await cp.call('MeterValues', req);
    await cp.goOffline();
    await cp.comeBack();
    await cp.call('MeterValues', req);

    expect(await app.services.sessions.unlinkedSamples(stationId)).toHaveLength(2); // energy and SoC, once each
  });
});

describe('transaction messages out of order', () => {
  it('keeps a MeterValues that arrives after its stop with the session, by its time, and leaves the stop as it was', async () => {
    const { cp, transactionId } = await aChargingCharger();
    await cp.call('MeterValues', { connectorId: 1, transactionId, meterValue: [reading(10, 2_000)] });
    await cp.call('StopTransaction', { transactionId, meterStop: 4_000, timestamp: at(30), transactionData: [reading(30, 4_000, 'Transaction.End')] });
    const stopped = await app.services.sessions.get(transactionId);

    expect(await cp.call('MeterValues', { connectorId: 1, transactionId, meterValue: [reading(20, 3_000)] })).toEqual({});

    expect(await app.services.sessions.get(transactionId)).toEqual(stopped);
    expect(stopped).toMatchObject({ energyWh: 3_000, latestMeterWh: 4_000, stoppedAt: new Date(at(30)) });
    const energy = (await app.services.sessions.samples(transactionId)).filter((s) => s.measurand === 'Energy.Active.Import.Register');
    expect(energy.map((s) => [s.sampledAt.toISOString(), s.value])).toEqual([[at(10), '2000'], [at(20), '3000'], [at(30), '4000']]);
  });

  it('answers a StartTransaction resent after its stop with the same transactionId, and opens no second session', async () => {
    const station = await aStation(app.services);
    const idTag = await anIdTag(app.services);
    const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
    const { transactionId } = await cp.call('StartTransaction', { connectorId: 1, idTag, meterStart: 0, timestamp: at(0) });
    await cp.call('StopTransaction', { transactionId, meterStop: 500, timestamp: at(5) });

    // The start resent after its stop (its answer was lost): the same transaction, still stopped.
    const again = await cp.call('StartTransaction', { connectorId: 1, idTag, meterStart: 0, timestamp: at(0) });

    expect(again.transactionId).toBe(transactionId);
    expect(await app.services.sessions.list({ stationId: station.id })).toMatchObject([{ id: transactionId, stoppedAt: new Date(at(5)), energyWh: 500 }]);
  });
});
