// The CSV exports as the README shows them: from and to optional (the last 30 days up to now), a date-only bound
// is a whole day of the server's time zone (to=that day includes it), and a bad or reversed range is a 400.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../../helpers/test-app.js';
import { aStation, randomIdTag } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { aHolder } from '../../helpers/bookings.js';
import { api } from '../../helpers/api.js';
import type { ChargePoint } from '../../../simulators/charge-point.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterEach(closeChargers);
afterAll(() => app.stop());

/** A stopped session started at `at` (the charger's clock), 10 minutes long. */
async function aSessionAt(cp: ChargePoint, idTag: string, at: Date): Promise<number> {
  const { transactionId } = await cp.call('StartTransaction', { connectorId: 1, idTag, meterStart: 0, timestamp: at.toISOString() });
  await cp.call('StopTransaction', { transactionId, meterStop: 1_000, timestamp: new Date(at.getTime() + 600_000).toISOString() });
  return transactionId as number;
}

async function csv(path: string): Promise<{ status: number; lines: string[] }> {
  const res = await fetch(`${app.url}/api${path}`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
  return { status: res.status, lines: (await res.text()).split('\r\n').filter(Boolean) };
}

const idsIn = (lines: string[], chargeBoxId: string) =>
  lines.filter((l) => l.split(',')[1] === chargeBoxId).map((l) => Number(l.split(',')[0]));

describe('GET /api/exports/*.csv ranges', () => {
  it('takes date-only bounds as whole days of the server\'s zone: from=to=D is that day\'s rows', async () => {
    const station = await aStation(app.services);
    const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
    const { idTag } = await aHolder(app, 'Day Export');
    // Local times: the server's zone is this process's zone.
    const before = await aSessionAt(cp, idTag, new Date(2026, 5, 14, 23, 50));
    const first = await aSessionAt(cp, idTag, new Date(2026, 5, 15, 0, 0));
    const last = await aSessionAt(cp, idTag, new Date(2026, 5, 15, 23, 59));
    const after = await aSessionAt(cp, idTag, new Date(2026, 5, 16, 0, 0));

    const oneDay = await csv('/exports/sessions.csv?from=2026-06-15&to=2026-06-15');
    expect(oneDay.status).toBe(200);
    expect(oneDay.lines[0]).toMatch(/^session_id,charge_box_id,connector_id,id_tag,authorization_status,customer,/);
    expect(idsIn(oneDay.lines, station.chargeBoxId)).toEqual([first, last]);
    expect(idsIn((await csv('/exports/sessions.csv?from=2026-06-14&to=2026-06-16')).lines, station.chargeBoxId))
      .toEqual([before, first, last, after]);
    // A date-only bound mixes with a date-time one.
    const mixed = `/exports/sessions.csv?from=2026-06-15&to=${encodeURIComponent(new Date(2026, 5, 15, 12).toISOString())}`;
    expect(idsIn((await csv(mixed)).lines, station.chargeBoxId)).toEqual([first]);
    // Invoices count by when they were issued: today, as the sessions stopped just now.
    const today = new Date();
    const ymd = [today.getFullYear(), today.getMonth() + 1, today.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
    const invoiced = (await csv(`/exports/invoices.csv?from=${ymd}&to=${ymd}`)).lines.map((l) => Number(l.split(',')[2]));
    expect(invoiced).toEqual(expect.arrayContaining([before, first, last, after]));
  });

  it('without from and to exports the last 30 days up to now, and marks a refused tag', async () => {
    const station = await aStation(app.services);
    const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
    const { idTag } = await aHolder(app, 'Recent Export');
    const now = Date.now();
    const recent = await aSessionAt(cp, idTag, new Date(now - 29 * 86_400_000));
    await aSessionAt(cp, idTag, new Date(now - 32 * 86_400_000));
    const unknown = randomIdTag();
    const refused = await aSessionAt(cp, unknown, new Date(now - 3_600_000));

    for (const path of ['/exports/sessions.csv', '/exports/invoices.csv']) expect((await csv(path)).status).toBe(200);
    const sessions = (await csv('/exports/sessions.csv')).lines;
    // Empty values, as a form or the old README example sent them, are the defaults too.
    expect((await csv('/exports/sessions.csv?from=&to=')).lines).toEqual(sessions);
    expect(idsIn(sessions, station.chargeBoxId)).toEqual([recent, refused]);
    expect(sessions.find((l) => l.startsWith(`${refused},`))).toContain(`,${unknown},Invalid,`);
    expect(sessions.find((l) => l.startsWith(`${recent},`))).toContain(`,${idTag},Accepted,Recent Export,`);
    // from alone runs up to now; to alone covers the 30 days before it.
    expect(idsIn((await csv(`/exports/sessions.csv?from=${new Date(now - 2 * 86_400_000).toISOString()}`)).lines, station.chargeBoxId))
      .toEqual([refused]);
    expect(idsIn((await csv(`/exports/sessions.csv?to=${new Date(now - 86_400_000).toISOString()}`)).lines, station.chargeBoxId))
      .toEqual([recent]);
  });

  it.each([
    ['/exports/sessions.csv?from=2026-02-30', 'from', /from must be a date \(YYYY-MM-DD\)/],
    ['/exports/invoices.csv?to=02.12.2026', 'to', /to must be a date/],
    ['/exports/invoices.csv?from=2026-12-02T10:00:00', 'from', /date-time with a time zone/],
    ['/exports/sessions.csv?from=2026-12-02&to=2026-12-01', 'to', /to must be after from/],
    ['/exports/sessions.csv?from=2999-01-01', 'to', /to defaults to now/],
    ['/exports/sessions.csv?from=2026-12-01&until=2026-12-02', 'until', /unknown field/],
  ])('GET %s is a 400 naming %s', async (path, field, message) => {
    const res = await api(app).get(path);
    expect(res.status).toBe(400);
    expect(res.body.details.fields[0].field).toBe(field);
    expect(res.body.message).toMatch(message);
  });
});
