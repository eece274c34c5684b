// A remote start that would break a rule staff can see (issue 12): on a connector under maintenance, or on a
// slot booked now by another customer, it is a 409 naming why and nothing reaches the charger; with force: true
// it goes out, and the log names the account and what it overrode. The simulator is the charger.
import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { api, aToken } from '../../helpers/api.js';
import { aStation } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { aHolder, inMinutes, slotsOf } from '../../helpers/bookings.js';
import { waitFor } from '../../helpers/wait-for.js';

const clock = new ManualClock(new Date());
let app: TestApp;
let operator: string;
let operatorName: string;
beforeAll(async () => {
  app = await startTestApp({ clock });
  operator = await aToken(app, 'operator');
  operatorName = (await api(app, operator).get('/me')).body.name;
});
afterEach(async () => {
  await closeChargers();
  clock.set(new Date());
});
afterAll(() => app.stop());

async function aCharger() {
  const station = await aStation(app.services);
  const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
  return { station, cp };
}
const remoteStart = (stationId: number, body: Record<string, unknown>) =>
  api(app, operator).post(`/stations/${stationId}/commands/RemoteStartTransaction`, body);
const sentCommands = async (stationId: number) => (await api(app).get(`/stations/${stationId}/commands`)).body as unknown[];
const forcedLog = (stationId: number) => () => app.logs.find((l) => l.msg?.toString().startsWith('remote start forced') && l.stationId === stationId);

describe('RemoteStartTransaction refused under maintenance or a booking, unless forced', () => {
  it('is a 409 naming the issue on a connector under maintenance; force sends it and logs the account', async () => {
    const { station, cp } = await aCharger();
    const holder = await aHolder(app, 'Maintained');
    const issue = (await api(app).post('/issues', { stationId: station.id, connectorId: 1, title: 'Cable worn' })).body;

    const refused = await remoteStart(station.id, { connectorId: 1, idTag: holder.idTag });
    expect(refused).toMatchObject({
      status: 409,
      body: { error: 'Conflict', details: { reason: 'maintenance', issueId: issue.id, scope: 'connector', stationId: station.id, connectorId: 1 } },
    });
    expect(refused.body.message).toMatch(new RegExp(`connector 1 of ${station.chargeBoxId} is under maintenance: issue ${issue.id} "Cable worn"`));
    expect(await sentCommands(station.id)).toEqual([]); // nothing went out
    // Another connector of the station is not under maintenance.
    expect((await remoteStart(station.id, { connectorId: 2, idTag: holder.idTag })).body).toMatchObject({ outcome: 'answered', response: { status: 'Accepted' } });

    const started = once(cp, 'sessionStarted');
    const forced = await remoteStart(station.id, { connectorId: 1, idTag: holder.idTag, force: true });
    expect(forced).toMatchObject({ status: 200, body: { outcome: 'answered', response: { status: 'Accepted' } } });
    await started;
    const line = await waitFor(async () => forcedLog(station.id)());
    expect(line).toMatchObject({ level: 30, account: operatorName, connectorId: 1, overridden: { reason: 'maintenance', issueId: issue.id } });
    expect(line.msg).toContain(`by ${operatorName} past maintenance issue ${issue.id}`);
  });

  it('without a connectorId only a whole-station issue refuses it', async () => {
    const { station } = await aCharger();
    const holder = await aHolder(app, 'Anywhere');
    await api(app).post('/issues', { stationId: station.id, connectorId: 2, title: 'Display cracked' });
    expect((await remoteStart(station.id, { idTag: holder.idTag })).body).toMatchObject({ outcome: 'answered', response: { status: 'Accepted' } });

    const other = await aCharger();
    const whole = (await api(app).post('/issues', { stationId: other.station.id, connectorId: 0, title: 'Power cut' })).body;
    expect(await remoteStart(other.station.id, { idTag: holder.idTag })).toMatchObject({
      status: 409, body: { details: { reason: 'maintenance', issueId: whole.id, scope: 'station', connectorId: null } },
    });
    expect(await sentCommands(other.station.id)).toEqual([]);
  });

  it('is a 409 naming the booking on a slot booked now by someone else; the holder and force go through', async () => {
    const { station, cp } = await aCharger();
    const slots = await slotsOf(app, station.id);
    const holder = await aHolder(app, 'Booker');
    const stranger = await aHolder(app, 'Stranger');
    const booking = (await api(app).post('/bookings', {
      slotId: slots[1], customerId: holder.customerId, idTagId: holder.idTagId,
      startsAt: inMinutes(clock.now(), 10), endsAt: inMinutes(clock.now(), 70),
    })).body as { id: number; code: string };
    // Before its window opens the slot is free for anyone.
    expect((await remoteStart(station.id, { connectorId: 1, idTag: stranger.idTag, force: false })).status).toBe(200);
    await cp.stopSession(1);
    clock.advance(15 * 60_000);

    const refused = await remoteStart(station.id, { connectorId: 1, idTag: stranger.idTag });
    expect(refused).toMatchObject({ status: 409, body: { details: { reason: 'booked', bookingId: booking.id, slotId: slots[1] } } });
    expect(refused.body.message).toContain(booking.code);
    expect((await remoteStart(station.id, { connectorId: 1, idTag: holder.idTag })).status).toBe(200);
    await cp.stopSession(1);

    expect(await remoteStart(station.id, { connectorId: 1, idTag: stranger.idTag, force: true }))
      .toMatchObject({ status: 200, body: { outcome: 'answered', response: { status: 'Accepted' } } });
    expect(await waitFor(async () => forcedLog(station.id)())).toMatchObject({ account: operatorName, overridden: { reason: 'booked', bookingId: booking.id } });
  });

  it('force must be a boolean: anything else is a 400 naming it, and nothing is sent', async () => {
    const { station } = await aCharger();
    const res = await remoteStart(station.id, { connectorId: 1, idTag: 'TAG1', force: 'yes' });
    expect(res).toMatchObject({ status: 400, body: { details: { fields: [{ field: 'force' }] } } });
    expect(await sentCommands(station.id)).toEqual([]);
  });
});
