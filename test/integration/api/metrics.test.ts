// GET /metrics over real HTTP while the bundled simulator and a bare socket talk OCPP to the central system: the
// counters, gauges and histograms move with what happened on the wire, and the text is Prometheus' format.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation, anIdTag } from '../../helpers/seed.js';
import { bootedCharger, closeChargers, RawSocket } from '../../helpers/charger.js';
import { api } from '../../helpers/api.js';
import { waitFor } from '../../helpers/wait-for.js';
import { metricsOf, parseExposition, scrape, valueOf, type Exposition } from '../../helpers/prometheus.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterEach(closeChargers);
afterAll(() => app.stop());

const messages = (e: Exposition, action: string, result: string) =>
  valueOf(e, 'chargesync_ocpp_messages_total', { action, result }) ?? 0;
const openConnections = async () => valueOf(await metricsOf(app), 'chargesync_ocpp_connections_open');
/** Waits until a scrape satisfies `check`, and returns that scrape. */
const scrapeUntil = (check: (e: Exposition) => boolean) => waitFor(async () => {
  const e = await metricsOf(app);
  return check(e) ? e : undefined;
});

describe('GET /metrics', () => {
  it('answers without a token in the Prometheus text format, with the process metrics', async () => {
    const { status, contentType, text } = await scrape(app);

    expect(status).toBe(200);
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const e = parseExposition(text);
    expect(e.problems).toEqual([]);
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds']) {
      expect(valueOf(e, name), name).toBeGreaterThanOrEqual(0);
    }
    expect(e.types.get('chargesync_ocpp_handler_duration_seconds')).toBe('histogram');
    expect(e.types.get('chargesync_db_duration_seconds')).toBe('histogram');
  });

  it('follows a simulated charger through boot, a session and its stop', async () => {
    const station = await aStation(app.services);
    const idTag = await anIdTag(app.services);
    const cp = await bootedCharger(app, station.chargeBoxId);
    expect(await waitFor(async () => (await openConnections()) === 1)).toBe(true);

    await cp.startSession(1, idTag);
    const charging = await scrapeUntil((e) => messages(e, 'MeterValues', 'ok') >= 1);
    expect(charging.problems).toEqual([]);
    expect(valueOf(charging, 'chargesync_ocpp_connections_opened_total')).toBe(1);
    expect(valueOf(charging, 'chargesync_sessions_active')).toBe(1);
    expect(messages(charging, 'BootNotification', 'ok')).toBe(1);
    expect(messages(charging, 'StartTransaction', 'ok')).toBe(1);
    // Every bucket from 1 ms to 5 s and +Inf, for each action handled; a boot takes more than no time.
    const bootBuckets = charging.samples.filter((s) => s.name === 'chargesync_ocpp_handler_duration_seconds_bucket' && s.labels.action === 'BootNotification');
    expect(bootBuckets.map((s) => s.labels.le)).toEqual(['0.001', '0.0025', '0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '+Inf']);
    expect(valueOf(charging, 'chargesync_ocpp_handler_duration_seconds_count', { action: 'BootNotification' })).toBe(1);
    expect(valueOf(charging, 'chargesync_ocpp_handler_duration_seconds_sum', { action: 'BootNotification' })).toBeGreaterThan(0);
    expect(valueOf(charging, 'chargesync_ocpp_handler_duration_seconds_count', { action: 'MeterValues' })).toBeGreaterThanOrEqual(1);
    // The start wrote in a transaction; the handshake, status reports and meter values are single statements.
    expect(valueOf(charging, 'chargesync_db_duration_seconds_count', { kind: 'transaction' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(charging, 'chargesync_db_duration_seconds_count', { kind: 'query' })).toBeGreaterThanOrEqual(3);

    await cp.stopSession(1);
    const stopped = await metricsOf(app);
    expect(valueOf(stopped, 'chargesync_sessions_active')).toBe(0);
    expect(messages(stopped, 'StopTransaction', 'ok')).toBe(1);

    await cp.close();
    const closed = await scrapeUntil((e) => valueOf(e, 'chargesync_ocpp_connections_open') === 0);
    expect(valueOf(closed, 'chargesync_ocpp_connections_closed_total')).toBe(1);
  });

  it('counts frames that break the schema, unknown actions and unparsable text under their CALLERROR codes', async () => {
    const station = await aStation(app.services);
    const raw = await RawSocket.open(app, station.chargeBoxId);
    await raw.call('BootNotification', { chargePointVendor: 'Raw', chargePointModel: 'Socket' });
    const before = await metricsOf(app);
    const statusHandled = (x: Exposition) => valueOf(x, 'chargesync_ocpp_handler_duration_seconds_count', { action: 'StatusNotification' }) ?? 0;

    const [, , schemaCode] = await raw.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Sleeping' });
    const [, , unknownCode] = await raw.call('MakeCoffee', { sugar: 2 });
    raw.send('[2, "no-json"');
    const [, , textCode] = await raw.next();

    expect([schemaCode, unknownCode, textCode]).toEqual(['FormationViolation', 'NotImplemented', 'FormationViolation']);
    const e = await scrapeUntil((x) => messages(x, 'unknown', 'FormationViolation') === 1);
    expect(messages(e, 'StatusNotification', 'FormationViolation')).toBe(1);
    // Strict mode answered it before any handler of ours ran.
    expect(messages(e, 'StatusNotification', 'ok')).toBe(messages(before, 'StatusNotification', 'ok'));
    expect(statusHandled(e)).toBe(statusHandled(before));
    // A charger-chosen action name never becomes a label value of its own.
    expect(messages(e, 'unknown', 'NotImplemented')).toBe(1);
    expect(e.samples.some((s) => s.labels.action === 'MakeCoffee')).toBe(false);
  });

  it('counts outbound commands by action and outcome', async () => {
    const online = await aStation(app.services);
    const offline = await aStation(app.services);
    await bootedCharger(app, online.chargeBoxId);

    const answered = await api(app).post(`/stations/${online.id}/commands/TriggerMessage`, { requestedMessage: 'Heartbeat' });
    const refused = await api(app).post(`/stations/${offline.id}/commands/ClearCache`, {});

    expect([answered.status, refused.status]).toEqual([200, 503]);
    const e = await metricsOf(app);
    expect(valueOf(e, 'chargesync_ocpp_commands_total', { action: 'TriggerMessage', outcome: 'answered' })).toBe(1);
    expect(valueOf(e, 'chargesync_ocpp_commands_total', { action: 'ClearCache', outcome: 'offline' })).toBe(1);
  });
});

describe('GET /metrics with METRICS_TOKEN set', () => {
  let guarded: TestApp;
  beforeAll(async () => { guarded = await startTestApp({ metricsToken: 'scrape-secret' }); });
  afterAll(() => guarded.stop());

  it('wants the token as a bearer token', async () => {
    expect((await scrape(guarded)).status).toBe(401);
    expect((await scrape(guarded, { authorization: 'Bearer scrape-secreT' })).status).toBe(401);
    expect((await scrape(guarded, { authorization: `Bearer ${'x'.repeat(200)}` })).status).toBe(401);
    const ok = await scrape(guarded, { authorization: 'Bearer scrape-secret' });
    expect(ok.status).toBe(200);
    expect(parseExposition(ok.text).problems).toEqual([]);
    // The probes stay open: an orchestrator has no token either.
    expect((await fetch(`${guarded.url}/ready`)).status).toBe(200);
  });
});
