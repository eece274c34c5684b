// StartTransaction over a real socket from the bundled simulator, against the real database (MeterValues:
// meter-values.test.ts; StopTransaction: stop-transaction.test.ts). Exact payloads go through cp.call.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation, anIdTag, randomIdTag } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { stationRows } from '../../helpers/rows.js';
import { aChargerWithTag, at, started } from '../../helpers/transaction-frames.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterEach(closeChargers);
afterAll(() => app.stop());

const aCharger = () => aChargerWithTag(app);

describe('StartTransaction', () => {
  it.each([
    { tag: 'an accepted tag', answered: 'Accepted', make: () => anIdTag(app.services) },
    { tag: 'a blocked tag', answered: 'Blocked', make: () => anIdTag(app.services, { status: 'Blocked' }) },
    { tag: 'an expired tag', answered: 'Expired', make: () => anIdTag(app.services, { expiryDate: new Date(Date.now() - 60_000) }) },
    { tag: 'an unknown tag', answered: 'Invalid', make: () => Promise.resolve(randomIdTag()) },
  ])('stores the start of $tag, answers $answered, and the transactionId is the new session', async ({ answered, make }) => {
    const station = await aStation(app.services);
    const idTag = await make();
    const cp = await bootedCharger(app, station.chargeBoxId);

    const conf = await cp.call('StartTransaction', { connectorId: 2, idTag, meterStart: 1_234, timestamp: at(0) });

    expect(conf.idTagInfo.status).toBe(answered);
    expect(Number.isInteger(conf.transactionId)).toBe(true);
    const session = await app.services.sessions.get(conf.transactionId);
    expect(session).toMatchObject({
      id: conf.transactionId, stationId: station.id, connectorId: 2, idTag, authorizationStatus: answered,
      meterStartWh: 1_234, startedAt: new Date(at(0)), stoppedAt: null, reservationId: null,
    });
    expect(await app.services.sessions.list({ stationId: station.id })).toHaveLength(1);
  });

  it('gives every new start its own transactionId', async () => {
    const { cp, stationId, idTag } = await aCharger();
    const first = await started(cp, idTag, 1_000, 0);
    const second = await cp.call('StartTransaction', { connectorId: 2, idTag: randomIdTag(), meterStart: 50, timestamp: at(1) });

    expect(second.transactionId).not.toBe(first);
    expect((await app.services.sessions.list({ stationId })).map((s) => s.id).sort()).toEqual([first, second.transactionId].sort());
  });

  it('answers a resent StartTransaction with the same transactionId and keeps one row', async () => {
    const { cp, stationId, idTag } = await aCharger();
    const req = { connectorId: 1, idTag, meterStart: 1_200, timestamp: at(0) };

    const first = await cp.call('StartTransaction', req);
    const resent = await cp.call('StartTransaction', req);

    expect(resent).toEqual(first);
    expect((await stationRows(app, stationId)).sessions).toBe(1);
    expect((await app.services.sessions.get(first.transactionId)).meterStartWh).toBe(1_200);
  });

  it('opens a new session for a start that differs only in its timestamp', async () => {
    const { cp, stationId, idTag } = await aCharger();
    const req = { connectorId: 1, idTag, meterStart: 1_200, timestamp: at(0) };

    const first = await cp.call('StartTransaction', req);
    const later = await cp.call('StartTransaction', { ...req, timestamp: at(30) });

    expect(later.transactionId).not.toBe(first.transactionId);
    const sessions = await app.services.sessions.list({ stationId });
    expect(sessions.map((s) => s.startedAt.toISOString()).sort()).toEqual([at(0), at(30)]);
  });

  it('stores the reservationId', async () => {
    const { cp, idTag } = await aCharger();
    const reservationId = 4_000 + Math.floor(Math.random() * 1_000);

    const conf = await cp.call('StartTransaction', { connectorId: 1, idTag, meterStart: 0, timestamp: at(0), reservationId });

    expect((await app.services.sessions.get(conf.transactionId)).reservationId).toBe(reservationId);
  });
});

describe('timestamps and idTagInfo', () => {
  it('answers StartTransaction with the tag\'s expiryDate and parentIdTag, the first time and on a resend', async () => {
    const station = await aStation(app.services);
    const expiryDate = new Date(Date.now() + 86_400_000);
    const parent = await anIdTag(app.services);
    const idTag = await anIdTag(app.services, { expiryDate, parentIdTag: parent });
    const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
    const req = { connectorId: 1, idTag, meterStart: 0, timestamp: at(0) };

    const first = await cp.call('StartTransaction', req);
    const resent = await cp.call('StartTransaction', req);

    const idTagInfo = { status: 'Accepted', expiryDate: expiryDate.toISOString(), parentIdTag: parent };
    expect(first).toEqual({ transactionId: first.transactionId, idTagInfo });
    expect(resent).toEqual(first);
  });

  it('reads a leap second (23:59:60) as the last instant of its minute', async () => {
    const { cp, idTag } = await aCharger();
    const conf = await cp.call('StartTransaction', { connectorId: 1, idTag, meterStart: 0, timestamp: '2016-12-31T23:59:60Z' });

    expect((await app.services.sessions.get(conf.transactionId)).startedAt).toEqual(new Date('2016-12-31T23:59:59.999Z'));
  });
});
