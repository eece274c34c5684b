// SecurityEventNotification (OCPP 1.6 security whitepaper edition 3), the simulator as the charger: every event is
// stored and listed; a critical one opens one maintenance issue on the charger as a whole and reaches the live
// event stream, and a repeat of it joins that issue while it is open; a security issue does not block remote
// starts; a notification that breaks the schema gets a CALLERROR and stores nothing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { api, aToken } from '../../helpers/api.js';
import { aStation, anIdTag } from '../../helpers/seed.js';
import { RawSocket, bootedCharger, closeChargers } from '../../helpers/charger.js';
import { EventStreamClient } from '../../helpers/event-stream-client.js';

let app: TestApp;
let operator: string;
const streams: EventStreamClient[] = [];
beforeAll(async () => {
  app = await startTestApp();
  operator = await aToken(app, 'operator');
});
afterEach(async () => {
  await closeChargers();
  streams.splice(0).forEach((s) => s.close());
});
afterAll(() => app.stop());

async function aCharger() {
  const station = await aStation(app.services);
  const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
  return { stationId: station.id, cp };
}

async function aStream(): Promise<EventStreamClient> {
  const stream = await EventStreamClient.open(app);
  streams.push(stream);
  return stream;
}

const securityEvents = async (stationId: number) => {
  const res = await api(app).get(`/stations/${stationId}/security-events`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Array<Record<string, unknown>>;
};
const issuesOf = async (stationId: number) => (await api(app).get(`/issues?stationId=${stationId}`)).body as Array<Record<string, unknown>>;
const event = (type: string, timestamp: string, techInfo?: string) => ({ type, timestamp, ...(techInfo && { techInfo }) });

describe('a critical security event', () => {
  it('is stored, opens exactly one issue on connector 0 and reaches the event stream; a repeat joins that issue', async () => {
    const { stationId, cp } = await aCharger();
    const stream = await aStream();

    expect(await cp.call('SecurityEventNotification', event('TamperDetectionActivated', '2026-12-03T08:00:00Z', 'door opened'))).toEqual({});

    const [issue, ...more] = await issuesOf(stationId);
    expect(more).toEqual([]);
    expect(issue).toMatchObject({
      connectorId: 0, status: 'open', source: 'security', openedBy: 'charger', title: 'Security event: TamperDetectionActivated',
    });
    const [stored] = await securityEvents(stationId);
    expect(stored).toMatchObject({
      stationId, type: 'TamperDetectionActivated', techInfo: 'door opened', occurredAt: '2026-12-03T08:00:00.000Z',
      receivedAt: expect.any(String), critical: true, issueId: issue!.id,
    });
    const live = await stream.next((e) => e.event === 'security.event' && e.data.stationId === stationId);
    expect(live.data).toMatchObject({
      eventId: stored!.id, type: 'TamperDetectionActivated', critical: true, issueId: issue!.id, occurredAt: '2026-12-03T08:00:00.000Z',
    });
    await stream.next((e) => e.event === 'issue.changed' && e.data.issue.id === issue!.id && e.data.change === 'opened');

    await cp.call('SecurityEventNotification', event('TamperDetectionActivated', '2026-12-03T08:01:00Z', 'door opened again'));
    expect(await issuesOf(stationId)).toHaveLength(1);
    const [repeat] = await securityEvents(stationId);
    expect(repeat).toMatchObject({ techInfo: 'door opened again', critical: true, issueId: issue!.id });
  });

  it('opens an issue per event type, and a new one once the earlier issue is resolved', async () => {
    const { stationId, cp } = await aCharger();
    await cp.call('SecurityEventNotification', event('MemoryExhaustion', new Date().toISOString()));
    await cp.call('SecurityEventNotification', event('SecurityLogWasCleared', new Date().toISOString()));
    const first = await issuesOf(stationId);
    expect(first.map((i) => i.title).sort()).toEqual(['Security event: MemoryExhaustion', 'Security event: SecurityLogWasCleared']);

    const memory = first.find((i) => i.title === 'Security event: MemoryExhaustion')!;
    for (const status of ['in_progress', 'resolved']) {
      expect((await api(app, operator).patch(`/issues/${memory.id}`, { status })).status).toBe(200);
    }
    await cp.call('SecurityEventNotification', event('MemoryExhaustion', new Date().toISOString()));
    const [latest] = await securityEvents(stationId);
    expect(latest).toMatchObject({ type: 'MemoryExhaustion', critical: true });
    expect(latest!.issueId).not.toBe(memory.id);
    expect(await issuesOf(stationId)).toHaveLength(3);
  });

  it('does not put the charger under maintenance: a remote start still goes out, and no connector shows maintenance', async () => {
    const { stationId, cp } = await aCharger();
    await cp.call('SecurityEventNotification', event('StartupOfTheDevice', new Date().toISOString()));
    expect(await issuesOf(stationId)).toHaveLength(1);

    const res = await api(app, operator).post(`/stations/${stationId}/commands/RemoteStartTransaction`,
      { connectorId: 1, idTag: await anIdTag(app.services) });
    expect(res).toMatchObject({ status: 200, body: { outcome: 'answered', response: { status: 'Accepted' } } });
    const dashboard = (await api(app).get('/dashboard')).body as { attention: { maintenance: { items: Array<{ stationId: number }> } } };
    expect(dashboard.attention.maintenance.items.filter((i) => i.stationId === stationId)).toEqual([]);
  });
});

describe('a security event that is not critical', () => {
  it.each([
    ['InvalidMessages', 'a whitepaper event the whitepaper does not mark critical'],
    ['InvalidChargePointCertificate', 'what a charger sends after refusing a signed certificate, OCA TC_077'],
    ['InvalidCentralSystemCertificate', 'what a charger sends after refusing a root certificate, OCA TC_078'],
    ['VendorDoorChime', 'a type of the charger\'s own'],
  ])('%s (%s) is stored and announced, and opens no issue', async (type) => {
    const { stationId, cp } = await aCharger();
    const stream = await aStream();
    const at = new Date().toISOString();

    await cp.call('SecurityEventNotification', event(type, at));

    expect(await securityEvents(stationId)).toMatchObject([{ type, techInfo: null, critical: false, issueId: null, occurredAt: at }]);
    const live = await stream.next((e) => e.event === 'security.event' && e.data.stationId === stationId);
    expect(live.data).toMatchObject({ type, critical: false, issueId: null });
    expect(await issuesOf(stationId)).toEqual([]);
    expect(stream.events.filter((e) => e.event === 'issue.changed' && e.data.issue.stationId === stationId)).toEqual([]);
  });
});

describe('a SecurityEventNotification that breaks the schema', () => {
  it.each([
    ['a missing timestamp', { type: 'TamperDetectionActivated' }, 'OccurrenceConstraintViolation'],
    ['a 51-character type', { type: 'T'.repeat(51), timestamp: '2026-12-03T08:00:00Z' }, 'FormationViolation'],
    ['a timestamp that is not a date', { type: 'TamperDetectionActivated', timestamp: 'just now' }, 'FormationViolation'],
    ['an extra property', { type: 'TamperDetectionActivated', timestamp: '2026-12-03T08:00:00Z', severity: 'high' }, 'PropertyConstraintViolation'],
  ])('%s gets a CALLERROR %s and stores nothing', async (_what, payload, code) => {
    const station = await aStation(app.services);
    const raw = await RawSocket.open(app, station.chargeBoxId);
    expect(await raw.call('BootNotification', { chargePointVendor: 'Raw', chargePointModel: 'Socket' }))
      .toMatchObject([3, expect.any(String), { status: 'Accepted' }]);

    const answer = await raw.call('SecurityEventNotification', payload, 'sec-1');
    expect(answer.slice(0, 3)).toEqual([4, 'sec-1', code]);

    expect(await securityEvents(station.id)).toEqual([]);
    expect(await issuesOf(station.id)).toEqual([]);
    // The connection stays usable, and a valid notification after it is stored.
    expect(await raw.call('SecurityEventNotification', event('InvalidMessages', '2026-12-03T08:00:00Z'), 'sec-2')).toEqual([3, 'sec-2', {}]);
    expect(await securityEvents(station.id)).toHaveLength(1);
  });
});
