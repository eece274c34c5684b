// GET /api/dashboard end to end: the simulator charges, staff see it live, with real per-connector status.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { api, aToken } from '../../helpers/api.js';
import { waitFor } from '../../helpers/wait-for.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterEach(closeChargers);
afterAll(() => app.stop());

interface ActiveLive {
  sessionId: number; stationId: number; connectorId: number; customerName: string | null; authorizationStatus: string;
  energyWh: number | null; socPercent: number | null; durationS: number;
}
const dashboard = async () => (await api(app).get('/dashboard')).body;
const activeSessionOf = async (sessionId: number): Promise<ActiveLive | undefined> =>
  ((await dashboard()).activeSessions.items as ActiveLive[]).find((s) => s.sessionId === sessionId);

async function aCustomerTag(name: string): Promise<string> {
  const customer = await api(app).post('/customers', { name });
  const idTag = `T${Math.random().toString(36).slice(2, 12)}`;
  expect((await api(app).post('/id-tags', { idTag, customerId: customer.body.id })).status).toBe(201);
  return idTag;
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

describe('GET /api/dashboard', () => {
  it('shows a session a simulated charger runs among the running sessions, with the customer\'s name and rising energy and SoC', async () => {
    const idTag = await aCustomerTag('Ada Lovelace');
    const station = await aStation(app.services);
    const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 100, powerW: 50_000, batteryWh: 2_000 });
    const { transactionId } = await cp.startSession(1, idTag);

    const first = await waitFor(async () => {
      const s = await activeSessionOf(transactionId);
      return s?.energyWh ? s : undefined;
    });
    expect(first).toMatchObject({ stationId: station.id, chargeBoxId: station.chargeBoxId, connectorId: 1, customerName: 'Ada Lovelace' });
    await waitFor(async () => {
      const s = await activeSessionOf(transactionId);
      return s!.energyWh! > first.energyWh! && s!.socPercent! > first.socPercent! ? s : undefined;
    });

    const summary = await dashboard();
    expect(summary).not.toHaveProperty('connectorsLive');
    expect(summary.sessions.active).toBeGreaterThanOrEqual(1);
    expect(summary.activeSessions.total).toBe(summary.sessions.active);
    expect(summary.energyTodayWh).toBeGreaterThan(0);
    expect(summary.stations.online).toBeGreaterThanOrEqual(1);
    expect(summary.stations.total).toBe(summary.stations.online + summary.stations.offline);
    expect(summary.connectors.byStatus.Charging).toBeGreaterThanOrEqual(1);
    expect(summary.slots.byStatus.in_use).toBeGreaterThanOrEqual(1);
    expect(sum(summary.slots.byStatus)).toBe(summary.slots.total);

    await cp.stopSession(1);
    await waitFor(async () => ((await activeSessionOf(transactionId)) === undefined ? true : undefined));
  });

  it('lists an open issue under maintenance and counts the connectors it takes out of service, until it is resolved', async () => {
    const station = await aStation(app.services);
    await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
    const before = await dashboard();
    const issue = await api(app).post('/issues', { stationId: station.id, connectorId: 1, title: 'Cable worn' });
    expect(issue.status).toBe(201);

    const after = await dashboard();
    expect(after.connectors.underMaintenance).toBe(before.connectors.underMaintenance + 1);
    expect(after.attention.maintenance.total).toBe(before.attention.maintenance.total + 1);
    expect(after.attention.maintenance.items).toContainEqual({
      issueId: issue.body.id, stationId: station.id, chargeBoxId: station.chargeBoxId, connectorId: 1, title: 'Cable worn',
      status: 'open', source: 'staff', openedAt: issue.body.openedAt,
    });
    // The whole station (connector 0): both of its connectors.
    const whole = await api(app).post('/issues', { stationId: station.id, connectorId: 0, title: 'Cabinet door broken' });
    expect((await dashboard()).connectors.underMaintenance).toBe(before.connectors.underMaintenance + 2);

    for (const id of [issue.body.id, whole.body.id]) {
      for (const status of ['in_progress', 'resolved']) expect((await api(app).patch(`/issues/${id}`, { status })).status).toBe(200);
    }
    const resolved = await dashboard();
    expect(resolved.connectors.underMaintenance).toBe(before.connectors.underMaintenance);
    expect(resolved.attention.maintenance.items.map((i: { issueId: number }) => i.issueId)).not.toContain(issue.body.id);
  });

  it('lists a Faulted connector of an online station with its error, and no longer once it is Available', async () => {
    const station = await aStation(app.services);
    const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
    const faultedAt = new Date().toISOString();
    await cp.call('StatusNotification', { connectorId: 2, errorCode: 'GroundFailure', status: 'Faulted', timestamp: faultedAt });
    const summary = await dashboard();
    expect(summary.attention.faulted.total).toBe(summary.connectors.byStatus.Faulted);
    expect(summary.attention.faulted.items).toContainEqual({
      stationId: station.id, chargeBoxId: station.chargeBoxId, connectorId: 2, status: 'Faulted', errorCode: 'GroundFailure', since: faultedAt,
    });

    await cp.call('StatusNotification', { connectorId: 2, errorCode: 'NoError', status: 'Available' });
    const cleared = await dashboard();
    expect(cleared.attention.faulted.total).toBe(summary.attention.faulted.total - 1);
    expect(cleared.attention.faulted.items.map((f: { stationId: number }) => f.stationId)).not.toContain(station.id);
  });

  it('shows an offline charger\'s connectors as offline, not counted by status, the station among the offline, and its slots saying so', async () => {
    const station = await aStation(app.services);
    const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
    const before = await dashboard();
    expect(before.attention.offline.items.map((o: { stationId: number }) => o.stationId)).not.toContain(station.id);
    const slotsOf = async () => ((await api(app).get(`/slots?stationId=${station.id}`)).body as Array<{ status: string; stationOnline: boolean }>);
    expect((await slotsOf()).map((sl) => sl.stationOnline)).toEqual([true, true]);
    const announced: Array<{ status: string; stationOnline?: boolean }> = [];
    const stop = app.events.on('slot.changed', (e) => { if (e.stationId === station.id) announced.push(e); });
    await cp.close();
    await waitFor(async () => ((await dashboard()).stations.offline === before.stations.offline + 1 ? true : undefined));
    // The boot's own announcements may still arrive after we subscribed: the ones of going offline are what count.
    const offline = () => announced.filter((e) => e.stationOnline === false);
    await waitFor(() => offline().length >= 2);
    stop();

    const after = await dashboard();
    expect(after.stations.online).toBe(before.stations.online - 1);
    // Its two connectors left "Available" for "offline"; the counts still add up.
    expect(after.connectors.byStatus.Available ?? 0).toBe((before.connectors.byStatus.Available ?? 0) - 2);
    expect(after.connectors.offline).toBe(before.connectors.offline + 2);
    expect(sum(after.connectors.byStatus) + after.connectors.offline).toBe(after.connectors.total);
    expect(after.slots.stationOffline).toBe(before.slots.stationOffline + 2);
    // The most recently seen first: the charger that just left heads the offline stations.
    expect(after.attention.offline.total).toBe(after.stations.offline);
    expect(after.attention.offline.items[0]).toMatchObject({ stationId: station.id, chargeBoxId: station.chargeBoxId, lastSeenAt: expect.any(String) });
    // The slot keeps its derived status (a booking for later is still possible) and says the station is offline.
    expect(await slotsOf()).toMatchObject([{ status: 'available', stationOnline: false }, { status: 'available', stationOnline: false }]);
    expect(offline()).toEqual([expect.objectContaining({ status: 'available' }), expect.objectContaining({ status: 'available' })]);
  });

  it('shows at most 20 of a list, with how many there are in all', async () => {
    for (let i = 0; i < 21; i++) await aStation(app.services); // never connected: offline
    const summary = await dashboard();
    expect(summary.attention.offline.items).toHaveLength(20);
    expect(summary.attention.offline.total).toBe(summary.stations.offline);
    expect(summary.attention.offline.total).toBeGreaterThanOrEqual(21);
  });

  it('marks a session whose tag was refused, live and among those awaiting payment', async () => {
    const station = await aStation(app.services);
    const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
    const accepted = await aCustomerTag('Grace Hopper');
    const unknownTag = `U${Math.random().toString(36).slice(2, 12)}`;
    const refused = await cp.call('StartTransaction', { connectorId: 1, idTag: unknownTag, meterStart: 0, timestamp: new Date().toISOString() });
    const fine = await cp.call('StartTransaction', { connectorId: 2, idTag: accepted, meterStart: 0, timestamp: new Date().toISOString() });
    expect(refused.idTagInfo.status).toBe('Invalid');

    expect(await activeSessionOf(refused.transactionId)).toMatchObject({ connectorId: 1, authorizationStatus: 'Invalid' });
    expect(await activeSessionOf(fine.transactionId)).toMatchObject({ connectorId: 2, authorizationStatus: 'Accepted' });

    await cp.call('StopTransaction', { transactionId: refused.transactionId, meterStop: 500, timestamp: new Date().toISOString() });
    const summary = await dashboard();
    const row = (summary.attention.awaitingPayment.items as Array<{ sessionId: number; authorizationStatus: string }>)
      .find((a) => a.sessionId === refused.transactionId);
    expect(row).toMatchObject({ authorizationStatus: 'Invalid', stationId: station.id });
    expect(summary.attention.awaitingPayment.total).toBe(summary.sessions.awaitingPayment);
  });

  it('is readable by a viewer; nobody without a token', async () => {
    expect((await api(app, await aToken(app, 'viewer')).get('/dashboard')).status).toBe(200);
    expect((await api(app, null).get('/dashboard')).status).toBe(401);
  });
});
