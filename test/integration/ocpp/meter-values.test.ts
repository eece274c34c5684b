// MeterValues over a real socket from the bundled simulator, against the real database (StartTransaction:
// start-transaction.test.ts). Exact payloads go through cp.call; one test lets the simulator run a whole session.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation, anIdTag } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { stationRows } from '../../helpers/rows.js';
import { waitFor } from '../../helpers/wait-for.js';
import { aChargerWithTag, at, energy, power, sample, soc, started } from '../../helpers/transaction-frames.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterEach(closeChargers);
afterAll(() => app.stop());

const aCharger = () => aChargerWithTag(app);

describe('MeterValues', () => {
  it('stores every sampled value and keeps energy, power and SoC current', async () => {
    const { cp, idTag } = await aCharger();
    const tx = await started(cp, idTag, 1_000);

    expect(await cp.call('MeterValues', {
      connectorId: 1, transactionId: tx,
      meterValue: [
        sample(1, energy(1_500), power(7_000), soc(40), { value: '16', measurand: 'Current.Import', unit: 'A', phase: 'L1' }),
        // A per-phase register is a part of the total, not the total (listed first so it would be picked).
        sample(2, energy(700, { phase: 'L1' }), energy(2_100), power(6_500), soc(45)),
      ],
    })).toEqual({});

    const samples = await app.services.sessions.samples(tx);
    expect(samples).toHaveLength(8);
    expect(samples.filter((s) => s.measurand === 'Current.Import')).toMatchObject([{ value: '16', unit: 'A', phase: 'L1' }]);
    expect(await app.services.sessions.get(tx)).toMatchObject({
      latestMeterWh: 2_100, energyWh: 1_100, latestPowerW: 6_500, latestSocPercent: 45, latestMeterAt: new Date(at(2)),
    });
  });

  it('stores two sampled values of one instant that differ only in unit (the register in Wh and in kWh)', async () => {
    const { cp, idTag } = await aCharger();
    const tx = await started(cp, idTag, 1_000);

    await cp.call('MeterValues', { connectorId: 1, transactionId: tx, meterValue: [sample(1, energy(2_500), energy(2.5, { unit: 'kWh' }))] });

    expect((await app.services.sessions.samples(tx)).map((m) => [m.value, m.unit])).toEqual([['2500', 'Wh'], ['2.5', 'kWh']]);
  });

  it('scales kWh to Wh and kW to W', async () => {
    const { cp, idTag } = await aCharger();
    const tx = await started(cp, idTag, 10_000);

    await cp.call('MeterValues', {
      connectorId: 1, transactionId: tx,
      meterValue: [sample(1, energy(12.345, { unit: 'kWh' }), { value: '7.4', measurand: 'Power.Active.Import', unit: 'kW' })],
    });

    expect(await app.services.sessions.get(tx)).toMatchObject({ latestMeterWh: 12_345, energyWh: 2_345, latestPowerW: 7_400 });
    // Stored as sent: the scaling is for the live figures only.
    expect((await app.services.sessions.samples(tx)).map((s) => [s.value, s.unit])).toEqual([['12.345', 'kWh'], ['7.4', 'kW']]);
  });

  it('reads a sampled value without measurand as the energy register in Wh', async () => {
    const { cp, idTag } = await aCharger();
    const tx = await started(cp, idTag, 500);

    await cp.call('MeterValues', { connectorId: 1, transactionId: tx, meterValue: [sample(1, { value: '1750' })] });

    expect(await app.services.sessions.samples(tx)).toMatchObject([
      { measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: '1750', context: 'Sample.Periodic' },
    ]);
    expect(await app.services.sessions.get(tx)).toMatchObject({ latestMeterWh: 1_750, energyWh: 1_250 });
  });

  it('stores an older MeterValues that arrives late without moving the latest figures back', async () => {
    const { cp, idTag } = await aCharger();
    const tx = await started(cp, idTag, 1_000);

    await cp.call('MeterValues', { connectorId: 1, transactionId: tx, meterValue: [sample(10, energy(3_000), power(7_000), soc(60))] });
    await cp.call('MeterValues', { connectorId: 1, transactionId: tx, meterValue: [sample(5, energy(2_000), power(3_000), soc(50))] });

    expect(await app.services.sessions.get(tx)).toMatchObject({
      latestMeterWh: 3_000, energyWh: 2_000, latestPowerW: 7_000, latestSocPercent: 60, latestMeterAt: new Date(at(10)),
    });
    const samples = await app.services.sessions.samples(tx);
    expect(samples).toHaveLength(6);
    // Listed by when they were taken, not by when they arrived.
    expect(samples.filter((s) => s.measurand === 'SoC').map((s) => s.value)).toEqual(['50', '60']);
  });

  it('stores a retransmitted MeterValues once', async () => {
    const { cp, stationId, idTag } = await aCharger();
    const tx = await started(cp, idTag, 1_000);
    const req = { connectorId: 1, transactionId: tx, meterValue: [sample(1, energy(1_400), power(7_000), soc(30))] };

    await cp.call('MeterValues', req);
    const before = await stationRows(app, stationId);
    expect(await cp.call('MeterValues', req)).toEqual({});

    expect(await stationRows(app, stationId)).toEqual(before);
    expect(await app.services.sessions.samples(tx)).toHaveLength(3);
  });

  it.each([
    { kind: 'one we never issued', unknownTx: 2_000_000_000 + Math.floor(Math.random() * 100_000_000) },
    // Past PostgreSQL's integer: a valid OCPP integer that used to come back as a CALLERROR InternalError.
    { kind: 'one beyond 32 bits', unknownTx: 3_000_000_000 + Math.floor(Math.random() * 100_000_000) },
  ])('keeps and answers MeterValues for a transactionId it does not know: $kind', async ({ unknownTx }) => {
    const { cp, stationId, idTag } = await aCharger();
    const tx = await started(cp, idTag, 1_000);

    // cp.call rejects on a CALLERROR: a transaction message always gets a status (STYLE.md habit 3).
    expect(await cp.call('MeterValues', { connectorId: 1, transactionId: unknownTx, meterValue: [sample(1, energy(9_999))] })).toEqual({});

    expect(await app.services.sessions.unlinkedSamples(stationId)).toMatchObject([
      { connectorId: 1, measurand: 'Energy.Active.Import.Register', value: '9999', sampledAt: new Date(at(1)) },
    ]);
    // Not attributed to the session that is running on the same connector.
    expect(await app.services.sessions.samples(tx)).toEqual([]);
    expect((await app.services.sessions.get(tx)).latestMeterWh).toBeNull();
  });
});

describe('a simulated session', () => {
  it('starts, meters and stops as one session whose energy and SoC rise, its samples in order', async () => {
    const station = await aStation(app.services);
    const idTag = await anIdTag(app.services);
    // 3.6 MW into a 10 kWh battery: 100 Wh and 1 % SoC per 100 ms sample, so every sample moves.
    const cp = await bootedCharger(app, station.chargeBoxId, {
      meterIntervalMs: 100, powerW: 3_600_000, batteryWh: 10_000, startSocPercent: 20, registerStartWh: 50_000,
    });
    const periodic: Array<{ registerWh: number }> = [];
    cp.on('meterValues', (e: { connectorId: number; registerWh: number }) => { if (e.connectorId === 1) periodic.push(e); });

    const { transactionId, idTagInfo } = await cp.startSession(1, idTag);
    expect(idTagInfo.status).toBe('Accepted');
    const running = await waitFor(async () => {
      const s = await app.services.sessions.get(transactionId);
      return (s.latestSocPercent ?? 0) >= 24 ? s : undefined;
    });
    expect(running).toMatchObject({ stoppedAt: null, meterStartWh: 50_000 });
    expect(running.energyWh).toBeGreaterThan(0);
    await cp.stopSession(1);

    const sessions = await app.services.sessions.list({ stationId: station.id });
    expect(sessions).toHaveLength(1);
    const done = sessions[0]!;
    const samples = await app.services.sessions.samples(transactionId);
    const energySamples = samples.filter((s) => s.measurand === 'Energy.Active.Import.Register');
    // Transaction.Begin, one per periodic sample the simulator took, Transaction.End.
    expect(energySamples.map((s) => s.context)).toEqual(
      ['Transaction.Begin', ...periodic.map(() => 'Sample.Periodic'), 'Transaction.End']);
    expect(energySamples.slice(1, -1).map((s) => Number(s.value))).toEqual(periodic.map((e) => Math.floor(e.registerWh)));
    expect(samples).toHaveLength(3 * energySamples.length); // energy, power and SoC in each
    const values = energySamples.map((s) => Number(s.value));
    const times = energySamples.map((s) => s.sampledAt.getTime());
    expect(values[0]).toBe(50_000);
    values.slice(1).forEach((v, i) => expect(v).toBeGreaterThan(values[i]!));
    times.slice(1).forEach((t, i) => expect(t).toBeGreaterThan(times[i]!));
    const socs = samples.filter((s) => s.measurand === 'SoC').map((s) => Number(s.value));
    expect(socs[0]).toBe(20);
    socs.slice(1).forEach((v, i) => expect(v).toBeGreaterThanOrEqual(socs[i]!));
    expect(socs.at(-1)).toBeGreaterThan(socs[0]!);
    expect(done).toMatchObject({
      id: transactionId, connectorId: 1, meterStartWh: 50_000, meterStopWh: values.at(-1), energyWh: values.at(-1)! - 50_000,
      stoppedAt: energySamples.at(-1)!.sampledAt, stopReason: 'Local', stopAnomaly: null,
    });
  });
});
