// Frames a real charger would not send, over a bare socket: ocpp-rpc's strict mode answers them with the OCPP 1.6
// CALLERROR (STACK.md), nothing reaches the database, and the connection stays usable. Internal failures are
// answered InternalError without the database's message (STYLE.md example 10).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation, anIdTag } from '../../helpers/seed.js';
import { RawSocket, type Frame } from '../../helpers/charger.js';
import { stationRows } from '../../helpers/rows.js';
import { sql } from 'drizzle-orm';

let app: TestApp;
const sockets: RawSocket[] = [];
beforeAll(async () => { app = await startTestApp(); });
afterEach(() => { sockets.splice(0).forEach((s) => s.close()); });
afterAll(() => app.stop());

const NOW = new Date().toISOString();

/** A station with an accepted tag and a running session on connector 1, booted over a bare socket. */
async function aBootedRawStation(): Promise<{ raw: RawSocket; stationId: number; idTag: string; transactionId: number }> {
  const station = await aStation(app.services);
  const idTag = await anIdTag(app.services);
  const raw = await RawSocket.open(app, station.chargeBoxId);
  sockets.push(raw);
  expect(await raw.call('BootNotification', { chargePointVendor: 'Raw', chargePointModel: 'Socket' }))
    .toMatchObject([3, expect.any(String), { status: 'Accepted' }]);
  const started = await raw.call('StartTransaction', { connectorId: 1, idTag, meterStart: 100, timestamp: NOW });
  const { transactionId } = started[2] as { transactionId: number };
  return { raw, stationId: station.id, idTag, transactionId };
}

async function expectStillUsable(raw: RawSocket): Promise<void> {
  expect(await raw.call('Heartbeat', {}, 'hb-after')).toEqual([3, 'hb-after', { currentTime: expect.any(String) }]);
}

type Payload = (s: { idTag: string; transactionId: number }) => unknown;

describe('a CALL that breaks the OCPP 1.6 schema', () => {
  it.each<{ what: string; action: string; payload: Payload; code: string }>([
    { what: 'a string connectorId', action: 'StartTransaction', code: 'TypeConstraintViolation',
      payload: ({ idTag }) => ({ connectorId: '2', idTag, meterStart: 0, timestamp: NOW }) },
    { what: 'a missing idTag', action: 'StartTransaction', code: 'OccurrenceConstraintViolation',
      payload: () => ({ connectorId: 2, meterStart: 0, timestamp: NOW }) },
    { what: 'a 21-character idTag', action: 'StartTransaction', code: 'FormationViolation',
      payload: () => ({ connectorId: 2, idTag: 'X'.repeat(21), meterStart: 0, timestamp: NOW }) },
    { what: 'a timestamp that is not a date', action: 'StartTransaction', code: 'FormationViolation',
      payload: ({ idTag }) => ({ connectorId: 2, idTag, meterStart: 0, timestamp: 'yesterday at noon' }) },
    { what: 'an extra property', action: 'StartTransaction', code: 'PropertyConstraintViolation',
      payload: ({ idTag }) => ({ connectorId: 2, idTag, meterStart: 0, timestamp: NOW, tariff: 'cheap' }) },
    { what: 'a numeric sampled value', action: 'MeterValues', code: 'TypeConstraintViolation',
      payload: ({ transactionId }) => ({ connectorId: 1, transactionId, meterValue: [{ timestamp: NOW, sampledValue: [{ value: 1500 }] }] }) },
    { what: 'an unknown measurand', action: 'MeterValues', code: 'FormationViolation',
      payload: ({ transactionId }) => ({ connectorId: 1, transactionId, meterValue: [{ timestamp: NOW, sampledValue: [{ value: '1', measurand: 'Energy' }] }] }) },
    { what: 'a missing meterStop', action: 'StopTransaction', code: 'OccurrenceConstraintViolation',
      payload: ({ transactionId }) => ({ transactionId, timestamp: NOW, reason: 'Local' }) },
    { what: 'a bad stop timestamp', action: 'StopTransaction', code: 'FormationViolation',
      payload: ({ transactionId }) => ({ transactionId, meterStop: 900, timestamp: '2025-13-45T25:61:00Z' }) },
    { what: 'a bad status', action: 'StatusNotification', code: 'FormationViolation',
      payload: () => ({ connectorId: 1, errorCode: 'NoError', status: 'Sleeping' }) },
    // PostgreSQL text cannot hold U+0000: refused at the edge, never an InternalError that a charger retries.
    { what: 'a NUL in the stop idTag', action: 'StopTransaction', code: 'PropertyConstraintViolation',
      payload: ({ transactionId }) => ({ transactionId, meterStop: 900, timestamp: NOW, idTag: 'A\u0000B' }) },
    { what: 'a NUL in a sampled value', action: 'MeterValues', code: 'PropertyConstraintViolation',
      payload: ({ transactionId }) => ({ connectorId: 1, transactionId, meterValue: [{ timestamp: NOW, sampledValue: [{ value: '1\u00005' }] }] }) },
    { what: 'a NUL in the status info', action: 'StatusNotification', code: 'PropertyConstraintViolation',
      payload: () => ({ connectorId: 1, errorCode: 'NoError', status: 'Available', info: 'x\u0000' }) },
    // RFC 3339 admits the year 0000; PostgreSQL does not.
    { what: 'a stop in the year 0', action: 'StopTransaction', code: 'PropertyConstraintViolation',
      payload: ({ transactionId }) => ({ transactionId, meterStop: 900, timestamp: '0000-06-01T10:00:00Z' }) },
    { what: 'a reading in the year 0', action: 'MeterValues', code: 'PropertyConstraintViolation',
      payload: ({ transactionId }) => ({ connectorId: 1, transactionId, meterValue: [{ timestamp: '0000-06-01T10:00:00Z', sampledValue: [{ value: '1' }] }] }) },
    // Nor can it hold a lone surrogate, which is not Unicode: refused rather than stored altered.
    { what: 'a lone surrogate in a sampled value', action: 'MeterValues', code: 'PropertyConstraintViolation',
      payload: ({ transactionId }) => ({ connectorId: 1, transactionId, meterValue: [{ timestamp: NOW, sampledValue: [{ value: '1\ud8005' }] }] }) },
  ])('$action with $what gets $code, writes nothing and keeps the connection', async ({ action, payload, code }) => {
    const { raw, stationId, idTag, transactionId } = await aBootedRawStation();
    const before = await stationRows(app, stationId);
    const session = await app.services.sessions.get(transactionId);

    const answer = await raw.call(action, payload({ idTag, transactionId }), 'bad-1');

    expect(answer).toEqual([4, 'bad-1', code, expect.any(String), expect.anything()]);
    expect(await stationRows(app, stationId)).toEqual(before);
    expect(await app.services.sessions.get(transactionId)).toEqual(session);
    await expectStillUsable(raw);
  });

  // The schemas say only "integer"; OCPP 1.6 numbers connectors from 0 (the charger) and starts a transaction on
  // one above 0, and a JSON number past 2^53 is not an exact integer. Each is refused here, not left to the
  // database to turn into an InternalError (or, for connector -1, to store).
  it.each<{ what: string; action: string; payload: Payload }>([
    { what: 'a negative connectorId', action: 'StatusNotification',
      payload: () => ({ connectorId: -1, errorCode: 'NoError', status: 'Available' }) },
    { what: 'a connectorId past 2^31', action: 'StatusNotification',
      payload: () => ({ connectorId: 2 ** 31, errorCode: 'NoError', status: 'Available' }) },
    { what: 'a negative connectorId', action: 'MeterValues',
      payload: ({ transactionId }) => ({ connectorId: -1, transactionId, meterValue: [{ timestamp: NOW, sampledValue: [{ value: '1' }] }] }) },
    { what: 'a transactionId past 2^53', action: 'MeterValues',
      payload: () => ({ connectorId: 1, transactionId: 2 ** 53, meterValue: [{ timestamp: NOW, sampledValue: [{ value: '1' }] }] }) },
    { what: 'connectorId 0', action: 'StartTransaction',
      payload: ({ idTag }) => ({ connectorId: 0, idTag, meterStart: 0, timestamp: NOW }) },
    { what: 'a reservationId past 2^31', action: 'StartTransaction',
      payload: ({ idTag }) => ({ connectorId: 2, idTag, meterStart: 0, timestamp: NOW, reservationId: 2 ** 31 }) },
    { what: 'a meterStart past 2^53', action: 'StartTransaction',
      payload: ({ idTag }) => ({ connectorId: 2, idTag, meterStart: 2 ** 53, timestamp: NOW }) },
    { what: 'a meterStop of 1e21', action: 'StopTransaction',
      payload: ({ transactionId }) => ({ transactionId, meterStop: 1e21, timestamp: NOW }) },
    { what: 'a transactionId of 1e21', action: 'StopTransaction',
      payload: () => ({ transactionId: 1e21, meterStop: 900, timestamp: NOW }) },
  ])('$action with $what gets PropertyConstraintViolation, writes nothing and keeps the connection', async ({ action, payload }) => {
    const { raw, stationId, idTag, transactionId } = await aBootedRawStation();
    const before = await stationRows(app, stationId);

    const answer = await raw.call(action, payload({ idTag, transactionId }), 'range-1');

    expect(answer).toEqual([4, 'range-1', 'PropertyConstraintViolation', expect.stringMatching(/^data\/\w+ must be /), expect.anything()]);
    expect(await stationRows(app, stationId)).toEqual(before);
    await expectStillUsable(raw);
  });

  it('accepts an energy register of 1e20 Wh and stores it as sent; the live figure keeps the last whole reading', async () => {
    const { raw, transactionId } = await aBootedRawStation();
    const reading = (value: string, timestamp: string) => ({ connectorId: 1, transactionId, meterValue: [{ timestamp, sampledValue: [{ value }] }] });
    expect(await raw.call('MeterValues', reading('1500', NOW), 'mv-1')).toEqual([3, 'mv-1', {}]);

    expect(await raw.call('MeterValues', reading('1e20', new Date().toISOString()), 'mv-2')).toEqual([3, 'mv-2', {}]);

    expect((await app.services.sessions.samples(transactionId)).map((s) => s.value)).toEqual(['1500', '1e20']);
    expect(await app.services.sessions.get(transactionId)).toMatchObject({ latestMeterWh: 1500 });
  });

  it('answers an action OCPP 1.6 does not have with NotImplemented', async () => {
    const { raw, stationId } = await aBootedRawStation();
    const before = await stationRows(app, stationId);

    expect(await raw.call('StartCharging', { connectorId: 1 }, 'bad-2')).toEqual([4, 'bad-2', 'NotImplemented', expect.any(String), expect.anything()]);

    expect(await stationRows(app, stationId)).toEqual(before);
    await expectStillUsable(raw);
  });
});

describe('a frame that is not an OCPP-J message', () => {
  it.each([
    { what: 'not JSON', text: '[2, "m-1", "Heartbeat", {' },
    { what: 'a JSON object', text: '{"messageTypeId": 2, "action": "Heartbeat"}' },
    { what: 'a JSON string', text: '"Heartbeat"' },
    { what: 'a string message type', text: '["2", "m-1", "Heartbeat", {}]' },
    { what: 'an unknown message type', text: '[7, "m-1", "Heartbeat", {}]' },
  ])('$what gets a FormationViolation CALLERROR, not an OCPP 2.0.1 code', async ({ text }) => {
    const { raw, stationId } = await aBootedRawStation();
    const before = await stationRows(app, stationId);

    raw.send(text);
    const answer: Frame = await raw.next();

    expect(answer).toEqual([4, expect.any(String), 'FormationViolation', expect.any(String), expect.anything()]);
    expect(await stationRows(app, stationId)).toEqual(before);
    await expectStillUsable(raw);
  });
});

// Every bad value we know of is refused at the edge (above), so the database is made to fail on purpose: a
// trigger raises out-of-range for one marked row, as PostgreSQL itself would for a value it cannot hold.
describe('a CALL the database fails on', () => {
  beforeAll(async () => {
    const statements = [
      `CREATE FUNCTION fail_marked_rows() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF to_jsonb(NEW)->>'info' = 'fail in the database' OR to_jsonb(NEW)->>'meter_start_wh' = '424242' THEN
           RAISE EXCEPTION 'value out of range for type integer (the test trigger)' USING ERRCODE = '22003';
         END IF;
         RETURN NEW;
       END $$`,
      'CREATE TRIGGER fail_marked_statuses BEFORE INSERT ON status_notifications FOR EACH ROW EXECUTE FUNCTION fail_marked_rows()',
      'CREATE TRIGGER fail_marked_sessions BEFORE INSERT ON charging_sessions FOR EACH ROW EXECUTE FUNCTION fail_marked_rows()',
    ];
    for (const statement of statements) await app.database.db.execute(sql.raw(statement));
  });

  it.each([
    { what: 'a StatusNotification', action: 'StatusNotification',
      payload: () => ({ connectorId: 1, errorCode: 'NoError', status: 'Available', info: 'fail in the database', timestamp: NOW }) },
    { what: 'a StartTransaction', action: 'StartTransaction',
      payload: (idTag: string) => ({ connectorId: 2, idTag, meterStart: 424_242, timestamp: NOW }) },
  ])('$what gets InternalError without the database message, and nothing is written', async ({ action, payload }) => {
    const { raw, stationId, idTag } = await aBootedRawStation();
    const before = await stationRows(app, stationId);
    const logsBefore = app.logs.length;

    const answer = await raw.call(action, payload(idTag), 'big-1');

    expect(answer).toEqual([4, 'big-1', 'InternalError', expect.any(String), {}]);
    // The failure is in our log, with the database's own words; none of them reach the charger.
    const failure = app.logs.slice(logsBefore).find((l) => l.msg === 'handler failed' && l.action === action);
    const err = failure?.err as { message?: string; cause?: { message?: string } } | undefined;
    const dbMessage = err?.cause?.message ?? err?.message;
    expect(dbMessage).toMatch(/range|bigint|integer/i);
    const description = answer[3] as string;
    expect(description).not.toContain(dbMessage);
    expect(description).not.toMatch(/range|bigint|integer|query|insert|select|charging_sessions|status_notifications/i);
    expect(await stationRows(app, stationId)).toEqual(before);
    await expectStillUsable(raw);
  });
});
