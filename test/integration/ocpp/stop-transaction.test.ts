// StopTransaction over a real socket from the bundled simulator, against the real database: a stop always gets
// an answer (OCPP.md), is recorded once, and a stop of a transaction that is not the charger's is kept as unknown.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { closeChargers } from '../../helpers/charger.js';
import { stationRows } from '../../helpers/rows.js';
import { aChargerWithTag, at, energy, sample, soc, started } from '../../helpers/transaction-frames.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterEach(closeChargers);
afterAll(() => app.stop());

const aCharger = () => aChargerWithTag(app);

describe('StopTransaction', () => {
  it('accepts a stop and records energy, reason, idTag and the transactionData with the session', async () => {
    const { cp, idTag } = await aCharger();
    const tx = await started(cp, idTag, 1_000);

    const conf = await cp.call('StopTransaction', {
      transactionId: tx, meterStop: 4_500, timestamp: at(20), reason: 'EVDisconnected', idTag,
      transactionData: [
        sample(0, energy(1_000, { context: 'Transaction.Begin' })),
        sample(20, energy(4_500, { context: 'Transaction.End' }), { ...soc(80), context: 'Transaction.End' }),
      ],
    });

    expect(conf.idTagInfo?.status).toBe('Accepted');
    expect(await app.services.sessions.get(tx)).toMatchObject({
      meterStopWh: 4_500, energyWh: 3_500, stoppedAt: new Date(at(20)), stopReason: 'EVDisconnected', stopAnomaly: null,
    });
    expect((await app.services.sessions.get(tx)).stopIdTag).toBe(idTag);
    expect((await app.services.sessions.samples(tx)).map((s) => [s.context, s.measurand, s.value])).toEqual([
      ['Transaction.Begin', 'Energy.Active.Import.Register', '1000'],
      ['Transaction.End', 'Energy.Active.Import.Register', '4500'],
      ['Transaction.End', 'SoC', '80'],
    ]);
  });

  it('answers a repeated stop and changes nothing', async () => {
    const { cp, stationId, idTag } = await aCharger();
    const tx = await started(cp, idTag, 1_000);
    const stop = { transactionId: tx, meterStop: 4_000, timestamp: at(20), reason: 'Local' as const, idTag,
      transactionData: [sample(20, energy(4_000, { context: 'Transaction.End' }))] };
    await cp.call('StopTransaction', stop);
    const after = await app.services.sessions.get(tx);
    const rows = await stationRows(app, stationId);

    // The same stop again, and one that says something else about the same transaction.
    await cp.call('StopTransaction', stop);
    await cp.call('StopTransaction', { ...stop, meterStop: 9_000, timestamp: at(40), reason: 'Remote',
      transactionData: [sample(40, energy(9_000, { context: 'Transaction.End' }))] });

    expect(await app.services.sessions.get(tx)).toEqual(after);
    expect(after).toMatchObject({ meterStopWh: 4_000, stoppedAt: new Date(at(20)), stopReason: 'Local' });
    expect(await stationRows(app, stationId)).toEqual(rows);
  });

  it('accepts a stop of a transaction it never issued and records it as such', async () => {
    const { cp, stationId, idTag } = await aCharger();
    const unknownTx = 2_000_000_000 + Math.floor(Math.random() * 100_000_000);
    const transactionData = [sample(20, energy(7_000, { context: 'Transaction.End' }))];

    // cp.call rejects on a CALLERROR: resolving is the answer the charger needs to stop retrying.
    const stop = { transactionId: unknownTx, meterStop: 7_000, timestamp: at(20), reason: 'PowerLoss' as const, idTag, transactionData };
    const conf = await cp.call('StopTransaction', stop);
    const repeated = await cp.call('StopTransaction', stop); // recorded once

    expect(conf.idTagInfo?.status).toBe('Accepted');
    expect(repeated).toEqual(conf);
    expect(await app.services.sessions.unknownStops(stationId)).toMatchObject([
      { transactionId: unknownTx, meterStopWh: 7_000, stoppedAt: new Date(at(20)), reason: 'PowerLoss', idTag, transactionData },
    ]);
    expect((await stationRows(app, stationId)).sessions).toBe(0);
  });

  it('accepts a stop of a transactionId beyond 32 bits and records it as such', async () => {
    const { cp, stationId } = await aCharger();
    const hugeTx = 2 ** 31 + Math.floor(Math.random() * 1_000_000);

    const conf = await cp.call('StopTransaction', { transactionId: hugeTx, meterStop: 3_000, timestamp: at(20), reason: 'Local' });

    expect(conf).toEqual({});
    expect(await app.services.sessions.unknownStops(stationId)).toMatchObject([{ transactionId: hugeTx, meterStopWh: 3_000 }]);
  });

  it('treats a stop from another charger as unknown and leaves the session running', async () => {
    const owner = await aCharger();
    const tx = await started(owner.cp, owner.idTag, 1_000);
    const other = await aCharger();

    const conf = await other.cp.call('StopTransaction', {
      transactionId: tx, meterStop: 5_000, timestamp: at(20), reason: 'Local',
      transactionData: [sample(20, energy(5_000, { context: 'Transaction.End' }))],
    });

    expect(conf).toEqual({});
    expect(await app.services.sessions.get(tx)).toMatchObject({ stoppedAt: null, meterStopWh: null, energyWh: null, latestMeterWh: null });
    expect(await app.services.sessions.samples(tx)).toEqual([]);
    expect(await app.services.sessions.unknownStops(other.stationId)).toMatchObject([{ transactionId: tx, meterStopWh: 5_000 }]);
    expect(await app.services.sessions.unknownStops(owner.stationId)).toEqual([]);
  });

  it('accepts a meterStop below meterStart and records the anomaly', async () => {
    const { cp, idTag } = await aCharger();
    const tx = await started(cp, idTag, 5_000);

    await cp.call('StopTransaction', { transactionId: tx, meterStop: 4_000, timestamp: at(20), reason: 'Local' });

    const s = await app.services.sessions.get(tx);
    expect(s).toMatchObject({ meterStopWh: 4_000, stoppedAt: new Date(at(20)), stopAnomaly: 'MeterWentBackwards' });
    // No negative energy on record.
    expect(s.energyWh === null || s.energyWh >= 0).toBe(true);
  });
});
