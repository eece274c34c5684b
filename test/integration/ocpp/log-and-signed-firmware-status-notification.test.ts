// LogStatusNotification and SignedFirmwareStatusNotification (OCPP 1.6 security whitepaper edition 3): the latest
// status with its requestId and time on the station's detail, next to firmwareStatus and diagnosticsStatus, and
// every report kept in firmware_events; one that breaks the schema gets a CALLERROR and stores nothing.
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/api.js';
import { aStation } from '../../helpers/seed.js';
import { RawSocket, bootedCharger, closeChargers } from '../../helpers/charger.js';
import { firmwareEvents } from '../../../src/store/schema/index.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterEach(closeChargers);
afterAll(() => app.stop());

async function aCharger() {
  const station = await aStation(app.services);
  const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
  return { stationId: station.id, cp };
}

const detail = async (stationId: number) => (await api(app).get(`/stations/${stationId}`)).body as Record<string, unknown>;

/** The history kept in firmware_events, oldest first (no API lists it yet). */
const history = async (stationId: number, kind: string) => app.database.db
  .select({ status: firmwareEvents.status, requestId: firmwareEvents.requestId }).from(firmwareEvents)
  .where(and(eq(firmwareEvents.stationId, stationId), eq(firmwareEvents.kind, kind))).orderBy(asc(firmwareEvents.id));

describe('LogStatusNotification', () => {
  it('keeps the latest log status with its requestId and time on the detail, and each report in the history', async () => {
    const { stationId, cp } = await aCharger();
    expect(await detail(stationId)).toMatchObject({ logStatus: null, logStatusAt: null, logRequestId: null });

    expect(await cp.call('LogStatusNotification', { status: 'Uploading', requestId: 41 })).toEqual({});
    expect(await detail(stationId)).toMatchObject({ logStatus: 'Uploading', logRequestId: 41, logStatusAt: expect.any(String) });
    await cp.call('LogStatusNotification', { status: 'UploadFailure', requestId: 41 });
    await cp.call('LogStatusNotification', { status: 'Idle' }); // triggered while no upload runs: no requestId

    expect(await detail(stationId)).toMatchObject({
      logStatus: 'Idle', logRequestId: null, signedFirmwareStatus: null, firmwareStatus: null, diagnosticsStatus: null,
    });
    expect(await history(stationId, 'log')).toEqual([
      { status: 'Uploading', requestId: 41 }, { status: 'UploadFailure', requestId: 41 }, { status: 'Idle', requestId: null },
    ]);
  });

  it.each([
    ['an unknown status', { status: 'Done', requestId: 1 }, 'FormationViolation'],
    ['a string requestId', { status: 'Uploaded', requestId: '1' }, 'TypeConstraintViolation'],
    ['a missing status', { requestId: 1 }, 'OccurrenceConstraintViolation'],
  ])('%s gets a CALLERROR %s and stores nothing', async (_what, payload, code) => {
    const station = await aStation(app.services);
    const raw = await RawSocket.open(app, station.chargeBoxId);
    await raw.call('BootNotification', { chargePointVendor: 'Raw', chargePointModel: 'Socket' });

    expect((await raw.call('LogStatusNotification', payload, 'log-1')).slice(0, 3)).toEqual([4, 'log-1', code]);
    expect(await detail(station.id)).toMatchObject({ logStatus: null, logRequestId: null });
    expect(await history(station.id, 'log')).toEqual([]);
  });
});

describe('SignedFirmwareStatusNotification', () => {
  it('keeps the latest signed-firmware status with its requestId, apart from the log and plain firmware statuses', async () => {
    const { stationId, cp } = await aCharger();
    await cp.call('FirmwareStatusNotification', { status: 'Installed' });
    await cp.call('LogStatusNotification', { status: 'Uploaded', requestId: 5 });

    for (const status of ['Downloading', 'Downloaded', 'InvalidSignature'] as const) {
      expect(await cp.call('SignedFirmwareStatusNotification', { status, requestId: 9 })).toEqual({});
    }
    expect(await detail(stationId)).toMatchObject({
      signedFirmwareStatus: 'InvalidSignature', signedFirmwareRequestId: 9, signedFirmwareStatusAt: expect.any(String),
      firmwareStatus: 'Installed', logStatus: 'Uploaded', logRequestId: 5,
    });
    expect(await history(stationId, 'signed-firmware')).toEqual([
      { status: 'Downloading', requestId: 9 }, { status: 'Downloaded', requestId: 9 }, { status: 'InvalidSignature', requestId: 9 },
    ]);
    expect(await history(stationId, 'firmware')).toEqual([{ status: 'Installed', requestId: null }]);
  });

  it('a status outside the extension\'s list gets a CALLERROR and stores nothing', async () => {
    const station = await aStation(app.services);
    const raw = await RawSocket.open(app, station.chargeBoxId);
    await raw.call('BootNotification', { chargePointVendor: 'Raw', chargePointModel: 'Socket' });
    expect((await raw.call('SignedFirmwareStatusNotification', { status: 'Flashed', requestId: 1 }, 'fw-1')).slice(0, 3))
      .toEqual([4, 'fw-1', 'FormationViolation']);
    expect(await detail(station.id)).toMatchObject({ signedFirmwareStatus: null });
    expect(await history(station.id, 'signed-firmware')).toEqual([]);
  });
});
