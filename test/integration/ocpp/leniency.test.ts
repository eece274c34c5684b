// Leniency per station (issue 6): a charger that breaks the OCPP 1.6 schemas in a named way (an extra property, a
// malformed timestamp, a number sent as a string) gets the normal CALLERROR and changes nothing unless its station
// relaxes that check; then the message is repaired, handled, and the violation is recorded for staff. Raw sockets:
// no simulator would send these frames.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { anIdTag, randomChargeBoxId } from '../../helpers/seed.js';
import { RawSocket } from '../../helpers/charger.js';
import { stationRows } from '../../helpers/rows.js';
import { api, aToken } from '../../helpers/api.js';
import { waitFor } from '../../helpers/wait-for.js';
import type { Relaxation } from '../../../src/domain/stations.js';

let app: TestApp;
const sockets: RawSocket[] = [];
beforeAll(async () => { app = await startTestApp(); });
afterEach(() => { sockets.splice(0).forEach((s) => s.close()); });
afterAll(() => app.stop());

const HOUR_AGO = new Date(Math.floor((Date.now() - 3_600_000) / 1000) * 1000);
const ISO = HOUR_AGO.toISOString();
/** '2026-11-21 10:00:00': a space for the T and no zone, as some chargers send. */
const SPACED_NO_ZONE = ISO.slice(0, 19).replace('T', ' ');

interface Charger { raw: RawSocket; stationId: number; idTag: string; transactionId: number }

/** A station with these relaxations, booted over a bare socket, with a session running on connector 1. */
async function aRawCharger(leniency: Relaxation[]): Promise<Charger> {
  const station = await app.services.stations.register({ chargeBoxId: randomChargeBoxId(), password: null, leniency });
  const idTag = await anIdTag(app.services);
  const raw = await RawSocket.open(app, station.chargeBoxId);
  sockets.push(raw);
  expect(await raw.call('BootNotification', { chargePointVendor: 'Quirky', chargePointModel: 'Q1' }))
    .toMatchObject([3, expect.any(String), { status: 'Accepted' }]);
  const started = await raw.call('StartTransaction', { connectorId: 1, idTag, meterStart: 100, timestamp: ISO });
  return { raw, stationId: station.id, idTag, transactionId: (started[2] as { transactionId: number }).transactionId };
}

const violationsOf = async (stationId: number) => (await api(app).get(`/stations/${stationId}/violations`)).body as unknown[];

interface Case {
  relaxation: Relaxation; what: string; action: string; code: string;
  payload: (c: Charger) => Record<string, unknown>;
  detail: Record<string, unknown>;
  /** What the repaired message did. */
  handled: (c: Charger) => Promise<void>;
}

const cases: Case[] = [
  {
    relaxation: 'extraProperty', what: 'an extra property', action: 'StartTransaction', code: 'PropertyConstraintViolation',
    payload: ({ idTag }) => ({ connectorId: 2, idTag, meterStart: 500, timestamp: ISO, tariff: 'cheap' }),
    detail: { message: 'req', path: '/tariff', original: 'cheap' },
    handled: async ({ stationId }) => {
      const sessions = await app.services.sessions.list({ stationId });
      expect(sessions.find((s) => s.connectorId === 2)).toMatchObject({ meterStartWh: 500, startedAt: HOUR_AGO });
    },
  },
  {
    relaxation: 'malformedTimestamp', what: 'a timestamp with a space and no zone', action: 'MeterValues', code: 'FormationViolation',
    payload: ({ transactionId }) => ({ connectorId: 1, transactionId, meterValue: [{ timestamp: SPACED_NO_ZONE, sampledValue: [{ value: '900' }] }] }),
    detail: { message: 'req', path: '/meterValue/0/timestamp', original: SPACED_NO_ZONE, repaired: ISO },
    handled: async ({ transactionId }) => {
      // Read as UTC, whatever the server's time zone.
      expect(await app.services.sessions.samples(transactionId)).toMatchObject([{ value: '900', sampledAt: HOUR_AGO }]);
    },
  },
  {
    relaxation: 'numericString', what: 'a number sent as a string', action: 'StopTransaction', code: 'TypeConstraintViolation',
    payload: ({ transactionId }) => ({ transactionId, meterStop: '4100', timestamp: ISO }),
    detail: { message: 'req', path: '/meterStop', original: '4100', repaired: 4100 },
    handled: async ({ transactionId }) => {
      expect(await app.services.sessions.get(transactionId)).toMatchObject({ meterStopWh: 4_100, energyWh: 4_000 });
    },
  },
];

describe.each(cases)('$action with $what', ({ relaxation, action, code, payload, detail, handled }) => {
  it(`gets ${code} from a strict station, and nothing is written`, async () => {
    const c = await aRawCharger([]);
    const before = await stationRows(app, c.stationId);
    const session = await app.services.sessions.get(c.transactionId);

    expect(await c.raw.call(action, payload(c), 'quirk-1')).toEqual([4, 'quirk-1', code, expect.any(String), expect.anything()]);

    expect(await stationRows(app, c.stationId)).toEqual(before);
    expect(await app.services.sessions.get(c.transactionId)).toEqual(session);
    expect(await violationsOf(c.stationId)).toEqual([]);
  });

  it(`is repaired, handled and recorded for a station lenient on ${relaxation}`, async () => {
    const c = await aRawCharger([relaxation]);

    expect(await c.raw.call(action, payload(c), 'quirk-2')).toEqual([3, 'quirk-2', expect.any(Object)]);

    await handled(c);
    expect(await waitFor(async () => (await violationsOf(c.stationId)).length > 0 && violationsOf(c.stationId)))
      .toEqual([{ id: expect.any(Number), stationId: c.stationId, action, relaxation, detail, receivedAt: expect.any(String) }]);
  });
});

describe('a station lenient on some checks', () => {
  it('still refuses the others, with their normal CALLERROR echoing the payload as sent, and writes nothing', async () => {
    const c = await aRawCharger(['extraProperty']);
    const before = await stationRows(app, c.stationId);
    const both = { connectorId: '2', idTag: c.idTag, meterStart: 0, timestamp: ISO, tariff: 'cheap' };

    expect(await c.raw.call('StartTransaction', { connectorId: 2, idTag: c.idTag, meterStart: 0, timestamp: SPACED_NO_ZONE }, 'q-1'))
      .toEqual([4, 'q-1', 'FormationViolation', expect.any(String), expect.anything()]);
    const mixed = await c.raw.call('StartTransaction', both, 'q-2');

    // The extra property alone would pass; the string connectorId is what is refused.
    expect(mixed).toEqual([4, 'q-2', 'TypeConstraintViolation', expect.stringContaining('connectorId'), expect.objectContaining({ data: both })]);
    expect(await stationRows(app, c.stationId)).toEqual(before);
    await new Promise((r) => setTimeout(r, 100)); // a violation would be written off the answer's path
    expect(await violationsOf(c.stationId)).toEqual([]);
  });

  it('repairs several violations of one message, each recorded', async () => {
    const c = await aRawCharger(['extraProperty', 'malformedTimestamp', 'numericString']);

    const answer = await c.raw.call('StartTransaction',
      { connectorId: '2', idTag: c.idTag, meterStart: '700', timestamp: `${ISO.slice(0, 19)}+0000`, note: 'x' }, 'q-3');

    expect(answer).toEqual([3, 'q-3', expect.objectContaining({ transactionId: expect.any(Number) })]);
    const transactionId = (answer[2] as { transactionId: number }).transactionId;
    expect(await app.services.sessions.get(transactionId)).toMatchObject({ connectorId: 2, meterStartWh: 700, startedAt: HOUR_AGO });
    const recorded = await waitFor(async () => { const v = await violationsOf(c.stationId); return v.length === 4 && v; });
    expect(recorded.map((v) => [(v as { relaxation: string }).relaxation, (v as { detail: { path: string } }).detail.path]).sort())
      .toEqual([['extraProperty', '/note'], ['malformedTimestamp', '/timestamp'], ['numericString', '/connectorId'], ['numericString', '/meterStart']]);
  });
});

describe('a PATCH of leniency', () => {
  it('applies to the connected charger at once, both ways', async () => {
    const c = await aRawCharger([]);
    const extra = () => ({ connectorId: 1, errorCode: 'NoError', status: 'Charging', timestamp: ISO, firmware: '2.1' });
    expect((await c.raw.call('StatusNotification', extra(), 's-1'))[2]).toBe('PropertyConstraintViolation');

    expect(await api(app).patch(`/stations/${c.stationId}`, { leniency: ['extraProperty'] })).toMatchObject({ status: 200, body: { leniency: ['extraProperty'] } });
    expect(await c.raw.call('StatusNotification', extra(), 's-2')).toEqual([3, 's-2', {}]);
    await waitFor(async () => (await violationsOf(c.stationId)).length === 1);

    expect((await api(app).patch(`/stations/${c.stationId}`, { leniency: [] })).status).toBe(200);
    expect((await c.raw.call('StatusNotification', extra(), 's-3'))[2]).toBe('PropertyConstraintViolation');
    expect((await stationRows(app, c.stationId)).statusNotifications).toBe(1);
  });
});

describe("a charger's answer to our command", () => {
  const answerClearCache = async (c: Charger) => {
    const pending = api(app).post(`/stations/${c.stationId}/commands/ClearCache`, {});
    const [, messageId, action] = await c.raw.next();
    expect(action).toBe('ClearCache');
    c.raw.send(JSON.stringify([3, messageId, { status: 'Accepted', clearedEntries: 12 }]));
    return pending;
  };

  it('with an extra property is a call-error from a strict station, and answered from a lenient one', async () => {
    const strict = await aRawCharger([]);
    expect((await answerClearCache(strict)).body).toMatchObject({ outcome: 'call-error', callError: { errorCode: 'PropertyConstraintViolation' } });

    const lenient = await aRawCharger(['extraProperty']);
    expect((await answerClearCache(lenient)).body).toMatchObject({ outcome: 'answered', response: { status: 'Accepted' } });
    expect(await waitFor(async () => { const v = await violationsOf(lenient.stationId); return v.length > 0 && v; })).toMatchObject([
      { action: 'ClearCache', relaxation: 'extraProperty', detail: { message: 'conf', path: '/clearedEntries', original: 12 } },
    ]);
    expect(await violationsOf(strict.stationId)).toEqual([]);
  });
});

describe('GET /api/stations/{id}/violations', () => {
  it('is for viewers, newest first and paged; an unknown station is a 404 and a bad limit a 400', async () => {
    const c = await aRawCharger(['extraProperty']);
    for (const n of [1, 2, 3]) {
      await c.raw.call('Heartbeat', { n }, `h-${n}`);
      await waitFor(async () => (await violationsOf(c.stationId)).length === n); // one at a time: distinct receivedAt order
    }
    const viewer = api(app, await aToken(app, 'viewer'));

    const all = await viewer.get(`/stations/${c.stationId}/violations`);
    expect(all.status).toBe(200);
    expect(all.body.map((v: { detail: { original: number } }) => v.detail.original)).toEqual([3, 2, 1]);
    expect((await viewer.get(`/stations/${c.stationId}/violations?limit=1&offset=1`)).body).toMatchObject([{ detail: { original: 2 } }]);
    expect(await viewer.get('/stations/2147483000/violations')).toMatchObject({ status: 404 });
    expect(await viewer.get(`/stations/${c.stationId}/violations?limit=0`)).toMatchObject({ status: 400, body: { details: { fields: [{ field: 'limit' }] } } });
  });
});
