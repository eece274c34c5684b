// Authorize (../shared/OCPP.md): idTagInfo.status Accepted, Blocked, Expired or Invalid, with expiryDate and
// parentIdTag where known. Never ConcurrentTx: OCPP 1.6 §7.2 (AuthorizationStatus) makes it "only relevant for a
// StartTransaction.req", which still answers it for a tag charging elsewhere (StopTransaction does not). idTags are CiString20: compared
// without regard to case.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation, anIdTag, randomIdTag } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterEach(closeChargers);
afterAll(() => app.stop());

const DAY_MS = 24 * 3600 * 1000;

/** A booted simulator on a station of its own; no meter sampling, so sessions write nothing in the background. */
async function aCharger() {
  const station = await aStation(app.services);
  const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
  return { station, cp };
}

describe('Authorize', () => {
  it('answers an unknown idTag Invalid, with no expiryDate or parentIdTag', async () => {
    const { station, cp } = await aCharger();
    const unknown = randomIdTag();
    expect(await cp.call('Authorize', { idTag: unknown })).toEqual({ idTagInfo: { status: 'Invalid' } });
    expect(await app.services.idTags.find(unknown)).toBeNull(); // not registered by asking
    expect(await app.services.sessions.list({ stationId: station.id })).toEqual([]);
  });

  it('answers an accepted idTag Accepted with its expiryDate and parentIdTag, and opens no session', async () => {
    const { station, cp } = await aCharger();
    const parent = await anIdTag(app.services);
    const expiryDate = new Date(Date.now() + 30 * DAY_MS);
    const tag = await anIdTag(app.services, { expiryDate, parentIdTag: parent });

    expect(await cp.call('Authorize', { idTag: tag })).toEqual({
      idTagInfo: { status: 'Accepted', expiryDate: expiryDate.toISOString(), parentIdTag: parent },
    });
    expect(await app.services.sessions.list({ stationId: station.id })).toEqual([]);
  });

  it('answers an accepted idTag without expiry or parent with the status alone', async () => {
    const { cp } = await aCharger();
    const tag = await anIdTag(app.services);
    expect(await cp.call('Authorize', { idTag: tag })).toEqual({ idTagInfo: { status: 'Accepted' } });
  });

  it('answers a blocked idTag Blocked', async () => {
    const { cp } = await aCharger();
    const tag = await anIdTag(app.services, { status: 'Blocked' });
    expect((await cp.call('Authorize', { idTag: tag })).idTagInfo.status).toBe('Blocked');
  });

  it('answers an idTag whose expiryDate has passed Expired, with that expiryDate', async () => {
    const { cp } = await aCharger();
    const expiryDate = new Date(Date.now() - DAY_MS);
    const tag = await anIdTag(app.services, { expiryDate });
    expect(await cp.call('Authorize', { idTag: tag }))
      .toEqual({ idTagInfo: { status: 'Expired', expiryDate: expiryDate.toISOString() } });
  });

  // OCA TC_003-style: a tag whose session runs elsewhere is still a valid tag for Authorize (an earlier case's open
  // transaction made 15 cases fail, issue 16); only its StartTransaction is ConcurrentTx.
  it('answers Accepted for an idTag charging on another charger, while its StartTransaction there is ConcurrentTx', async () => {
    const here = await aCharger();
    const there = await aCharger();
    const tag = await anIdTag(app.services);
    const { transactionId, idTagInfo } = await there.cp.startSession(1, tag);
    expect(idTagInfo.status).toBe('Accepted');
    expect(await app.services.sessions.get(transactionId)).toMatchObject({ stationId: there.station.id, stoppedAt: null });

    expect(await here.cp.call('Authorize', { idTag: tag })).toEqual({ idTagInfo: { status: 'Accepted' } });

    const start = await here.cp.call('StartTransaction', { connectorId: 1, idTag: tag, meterStart: 0, timestamp: new Date().toISOString() });
    expect(start.idTagInfo).toEqual({ status: 'ConcurrentTx' });
    // Still stored, as every StartTransaction is (OCPP.md), under the status it was answered with.
    expect(await app.services.sessions.get(start.transactionId))
      .toMatchObject({ stationId: here.station.id, authorizationStatus: 'ConcurrentTx' });
    expect(await app.services.sessions.get(transactionId)).toMatchObject({ stoppedAt: null });

    // Its StopTransaction answers the tag by its own standing, though it still charges there: not ConcurrentTx.
    const stop = await here.cp.call('StopTransaction', { transactionId: start.transactionId, idTag: tag, meterStop: 10, timestamp: new Date().toISOString() });
    expect(stop).toEqual({ idTagInfo: { status: 'Accepted' } });
  });

  it('answers Accepted for an idTag charging on another connector of the same charger; a start on this one is ConcurrentTx', async () => {
    const { station, cp } = await aCharger();
    const parent = await anIdTag(app.services);
    const expiryDate = new Date(Date.now() + 30 * DAY_MS);
    const tag = await anIdTag(app.services, { expiryDate, parentIdTag: parent });
    const { transactionId } = await cp.startSession(1, tag);
    expect(await app.services.sessions.get(transactionId)).toMatchObject({ stationId: station.id, connectorId: 1, stoppedAt: null });

    expect(await cp.call('Authorize', { idTag: tag })).toEqual({
      idTagInfo: { status: 'Accepted', expiryDate: expiryDate.toISOString(), parentIdTag: parent },
    });
    const start = await cp.call('StartTransaction', { connectorId: 2, idTag: tag, meterStart: 0, timestamp: new Date().toISOString() });
    expect(start.idTagInfo).toEqual({ status: 'ConcurrentTx', expiryDate: expiryDate.toISOString(), parentIdTag: parent });
  });

  it('answers Accepted while other tags charge: ConcurrentTx is about this tag alone', async () => {
    const here = await aCharger();
    const there = await aCharger();
    const [charging, idle] = [await anIdTag(app.services), await anIdTag(app.services)];
    const { transactionId } = await there.cp.startSession(1, charging);
    expect(await app.services.sessions.get(transactionId)).toMatchObject({ stoppedAt: null });

    expect((await here.cp.call('Authorize', { idTag: idle })).idTagInfo.status).toBe('Accepted');
    const start = await here.cp.call('StartTransaction', { connectorId: 1, idTag: idle, meterStart: 0, timestamp: new Date().toISOString() });
    expect(start.idTagInfo.status).toBe('Accepted');
  });

  it('compares idTags without regard to case', async () => {
    const { cp } = await aCharger();
    const parent = await anIdTag(app.services);
    const expiryDate = new Date(Date.now() + DAY_MS);
    const stored = await anIdTag(app.services, { idTag: `MiXeD${randomIdTag().slice(3, 15)}`, expiryDate, parentIdTag: parent });

    for (const asked of [stored.toUpperCase(), stored.toLowerCase()]) {
      expect(await cp.call('Authorize', { idTag: asked }))
        .toEqual({ idTagInfo: { status: 'Accepted', expiryDate: expiryDate.toISOString(), parentIdTag: parent } });
    }
    const blocked = await anIdTag(app.services, { idTag: `blk${randomIdTag().slice(3, 15)}`, status: 'Blocked' });
    expect((await cp.call('Authorize', { idTag: blocked.toUpperCase() })).idTagInfo.status).toBe('Blocked');
  });

  it('sees a session started under another case of the idTag: Authorize Accepted, StartTransaction ConcurrentTx', async () => {
    const here = await aCharger();
    const there = await aCharger();
    const tag = await anIdTag(app.services, { idTag: `Case${randomIdTag().slice(3, 15)}` });
    const { idTagInfo } = await there.cp.startSession(2, tag.toLowerCase());
    expect(idTagInfo.status).toBe('Accepted');
    expect((await here.cp.call('Authorize', { idTag: tag.toUpperCase() })).idTagInfo.status).toBe('Accepted');
    const start = await here.cp.call('StartTransaction', { connectorId: 1, idTag: tag.toUpperCase(), meterStart: 0, timestamp: new Date().toISOString() });
    expect(start.idTagInfo.status).toBe('ConcurrentTx');
  });
});
