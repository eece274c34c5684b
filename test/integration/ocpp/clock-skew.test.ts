// A charger clock off by minutes (issue 6): a clock running ahead is seen on live messages, recorded on the
// station once per change and shown to staff; sessions from a clock ahead or behind keep their energy, order and
// booking; and live figures do not freeze when such a clock is set right mid-session. The bundled simulator sends
// the messages, stamped as a charger with that clock would.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation, anIdTag } from '../../helpers/seed.js';
import { bootedCharger, closeChargers, connectedCharger } from '../../helpers/charger.js';
import { api } from '../../helpers/api.js';
import { waitFor } from '../../helpers/wait-for.js';
import { aHolder, afterReserveNow, inMinutes, slotsOf } from '../../helpers/bookings.js';
import type { ChargePoint } from '../../../simulators/charge-point.js';
import type { MeterValue } from '../../../src/ocpp/wire/index.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterEach(closeChargers);
afterAll(() => app.stop());

const MIN = 60_000;
/** What a charger whose clock is `offMs` off ours stamps now. */
const stamped = (offMs: number): string => new Date(Date.now() + offMs).toISOString();
const register = (wh: number, offMs: number, context: MeterValue['sampledValue'][number]['context'] = 'Sample.Periodic'): MeterValue =>
  ({ timestamp: stamped(offMs), sampledValue: [{ value: String(wh), context, measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] });

async function aCharger(): Promise<{ cp: ChargePoint; stationId: number; chargeBoxId: string; idTag: string }> {
  const station = await aStation(app.services);
  const idTag = await anIdTag(app.services);
  const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
  return { cp, stationId: station.id, chargeBoxId: station.chargeBoxId, idTag };
}

const status = (cp: ChargePoint, offMs: number) =>
  cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: stamped(offMs) });
const skewOf = async (stationId: number) => {
  const { clockSkewS, clockSkewAt } = (await api(app).get(`/stations/${stationId}`)).body as { clockSkewS: number | null; clockSkewAt: string | null };
  return { clockSkewS, clockSkewAt };
};
const logsOf = (stationId: number, msg: string) => app.logs.filter((l) => l['stationId'] === stationId && l['msg'] === msg);
const AHEAD_LOG = 'charger clock is ahead of ours';
/** Fire-and-forget writes (the skew) land within this. */
const settle = () => new Promise((r) => setTimeout(r, 150));

describe('a charger clock running ahead', () => {
  it('is recorded from a live StatusNotification, shown on the station, and written and logged once while it holds', async () => {
    const { cp, stationId } = await aCharger();
    expect(await skewOf(stationId)).toEqual({ clockSkewS: null, clockSkewAt: null }); // the simulator's boot reports are in sync

    await status(cp, 5 * MIN);

    const first = await waitFor(async () => { const s = await skewOf(stationId); return s.clockSkewS !== null && s; });
    expect(first.clockSkewS).toBeGreaterThanOrEqual(299);
    expect(first.clockSkewS).toBeLessThanOrEqual(301);
    expect(first.clockSkewAt).toEqual(expect.any(String));
    for (let i = 1; i <= 3; i++) {
      await status(cp, 5 * MIN + i * 1_000); // jitter of a second is no change
      await cp.call('MeterValues', { connectorId: 1, meterValue: [register(1_000 * i, 5 * MIN)] });
    }
    await settle();
    expect(await skewOf(stationId)).toEqual(first); // not rewritten
    expect(logsOf(stationId, AHEAD_LOG)).toHaveLength(1);
  });

  it('is recorded from the samples of a periodic MeterValues, and recorded again when it moved by minutes', async () => {
    const { cp, stationId } = await aCharger();
    await cp.call('MeterValues', { connectorId: 1, meterValue: [register(100, 3 * MIN, 'Transaction.Begin')] });
    await waitFor(async () => (await skewOf(stationId)).clockSkewS !== null);

    await cp.call('MeterValues', { connectorId: 1, meterValue: [register(200, 10 * MIN)] });

    await waitFor(async () => ((await skewOf(stationId)).clockSkewS ?? 0) > 590);
    expect(logsOf(stationId, AHEAD_LOG).map((l) => Math.round(Number(l['aheadS']) / 60))).toEqual([3, 10]);
  });

  it('is not recorded within a minute ahead, nor from a timestamp behind, which is what a late replayed message looks like', async () => {
    const { cp, stationId } = await aCharger();
    await status(cp, 40_000);
    await cp.call('MeterValues', { connectorId: 1, meterValue: [register(100, -60 * MIN)] });
    await status(cp, -10 * MIN);
    // Nor from the messages a charger queues while offline: a start or stop stamped ahead says nothing live.
    const idTag = await anIdTag(app.services);
    const { transactionId } = await cp.call('StartTransaction', { connectorId: 1, idTag, meterStart: 0, timestamp: stamped(20 * MIN) });
    await cp.call('StopTransaction', { transactionId, meterStop: 10, timestamp: stamped(21 * MIN) });
    await cp.call('MeterValues', { connectorId: 1, meterValue: [register(300, 22 * MIN, 'Transaction.End')] });
    await settle();
    expect(await skewOf(stationId)).toEqual({ clockSkewS: null, clockSkewAt: null });

    await status(cp, 2 * MIN); // the positive control: this one is recorded, and is the only one ever logged
    await waitFor(async () => (await skewOf(stationId)).clockSkewS !== null);
    expect(logsOf(stationId, AHEAD_LOG).map((l) => Math.round(Number(l['aheadS']) / 60))).toEqual([2]);
  });

  it('is cleared once the clock is back in sync, but not by a late sample, and a new connection knows it', async () => {
    const { cp, stationId, chargeBoxId } = await aCharger();
    await status(cp, 5 * MIN);
    await waitFor(async () => (await skewOf(stationId)).clockSkewS !== null);
    await cp.call('MeterValues', { connectorId: 1, meterValue: [register(100, -60 * MIN)] });
    await settle();
    expect((await skewOf(stationId)).clockSkewS).not.toBeNull();

    // A new connection (newest wins): the skew comes with the station, so an unchanged clock costs no write.
    const again = await connectedCharger(app, chargeBoxId);
    await status(again, 5 * MIN);
    await settle();
    expect(logsOf(stationId, AHEAD_LOG)).toHaveLength(1);

    await status(again, 0);
    await waitFor(async () => (await skewOf(stationId)).clockSkewS === null);
    expect(await skewOf(stationId)).toEqual({ clockSkewS: null, clockSkewAt: null });
    expect(logsOf(stationId, 'charger clock back in sync with ours')).toHaveLength(1);
  });
});

describe('sessions from a charger clock off by minutes', () => {
  it.each([{ off: 'ahead', offMs: 5 * MIN }, { off: 'behind', offMs: -5 * MIN }])(
    '5 minutes $off: energy from the meter, no anomaly, the charger\'s times in order', async ({ offMs }) => {
      const { cp, idTag } = await aCharger();
      const startedAt = stamped(offMs);
      const { transactionId } = await cp.call('StartTransaction', { connectorId: 1, idTag, meterStart: 1_000, timestamp: startedAt });
      for (const wh of [1_000, 1_600, 2_200]) {
        await cp.call('MeterValues', { connectorId: 1, transactionId, meterValue: [register(wh, offMs, wh === 1_000 ? 'Transaction.Begin' : 'Sample.Periodic')] });
      }
      const stoppedAt = stamped(offMs);
      await cp.call('StopTransaction', { transactionId, meterStop: 2_500, timestamp: stoppedAt, reason: 'Local' });

      expect(await app.services.sessions.get(transactionId)).toMatchObject({
        startedAt: new Date(startedAt), stoppedAt: new Date(stoppedAt), meterStopWh: 2_500, energyWh: 1_500, stopAnomaly: null,
      });
      const energy = (await app.services.sessions.samples(transactionId)).map((s) => s.value);
      expect(energy).toEqual(['1000', '1600', '2200']);
    });

  it('keeps the live figures moving when a clock running ahead is set right mid-session', async () => {
    const { cp, idTag } = await aCharger();
    const { transactionId } = await cp.call('StartTransaction', { connectorId: 1, idTag, meterStart: 1_000, timestamp: stamped(5 * MIN) });
    await cp.call('MeterValues', { connectorId: 1, transactionId, meterValue: [register(2_000, 5 * MIN)] });
    const sentAheadBy = Date.now();

    // The charger takes our time (BootNotification or Heartbeat currentTime): its stamps jump back 5 minutes.
    await cp.call('MeterValues', { connectorId: 1, transactionId, meterValue: [register(2_500, 0)] });

    const live = await app.services.sessions.get(transactionId);
    expect(live).toMatchObject({ latestMeterWh: 2_500, energyWh: 1_500 });
    // A reading stamped in the future counts as of its arrival, as connector statuses do (domain/connectors.ts).
    expect(live.latestMeterAt!.getTime()).toBeGreaterThanOrEqual(sentAheadBy - 1_000);
    expect(live.latestMeterAt!.getTime()).toBeLessThanOrEqual(Date.now());
    // Its stop, stamped by the corrected clock, is before its start: kept as the charger said, flagged, billed by the meter.
    const stoppedAt = stamped(0);
    await cp.call('StopTransaction', { transactionId, meterStop: 2_600, timestamp: stoppedAt });
    expect(await app.services.sessions.get(transactionId)).toMatchObject({
      stoppedAt: new Date(stoppedAt), energyWh: 1_600, stopAnomaly: 'StopBeforeStart',
    });
  });

  it.each([
    // Stamped before the window opened (2 minutes ago): only the reservationId, which no clock moves, can tell.
    { how: 'by the reservationId it holds, from a clock 5 minutes behind', offMs: -5 * MIN, openedMinAgo: 2, withReservation: true },
    { how: 'by the window its start falls in, from a clock 5 minutes ahead', offMs: 5 * MIN, openedMinAgo: 30, withReservation: false },
  ])('links the holder\'s start to the booking $how', async ({ offMs, openedMinAgo, withReservation }) => {
    const station = await aStation(app.services);
    const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
    const holder = await aHolder(app);
    const booking = await api(app).post('/bookings', {
      slotId: (await slotsOf(app, station.id))[1], customerId: holder.customerId, idTagId: holder.idTagId,
      startsAt: inMinutes(new Date(), -openedMinAgo), endsAt: inMinutes(new Date(), 30),
    });
    expect(booking.body).toMatchObject({ status: 'confirmed', reservationStatus: 'sending' });
    expect(await afterReserveNow(app, booking.body.id)).toMatchObject({ status: 'confirmed', reservationStatus: 'Accepted' });

    const conf = await cp.call('StartTransaction', {
      connectorId: 1, idTag: holder.idTag, meterStart: 0, timestamp: stamped(offMs), ...(withReservation ? { reservationId: booking.body.id } : {}),
    });

    expect(conf.idTagInfo.status).toBe('Accepted');
    expect((await api(app).get(`/bookings/${booking.body.id}`)).body).toMatchObject({ status: 'active', sessionId: conf.transactionId });
  });
});
