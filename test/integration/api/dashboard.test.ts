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

interface Live {
  stationId: number; connectorId: number; status: string; online: boolean;
  maintenance: { issueId: number; scope: string } | null;
  activeSession: { sessionId: number; customerName: string | null; energyWh: number | null; socPercent: number | null; durationS: number } | null;
}
const connectorOf = async (stationId: number, connectorId: number): Promise<Live | undefined> =>
  ((await api(app).get('/dashboard')).body.connectorsLive as Live[]).find((c) => c.stationId === stationId && c.connectorId === connectorId);

async function aCustomerTag(name: string): Promise<string> {
  const customer = await api(app).post('/customers', { name });
  const idTag = `T${Math.random().toString(36).slice(2, 12)}`;
  expect((await api(app).post('/id-tags', { idTag, customerId: customer.body.id })).status).toBe(201);
  return idTag;
}

describe('GET /api/dashboard', () => {
  it('shows a session a simulated charger runs, with the customer\'s name and rising energy and SoC', async () => {
    const idTag = await aCustomerTag('Ada Lovelace');
    const station = await aStation(app.services);
    const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 100, powerW: 50_000, batteryWh: 2_000 });
    const { transactionId } = await cp.startSession(1, idTag);

    const first = await waitFor(async () => {
      const c = await connectorOf(station.id, 1);
      return c?.activeSession?.energyWh ? c : undefined;
    });
    expect(first).toMatchObject({ status: 'Charging', online: true, maintenance: null });
    expect(first.activeSession).toMatchObject({ sessionId: transactionId, customerName: 'Ada Lovelace' });
    const later = await waitFor(async () => {
      const c = await connectorOf(station.id, 1);
      return c!.activeSession!.energyWh! > first.activeSession!.energyWh! && c!.activeSession!.socPercent! > first.activeSession!.socPercent! ? c : undefined;
    });
    expect(later.activeSession!.sessionId).toBe(transactionId);
    expect((await connectorOf(station.id, 2))?.activeSession).toBeNull();

    const summary = (await api(app).get('/dashboard')).body;
    expect(summary.sessions.active).toBeGreaterThanOrEqual(1);
    expect(summary.energyTodayWh).toBeGreaterThan(0);
    expect(summary.stations.online).toBeGreaterThanOrEqual(1);
    expect(summary.stations.total).toBe(summary.stations.online + summary.stations.offline);
    expect(summary.slots.byStatus.in_use).toBeGreaterThanOrEqual(1);
    expect(Object.values(summary.slots.byStatus as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(summary.slots.total);

    await cp.stopSession(1);
    await waitFor(async () => ((await connectorOf(station.id, 1))?.activeSession === null ? true : undefined));
  });

  it('marks maintenance only on the connector an issue names; every connector keeps its real OCPP status', async () => {
    const station = await aStation(app.services);
    const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
    await cp.call('StatusNotification', { connectorId: 2, errorCode: 'NoError', status: 'Preparing' });
    const issue = await api(app).post('/issues', { stationId: station.id, connectorId: 1, title: 'Cable worn' });
    expect(issue.status).toBe(201);

    expect(await connectorOf(station.id, 1)).toMatchObject({ status: 'Available', maintenance: { issueId: issue.body.id, scope: 'connector' } });
    expect(await connectorOf(station.id, 2)).toMatchObject({ status: 'Preparing', maintenance: null });

    const wholeStation = await api(app).post('/issues', { stationId: station.id, connectorId: 0, title: 'Cabinet door broken' });
    expect(await connectorOf(station.id, 2)).toMatchObject({ status: 'Preparing', maintenance: { issueId: wholeStation.body.id, scope: 'station' } });

    for (const id of [issue.body.id, wholeStation.body.id]) {
      for (const status of ['in_progress', 'resolved']) expect((await api(app).patch(`/issues/${id}`, { status })).status).toBe(200);
    }
    expect(await connectorOf(station.id, 1)).toMatchObject({ maintenance: null });
    expect(await connectorOf(station.id, 2)).toMatchObject({ maintenance: null });
  });

  it('shows an offline charger\'s connectors as offline, not counted by status, and its slots saying so', async () => {
    const station = await aStation(app.services);
    const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
    const before = (await api(app).get('/dashboard')).body;
    const slotsOf = async () => ((await api(app).get(`/slots?stationId=${station.id}`)).body as Array<{ status: string; stationOnline: boolean }>);
    expect((await slotsOf()).map((sl) => sl.stationOnline)).toEqual([true, true]);
    const announced: Array<{ status: string; stationOnline?: boolean }> = [];
    const stop = app.events.on('slot.changed', (e) => { if (e.stationId === station.id) announced.push(e); });
    await cp.close();
    await waitFor(async () => ((await connectorOf(station.id, 1))?.online === false ? true : undefined));
    // The boot's own announcements may still arrive after we subscribed: the ones of going offline are what count.
    const offline = () => announced.filter((e) => e.stationOnline === false);
    await waitFor(() => offline().length >= 2);
    stop();

    expect(await connectorOf(station.id, 1)).toMatchObject({ status: 'Available', online: false });
    const after = (await api(app).get('/dashboard')).body;
    // Its two connectors left "Available" for "offline"; the counts still add up.
    expect(after.connectors.byStatus.Available ?? 0).toBe((before.connectors.byStatus.Available ?? 0) - 2);
    expect(after.connectors.offline).toBe(before.connectors.offline + 2);
    const counted = Object.values(after.connectors.byStatus as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(counted + after.connectors.offline).toBe(after.connectors.total);
    expect(after.slots.stationOffline).toBe(before.slots.stationOffline + 2);
    // The slot keeps its derived status (a booking for later is still possible) and says the station is offline.
    expect(await slotsOf()).toMatchObject([{ status: 'available', stationOnline: false }, { status: 'available', stationOnline: false }]);
    expect(offline()).toEqual([expect.objectContaining({ status: 'available' }), expect.objectContaining({ status: 'available' })]);
  });

  it('marks a session whose tag was refused, live and on its invoice row', async () => {
    const station = await aStation(app.services);
    const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
    const accepted = await aCustomerTag('Grace Hopper');
    const unknownTag = `U${Math.random().toString(36).slice(2, 12)}`;
    const refused = await cp.call('StartTransaction', { connectorId: 1, idTag: unknownTag, meterStart: 0, timestamp: new Date().toISOString() });
    const fine = await cp.call('StartTransaction', { connectorId: 2, idTag: accepted, meterStart: 0, timestamp: new Date().toISOString() });
    expect(refused.idTagInfo.status).toBe('Invalid');

    expect((await connectorOf(station.id, 1))?.activeSession).toMatchObject({ sessionId: refused.transactionId, authorizationStatus: 'Invalid' });
    expect((await connectorOf(station.id, 2))?.activeSession).toMatchObject({ sessionId: fine.transactionId, authorizationStatus: 'Accepted' });

    await cp.call('StopTransaction', { transactionId: refused.transactionId, meterStop: 500, timestamp: new Date().toISOString() });
    const row = ((await api(app).get('/dashboard')).body.awaitingPayment as Array<{ sessionId: number; authorizationStatus: string }>)
      .find((a) => a.sessionId === refused.transactionId);
    expect(row).toMatchObject({ authorizationStatus: 'Invalid', stationId: station.id });
  });

  it('is readable by a viewer; nobody without a token', async () => {
    expect((await api(app, await aToken(app, 'viewer')).get('/dashboard')).status).toBe(200);
    expect((await api(app, null).get('/dashboard')).status).toBe(401);
  });
});
