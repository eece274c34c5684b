// Sites through the staff API (issue 17 item 1): create, read, change and delete them, who may, every bad input
// refused naming its field with nothing written, the database's own checks, and stations joining and leaving.
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { TestApp } from '../../helpers/test-app.js';
import { useStaffTestApp } from '../../helpers/staff-app.js';
import { api } from '../../helpers/api.js';
import { randomChargeBoxId } from '../../helpers/seed.js';
import { pgErrorCode } from '../../../src/store/db.js';

let app: TestApp;
let viewer: string;
let operator: string;
useStaffTestApp((s) => ({ app, viewer, operator } = s));

const UNKNOWN = 2_000_000_000;
const GOOD = { name: 'Garage P1', maxCurrentA: 32, phases: 3, failsafeCurrentA: 6 };

async function aSite(body: Record<string, unknown> = {}) {
  const res = await api(app).post('/sites', { ...GOOD, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number } & Record<string, unknown>;
}

async function aStation() {
  const res = await api(app).post('/stations', { chargeBoxId: randomChargeBoxId(), password: false });
  expect(res.status).toBe(201);
  return res.body as { id: number; chargeBoxId: string };
}

const allSites = async () => (await api(app).get('/sites')).body as Array<{ id: number }>;
/** GET /sites/{id} as the other answers show a site: without its load (load-balancing.test.ts covers that). */
const siteNow = async (id: number) => {
  const { load: _load, ...site } = (await api(app).get(`/sites/${id}`)).body;
  return site;
};
const stationNow = async (id: number) => (await api(app).get(`/stations/${id}`)).body;
const fieldOf = (res: { body: { details?: { fields?: Array<{ field: string }>; field?: string } } }) =>
  res.body.details?.fields?.[0]?.field ?? res.body.details?.field;

describe('sites', () => {
  it('are created with defaults, read, changed and deleted', async () => {
    const created = await api(app).post('/sites', GOOD);
    expect(created).toMatchObject({
      status: 201,
      body: { id: expect.any(Number), ...GOOD, voltageV: 230, minCurrentA: 6, strategy: 'equal', stations: [] },
    });
    const id = created.body.id as number;
    expect(await siteNow(id)).toEqual(created.body);
    expect((await api(app).get(`/sites/${id}`)).body.load).toEqual({ allocatedA: 0, measuredA: null, sessions: [], decisions: [] });
    expect(await allSites()).toContainEqual(created.body);

    const changed = await api(app).patch(`/sites/${id}`, { maxCurrentA: 40.5, strategy: 'priority', voltageV: 240 });
    expect(changed).toMatchObject({ status: 200, body: { ...GOOD, maxCurrentA: 40.5, strategy: 'priority', voltageV: 240, minCurrentA: 6 } });
    expect(await siteNow(id)).toMatchObject({ maxCurrentA: 40.5, strategy: 'priority', voltageV: 240, phases: 3, failsafeCurrentA: 6 });

    expect((await api(app).delete(`/sites/${id}`)).status).toBe(204);
    expect(await api(app).get(`/sites/${id}`)).toMatchObject({ status: 404, body: { error: 'NotFound', details: { field: 'siteId' } } });
    expect((await allSites()).map((s) => s.id)).not.toContain(id);
  });

  it('keep tenths of an ampere exactly, and take every field', async () => {
    const site = await aSite({ maxCurrentA: 16.3, phases: 1, voltageV: 120, minCurrentA: 6.1, failsafeCurrentA: 0, strategy: 'priority' });
    expect(await siteNow(site.id)).toMatchObject({ maxCurrentA: 16.3, phases: 1, voltageV: 120, minCurrentA: 6.1, failsafeCurrentA: 0, strategy: 'priority' });
  });

  it('are read by viewers and operators, written by admins only, and need a token', async () => {
    const site = await aSite();
    for (const token of [viewer, operator]) {
      const client = api(app, token);
      expect((await client.get('/sites')).status).toBe(200);
      expect(await client.get(`/sites/${site.id}`)).toMatchObject({ status: 200, body: { id: site.id } });
      expect(await client.post('/sites', GOOD)).toMatchObject({ status: 403, body: { error: 'Forbidden' } });
      expect((await client.patch(`/sites/${site.id}`, { name: 'Mine' })).status).toBe(403);
      expect((await client.delete(`/sites/${site.id}`)).status).toBe(403);
    }
    const anon = api(app, null);
    for (const res of [await anon.get('/sites'), await anon.get(`/sites/${site.id}`), await anon.post('/sites', GOOD),
      await anon.patch(`/sites/${site.id}`, { name: 'Mine' }), await anon.delete(`/sites/${site.id}`)]) expect(res.status).toBe(401);
    expect(await siteNow(site.id)).toEqual(site);
  });
});

describe('bad input changes nothing', () => {
  const { failsafeCurrentA: _f, ...noFailsafe } = GOOD;
  const { phases: _p, ...noPhases } = GOOD;
  const { name: _n, ...noName } = GOOD;
  it.each([
    [noName, 'name'], [{ ...GOOD, name: '  ' }, 'name'], [{ ...GOOD, name: 7 }, 'name'],
    [{ ...GOOD, maxCurrentA: 0 }, 'maxCurrentA'], [{ ...GOOD, maxCurrentA: -32 }, 'maxCurrentA'], [{ ...GOOD, maxCurrentA: '32' }, 'maxCurrentA'],
    [{ ...GOOD, maxCurrentA: 16.25 }, 'maxCurrentA'], [{ ...GOOD, maxCurrentA: 10_000.1 }, 'maxCurrentA'],
    [noPhases, 'phases'], [{ ...GOOD, phases: 2 }, 'phases'], [{ ...GOOD, phases: '3' }, 'phases'],
    [{ ...GOOD, voltageV: 230.5 }, 'voltageV'], [{ ...GOOD, voltageV: 12 }, 'voltageV'],
    [{ ...GOOD, minCurrentA: 0 }, 'minCurrentA'], [{ ...GOOD, minCurrentA: 6.05 }, 'minCurrentA'],
    [noFailsafe, 'failsafeCurrentA'], [{ ...GOOD, failsafeCurrentA: -1 }, 'failsafeCurrentA'],
    [{ ...GOOD, strategy: 'fair' }, 'strategy'], [{ ...GOOD, siteId: 3 }, 'siteId'],
    // The rules between fields.
    [{ ...GOOD, minCurrentA: 32.1 }, 'minCurrentA'], [{ ...GOOD, failsafeCurrentA: 33 }, 'failsafeCurrentA'],
    [{ ...GOOD, failsafeCurrentA: 3 }, 'failsafeCurrentA'],
  ])('POST /sites %j is a 400 naming %s', async (body, field) => {
    const before = await allSites();
    const res = await api(app).post('/sites', body);
    expect(res).toMatchObject({ status: 400, body: { error: 'BadRequest' } });
    expect(fieldOf(res)).toBe(field);
    expect(res.body.message).toContain(field);
    expect(await allSites()).toEqual(before);
  });

  it.each([
    [{}, 'body'], [{ phases: 2 }, 'phases'], [{ maxCurrentA: 16.25 }, 'maxCurrentA'], [{ unknown: 1 }, 'unknown'],
    [{ minCurrentA: 33 }, 'minCurrentA'], // above the site's 32 A
    [{ maxCurrentA: 5, name: 'Smaller' }, 'maxCurrentA'], // below its minimum of 6 A: the field changed is named
    [{ failsafeCurrentA: 5 }, 'failsafeCurrentA'], // between 0 and the minimum
    [{ minCurrentA: 8 }, 'minCurrentA'], // above the fail-safe of 6 A
  ])('PATCH %j is a 400 naming %s', async (body, field) => {
    const site = await aSite();
    const res = await api(app).patch(`/sites/${site.id}`, body);
    expect(res).toMatchObject({ status: 400, body: { error: 'BadRequest' } });
    expect(fieldOf(res)).toBe(field);
    expect(await siteNow(site.id)).toEqual(site);
  });

  it.each(['abc', '0', '1.5', '-3'])('a site id like %j is a 400 naming siteId', async (id) => {
    for (const res of [await api(app).get(`/sites/${id}`), await api(app).patch(`/sites/${id}`, { name: 'X' }), await api(app).delete(`/sites/${id}`)]) {
      expect(res).toMatchObject({ status: 400, body: { details: { fields: [{ field: 'siteId', in: 'path' }] } } });
    }
  });

  it('an unknown site is a 404 naming siteId, for reads, changes and deletes', async () => {
    const before = await allSites();
    for (const res of [await api(app).get(`/sites/${UNKNOWN}`), await api(app).patch(`/sites/${UNKNOWN}`, { name: 'X' }), await api(app).delete(`/sites/${UNKNOWN}`)]) {
      expect(res).toMatchObject({ status: 404, body: { error: 'NotFound', details: { field: 'siteId' } } });
      expect(res.body.message).toContain(String(UNKNOWN));
    }
    expect(await allSites()).toEqual(before);
  });
});

describe('stations on a site', () => {
  it('a station joins with its rating and priority, is listed on the site, and leaves with siteId null', async () => {
    const site = await aSite();
    const station = await aStation();
    expect(await stationNow(station.id)).toMatchObject({ siteId: null, maxCurrentA: null, priority: 0 });

    const joined = await api(app).patch(`/stations/${station.id}`, { siteId: site.id, maxCurrentA: 16, priority: 2 });
    expect(joined).toMatchObject({ status: 200, body: { id: station.id, siteId: site.id, maxCurrentA: 16, priority: 2 } });
    expect(await stationNow(station.id)).toMatchObject({ siteId: site.id, maxCurrentA: 16, priority: 2 });
    const listed = ((await api(app, viewer).get('/stations')).body as Array<{ id: number }>).find((s) => s.id === station.id);
    expect(listed).toMatchObject({ siteId: site.id, maxCurrentA: 16, priority: 2 });
    const member = { stationId: station.id, chargeBoxId: station.chargeBoxId, name: null, maxCurrentA: 16, priority: 2 };
    expect((await siteNow(site.id)).stations).toEqual([member]);
    expect((await allSites()).find((s) => s.id === site.id)).toMatchObject({ stations: [member] });

    const left = await api(app).patch(`/stations/${station.id}`, { siteId: null });
    expect(left).toMatchObject({ status: 200, body: { siteId: null, maxCurrentA: 16, priority: 2 } }); // the rating stays the charger's
    expect((await siteNow(site.id)).stations).toEqual([]);
  });

  it('moves from one site to another, and takes a rating in tenths or none', async () => {
    const [first, second] = [await aSite(), await aSite({ name: 'Garage P2' })];
    const station = await aStation();
    await api(app).patch(`/stations/${station.id}`, { siteId: first.id, maxCurrentA: 7.4 });
    expect(await api(app).patch(`/stations/${station.id}`, { siteId: second.id, maxCurrentA: null }))
      .toMatchObject({ status: 200, body: { siteId: second.id, maxCurrentA: null } });
    expect((await siteNow(first.id)).stations).toEqual([]);
    expect((await siteNow(second.id)).stations).toMatchObject([{ stationId: station.id, maxCurrentA: null }]);
  });

  it('an unknown siteId is a 404 naming siteId, and nothing of that change is made', async () => {
    const site = await aSite();
    const station = await aStation();
    await api(app).patch(`/stations/${station.id}`, { siteId: site.id });
    const res = await api(app).patch(`/stations/${station.id}`, { siteId: UNKNOWN, name: 'Renamed', priority: 5 });
    expect(res).toMatchObject({ status: 404, body: { error: 'NotFound', details: { field: 'siteId' } } });
    expect(await stationNow(station.id)).toMatchObject({ siteId: site.id, name: null, priority: 0 });
  });

  it.each([
    [{ siteId: '1' }, 'siteId'], [{ siteId: 0 }, 'siteId'], [{ siteId: 1.5 }, 'siteId'],
    [{ maxCurrentA: 0 }, 'maxCurrentA'], [{ maxCurrentA: 16.25 }, 'maxCurrentA'], [{ maxCurrentA: '16' }, 'maxCurrentA'],
    [{ priority: -1 }, 'priority'], [{ priority: 1.5 }, 'priority'], [{ priority: 1001 }, 'priority'], [{ priority: null }, 'priority'],
  ])('PATCH /stations/{id} %j is a 400 naming %s, and changes nothing', async (body, field) => {
    const station = await aStation();
    const before = await stationNow(station.id);
    const res = await api(app).patch(`/stations/${station.id}`, { ...body, name: 'Renamed' });
    expect(res).toMatchObject({ status: 400, body: { error: 'BadRequest' } });
    expect(fieldOf(res)).toBe(field);
    expect(await stationNow(station.id)).toEqual(before);
  });

  it('only admins put a station on a site', async () => {
    const site = await aSite();
    const station = await aStation();
    for (const token of [viewer, operator]) {
      expect((await api(app, token).patch(`/stations/${station.id}`, { siteId: site.id })).status).toBe(403);
    }
    expect((await stationNow(station.id)).siteId).toBeNull();
  });

  it('a site with stations is not deleted: 409 naming them; once they left, it is', async () => {
    const site = await aSite();
    const stations = [await aStation(), await aStation()];
    for (const s of stations) await api(app).patch(`/stations/${s.id}`, { siteId: site.id });
    const ids = stations.map((s) => s.id);

    const refused = await api(app).delete(`/sites/${site.id}`);
    expect(refused).toMatchObject({ status: 409, body: { error: 'Conflict', details: { field: 'siteId', stationIds: ids } } });
    expect(refused.body.message).toContain(ids.join(', '));
    expect((await siteNow(site.id)).stations.map((s: { stationId: number }) => s.stationId)).toEqual(ids);

    for (const s of stations) await api(app).patch(`/stations/${s.id}`, { siteId: null });
    expect((await api(app).delete(`/sites/${site.id}`)).status).toBe(204);
    for (const s of stations) expect((await stationNow(s.id)).siteId).toBeNull();
  });
});

describe('the database holds the rules too', () => {
  const refusal = async (statement: ReturnType<typeof sql>) => {
    const err = await app.database.db.execute(statement).then(() => null, (e: unknown) => e);
    return pgErrorCode(err);
  };
  const insertSite = (max: number, phases: number, min: number, failsafe: number, strategy = 'equal') => sql`
    INSERT INTO sites (name, max_current_deciamps, phases, min_current_deciamps, failsafe_current_deciamps, strategy)
    VALUES ('raw', ${max}, ${phases}, ${min}, ${failsafe}, ${strategy})`;

  it.each([
    ['min above max', insertSite(320, 3, 330, 0)],
    ['a fail-safe between 0 and the minimum', insertSite(320, 3, 60, 30)],
    ['a fail-safe above max', insertSite(320, 3, 60, 330)],
    ['2 phases', insertSite(320, 2, 60, 60)],
    ['no current', insertSite(0, 3, 0, 0)],
    ['an unknown strategy', insertSite(320, 3, 60, 60, 'fair')],
  ])('a site with %s is refused (CHECK)', async (_name, statement) => {
    expect(await refusal(statement)).toBe('23514');
  });

  it('a station with a zero rating or a priority out of range is refused, and one on an unknown site', async () => {
    const station = await aStation();
    expect(await refusal(sql`UPDATE stations SET max_current_deciamps = 0 WHERE id = ${station.id}`)).toBe('23514');
    expect(await refusal(sql`UPDATE stations SET priority = 1001 WHERE id = ${station.id}`)).toBe('23514');
    expect(await refusal(sql`UPDATE stations SET site_id = ${UNKNOWN} WHERE id = ${station.id}`)).toBe('23503');
    expect(await refusal(insertSite(320, 3, 60, 60))).toBeUndefined();
  });
});

it('the OpenAPI document describes the sites and the station fields', async () => {
  const doc = (await api(app).get('/openapi.json')).body;
  expect(Object.keys(doc.paths['/api/sites'])).toEqual(expect.arrayContaining(['get', 'post']));
  expect(Object.keys(doc.paths['/api/sites/{siteId}'])).toEqual(expect.arrayContaining(['get', 'patch', 'delete']));
  expect(doc.paths['/api/sites'].post.requestBody.content['application/json'].schema.required)
    .toEqual(expect.arrayContaining(['name', 'maxCurrentA', 'phases', 'failsafeCurrentA']));
  expect(Object.keys(doc.paths['/api/stations/{stationId}'].patch.requestBody.content['application/json'].schema.properties))
    .toEqual(expect.arrayContaining(['siteId', 'maxCurrentA', 'priority']));
});
