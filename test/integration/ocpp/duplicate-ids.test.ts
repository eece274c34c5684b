// A repeated message id on one connection is answered once (OCPP-J 1.6 §4.1.3: a CALL's id is unique per sender
// and connection, so a repeat is a retransmission of the same CALL). The handler runs once and the charger gets
// exactly one answer for the id: the one to the first, on the same socket. ocpp-rpc alone would answer a
// repeat of a pending id with RpcFrameworkError, and run a repeat of an answered one again.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation, anIdTag } from '../../helpers/seed.js';
import { closeChargers, RawSocket } from '../../helpers/charger.js';
import { stationRows } from '../../helpers/rows.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp({ ocppLimits: { maxBadMessages: 2 } }); });
afterEach(closeChargers);
afterAll(() => app.stop());

async function bootedRaw(chargeBoxId?: string): Promise<{ raw: RawSocket; stationId: number; chargeBoxId: string }> {
  const station = chargeBoxId ? await app.services.stations.findByChargeBoxId(chargeBoxId) : await aStation(app.services);
  const raw = await RawSocket.open(app, station!.chargeBoxId);
  expect(await raw.call('BootNotification', { chargePointVendor: 'Raw', chargePointModel: 'Socket' }))
    .toMatchObject([3, expect.any(String), { status: 'Accepted' }]);
  return { raw, stationId: station!.id, chargeBoxId: station!.chargeBoxId };
}

const dataTransfer = (id: string, data = 'hello') => JSON.stringify([2, id, 'DataTransfer', { vendorId: 'Acme', data }]);
const heartbeatAnswer = (id: string) => [3, id, { currentTime: expect.any(String) }];

describe('a repeated message id', () => {
  it('while the first is pending: the handler runs once, and the one answer is the first one', async () => {
    const { raw, stationId } = await bootedRaw();

    raw.send(dataTransfer('dup-1'));
    raw.send(dataTransfer('dup-1'));
    raw.send(JSON.stringify([2, 'hb-1', 'Heartbeat', {}]));

    // Calls are answered in order, so a second answer for dup-1 would come before the Heartbeat's.
    expect(await raw.next()).toEqual([3, 'dup-1', { status: 'UnknownVendorId' }]);
    expect(await raw.next()).toEqual(heartbeatAnswer('hb-1'));
    expect(await app.services.stations.dataTransfers(stationId)).toHaveLength(1);
    expect(app.logs).toContainEqual(expect.objectContaining({
      msg: 'repeated message id dropped; the first is answered', messageId: 'dup-1',
    }));
  });

  it('shortly after the first was answered: dropped, the handler does not run again', async () => {
    const { raw, stationId } = await bootedRaw();
    expect(await raw.call('DataTransfer', { vendorId: 'Acme', data: 'once' }, 'dup-2')).toEqual([3, 'dup-2', { status: 'UnknownVendorId' }]);

    raw.send(dataTransfer('dup-2', 'once'));
    expect(await raw.call('Heartbeat', {}, 'hb-2')).toEqual(heartbeatAnswer('hb-2'));
    expect(await app.services.stations.dataTransfers(stationId)).toHaveLength(1);
  });

  it('on a StartTransaction opens one session and answers one transactionId', async () => {
    const { raw, stationId } = await bootedRaw();
    const start = JSON.stringify([2, 'start-1', 'StartTransaction', {
      connectorId: 1, idTag: await anIdTag(app.services), meterStart: 10, timestamp: new Date().toISOString(),
    }]);

    raw.send(start);
    raw.send(start);
    expect(await raw.next()).toEqual([3, 'start-1', { transactionId: expect.any(Number), idTagInfo: { status: 'Accepted' } }]);
    expect(await raw.call('Heartbeat', {}, 'hb-3')).toEqual(heartbeatAnswer('hb-3'));
    expect((await stationRows(app, stationId)).sessions).toBe(1);
  });

  it('is a new CALL on a new connection: ids are unique per connection only', async () => {
    const first = await bootedRaw();
    expect(await first.raw.call('DataTransfer', { vendorId: 'Acme' }, 'same-id')).toEqual([3, 'same-id', expect.anything()]);
    first.raw.close();
    await first.raw.closed;

    const second = await bootedRaw(first.chargeBoxId);
    expect(await second.raw.call('DataTransfer', { vendorId: 'Acme' }, 'same-id')).toEqual([3, 'same-id', { status: 'UnknownVendorId' }]);
    expect(await app.services.stations.dataTransfers(first.stationId)).toHaveLength(2);
  });

  it('counts as a bad frame: past OCPP_MAX_BAD_MESSAGES repeats the connection is closed', async () => {
    const { raw, stationId } = await bootedRaw();
    expect(await raw.call('DataTransfer', { vendorId: 'Acme' }, 'dup-4')).toEqual([3, 'dup-4', expect.anything()]);
    raw.send(dataTransfer('dup-4'));
    raw.send(dataTransfer('dup-4'));
    expect(await raw.call('Heartbeat', {}, 'hb-4')).toEqual(heartbeatAnswer('hb-4'));

    raw.send(dataTransfer('dup-4'));
    expect(await raw.closed).toEqual({ code: 1002, reason: 'Too many bad frames' });
    expect(await app.services.stations.dataTransfers(stationId)).toHaveLength(1);
  });
});
