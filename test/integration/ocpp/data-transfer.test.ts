// DataTransfer (../shared/OCPP.md): answered with a status, never a CALLERROR (UnknownVendorId, as we know no
// vendor extensions), and kept.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterEach(closeChargers);
afterAll(() => app.stop());

async function aCharger() {
  const station = await aStation(app.services);
  const cp = await bootedCharger(app, station.chargeBoxId);
  return { station, cp };
}

describe('DataTransfer', () => {
  it('answers UnknownVendorId and keeps the message as sent', async () => {
    const { station, cp } = await aCharger();
    const before = Date.now();
    const conf = await cp.call('DataTransfer', { vendorId: 'com.acme.wallbox', messageId: 'ReportCableTemp', data: '{"celsius":41.5}' });
    const after = Date.now();

    expect(conf).toEqual({ status: 'UnknownVendorId' });
    const [stored, ...rest] = await app.services.stations.dataTransfers(station.id);
    expect(rest).toEqual([]);
    expect(stored).toMatchObject({
      stationId: station.id, vendorId: 'com.acme.wallbox', messageId: 'ReportCableTemp', data: '{"celsius":41.5}',
      answerStatus: 'UnknownVendorId',
    });
    expect(stored!.receivedAt.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(stored!.receivedAt.getTime()).toBeLessThanOrEqual(after + 1);
  });

  it('answers a DataTransfer with only a vendorId, and keeps each message, newest first', async () => {
    const { station, cp } = await aCharger();
    expect(await cp.call('DataTransfer', { vendorId: 'org.example' })).toEqual({ status: 'UnknownVendorId' });
    expect(await cp.call('DataTransfer', { vendorId: 'org.example', messageId: 'Ping' })).toEqual({ status: 'UnknownVendorId' });

    const stored = await app.services.stations.dataTransfers(station.id);
    expect(stored.map((t) => [t.vendorId, t.messageId, t.data])).toEqual([
      ['org.example', 'Ping', null],
      ['org.example', null, null],
    ]);
  });
});
