// GET /api/issues and GET /api/slots as the console pages them (issue 18): issues newest first on (openedAt, id),
// slots by station then connector; a cursor walk returns every row once even while rows are added meanwhile, each
// filter narrows to its rows, and bad input is a 400 naming the field.
import { describe, expect, it } from 'vitest';
import { useStaffTestApp } from '../../helpers/staff-app.js';
import type { TestApp } from '../../helpers/test-app.js';
import { aStation, randomChargeBoxId } from '../../helpers/seed.js';
import { bootedCharger } from '../../helpers/charger.js';
import { api } from '../../helpers/api.js';
import { getPage, walkPages } from '../../helpers/pages.js';
import { insertIssue } from '../../../src/store/maintenance-issues.js';
import type { IssueSource } from '../../../src/domain/maintenance-issues.js';

let app: TestApp;
let viewer: string;
useStaffTestApp((s) => { app = s.app; viewer = s.viewer; });

interface Issue { id: number; stationId: number; connectorId: number; title: string; status: string; source: string; openedAt: string }
interface Slot { id: number; stationId: number; connectorId: number; code: string; status: string }

async function anIssue(stationId: number, title: string, connectorId = 1): Promise<number> {
  const made = await api(app).post('/issues', { stationId, connectorId, title });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  return made.body.id as number;
}

/** An issue opened at a chosen time (a charger's fault, a security event): the API opens them now only. */
async function anIssueOpenedAt(stationId: number, openedAt: Date, source: IssueSource = 'fault'): Promise<number> {
  const issue = await insertIssue(app.database.db, {
    stationId, connectorId: 0, title: `Opened ${openedAt.toISOString()}`, description: null, source,
    faultErrorCode: source === 'fault' ? 'GroundFailure' : null, openedBy: 'system', openedAt,
  });
  return issue.id;
}

/** A station with six issues opened one after the other: the list shows them newest first. */
async function aStationWithIssues() {
  const station = await aStation(app.services);
  const ids: number[] = [];
  for (const [i, title] of ['Cable worn', 'Screen dark', 'Cable cut', 'Door stuck', 'Holster loose', 'Cable frayed'].entries()) {
    ids.push(await anIssue(station.id, title, i % 2 === 0 ? 1 : 2));
  }
  return { station, ids, newestFirst: [...ids].reverse() };
}

describe('GET /api/issues, page by page', () => {
  it('walks every issue exactly once, newest first, with limit and cursor; offset kept', async () => {
    const { station, newestFirst } = await aStationWithIssues();
    const first = await getPage<Issue>(app, `/issues?stationId=${station.id}&limit=4`, viewer);
    expect(first.body.map((i) => i.id)).toEqual(newestFirst.slice(0, 4));
    expect(first.next).toBe(`/issues?stationId=${station.id}&limit=4&cursor=${first.nextCursor}`);
    const { rows, pages } = await walkPages<Issue>(app, `/issues?stationId=${station.id}&limit=2`);
    expect([rows.map((i) => i.id), pages]).toEqual([newestFirst, 3]);
    const byOffset = await getPage<Issue>(app, `/issues?stationId=${station.id}&limit=2&offset=2`);
    expect(byOffset.body.map((i) => i.id)).toEqual(newestFirst.slice(2, 4));
    expect((await getPage<Issue>(app, byOffset.next!)).body.map((i) => i.id)).toEqual(newestFirst.slice(4));
  });

  it('shows every issue once while issues are opened between page reads: newer ones wait for a new walk, older ones come in order', async () => {
    const { station, newestFirst } = await aStationWithIssues();
    const added: number[] = [];
    const { rows } = await walkPages<Issue>(app, `/issues?stationId=${station.id}&limit=2`, async (pagesRead) => {
      if (pagesRead !== 1) return;
      added.push(await anIssue(station.id, 'Opened meanwhile'), await anIssueOpenedAt(station.id, new Date(Date.now() - 86_400_000)));
    });
    const seen = rows.map((i) => i.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...newestFirst, added[1]!]);
    expect((await walkPages<Issue>(app, `/issues?stationId=${station.id}&limit=2`)).rows.map((i) => i.id)).toEqual([added[0]!, ...newestFirst, added[1]!]);
  });

  it('narrows to a connector, a status, open ones, a source and the start of the title', async () => {
    const { station, ids, newestFirst } = await aStationWithIssues();
    const security = await anIssueOpenedAt(station.id, new Date(Date.now() - 3_600_000), 'security');
    const idsOf = async (query: string) => (await walkPages<Issue>(app, `/issues?stationId=${station.id}&${query}&limit=2`)).rows.map((i) => i.id);
    expect(await idsOf('connectorId=2')).toEqual(newestFirst.filter((id) => ids.indexOf(id) % 2 === 1));
    expect((await api(app).patch(`/issues/${ids[0]}`, { status: 'in_progress' })).status).toBe(200);
    for (const status of ['in_progress', 'resolved']) expect((await api(app).patch(`/issues/${ids[1]}`, { status })).status).toBe(200);
    expect(await idsOf('status=in_progress')).toEqual([ids[0]]);
    expect(await idsOf('open=true')).toEqual([...newestFirst.filter((id) => id !== ids[1]), security]);
    expect(await idsOf('open=false')).toEqual([...newestFirst, security]);
    expect(await idsOf('source=security')).toEqual([security]);
    expect(await idsOf('source=staff')).toEqual(newestFirst);
    expect(await idsOf('q=CABLE')).toEqual([ids[5], ids[2], ids[0]]);
    expect(await idsOf(`q=${encodeURIComponent('cable c')}`)).toEqual([ids[2]]);
    expect(await idsOf(`q=${encodeURIComponent('%')}`)).toEqual([]);
  });

  it.each([
    ['cursor=not-a-cursor', 'cursor'],
    [`cursor=${Buffer.from(JSON.stringify(['Adams', 5])).toString('base64url')}`, 'cursor'], // the customers list's
    [`cursor=${Buffer.from(JSON.stringify(['2026-03-01T10:00:00.000Z', 5])).toString('base64url')}&offset=1`, 'cursor'],
    ['limit=0', 'limit'], ['limit=501', 'limit'], ['offset=x', 'offset'], ['status=done', 'status'], ['source=charger', 'source'],
    ['open=yes', 'open'], ['connectorId=-1', 'connectorId'], ['stationId=0', 'stationId'], ['q=', 'q'], [`q=${'x'.repeat(201)}`, 'q'],
  ])('?%s is a 400 naming %s, and the list is as before', async (query, field) => {
    const before = (await api(app).get('/issues?limit=500')).body as Issue[];
    const res = await api(app).get(`/issues?${query}`);
    expect(res).toMatchObject({ status: 400, body: { error: 'BadRequest' } });
    expect(res.body.details.fields[0].field).toBe(field);
    expect((await api(app).get('/issues?limit=500')).body).toEqual(before);
  });
});

describe('GET /api/slots, page by page', () => {
  /** A booted station with `connectors` slots, its chargeBoxId starting with `prefix`, and its charger. */
  async function aStationWithSlots(prefix: string, connectors: number) {
    const station = await app.services.stations.register({ chargeBoxId: randomChargeBoxId(prefix), password: null, registrationStatus: 'Accepted' });
    return { ...station, cp: await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0, connectors }) };
  }

  it('walks the slots of a code\'s start by station then connector, once each, while a station joins between page reads', async () => {
    const prefix = randomChargeBoxId('SL').slice(0, 9).replace('-', ''); // SL and six hex digits
    const one = await aStationWithSlots(prefix, 3);
    const two = await aStationWithSlots(prefix, 2);
    const codes = (rows: Slot[]) => rows.map((s) => s.code);
    const expected = [1, 2, 3].map((c) => `${one.chargeBoxId}-${c}`).concat([1, 2].map((c) => `${two.chargeBoxId}-${c}`));
    const first = await getPage<Slot>(app, `/slots?q=${prefix.toLowerCase()}&limit=2`, viewer);
    expect(codes(first.body)).toEqual(expected.slice(0, 2));
    expect(first.next).toBe(`/slots?q=${prefix.toLowerCase()}&limit=2&cursor=${first.nextCursor}`);
    let three: Awaited<ReturnType<typeof aStationWithSlots>> | null = null;
    const { rows } = await walkPages<Slot>(app, `/slots?q=${prefix}&limit=2`, async (pagesRead) => {
      if (pagesRead === 1) three = await aStationWithSlots(prefix, 1); // registered last: after every row so far
    });
    expect(codes(rows)).toEqual([...expected, `${three!.chargeBoxId}-1`]);
    expect(rows[0]).toMatchObject({ stationId: one.id, connectorId: 1, status: 'available', nextBookings: [], stationOnline: true });
    expect(codes((await walkPages<Slot>(app, `/slots?stationId=${two.id}&limit=1`)).rows)).toEqual(expected.slice(3));
    expect(codes((await getPage<Slot>(app, `/slots?q=${prefix}&limit=2&offset=2`)).body)).toEqual(expected.slice(2, 4));
  });

  it('status: the slots in that status now, walked page by page', async () => {
    const prefix = randomChargeBoxId('ST').slice(0, 9).replace('-', '');
    const one = await aStationWithSlots(prefix, 3);
    const two = await aStationWithSlots(prefix, 2);
    await one.cp.fault(2, 'GroundFailure');
    const codesOf = async (query: string) => (await walkPages<Slot>(app, `/slots?q=${prefix}&${query}&limit=1`)).rows.map((s) => s.code);
    expect(await codesOf('status=inactive')).toEqual([`${one.chargeBoxId}-2`]);
    expect(await codesOf('status=available')).toEqual([`${one.chargeBoxId}-1`, `${one.chargeBoxId}-3`, `${two.chargeBoxId}-1`, `${two.chargeBoxId}-2`]);
    expect(await codesOf('status=in_use')).toEqual([]);
    expect((await getPage<Slot>(app, `/slots?q=${prefix}&status=available&limit=2&offset=1`)).body.map((s) => s.code))
      .toEqual([`${one.chargeBoxId}-3`, `${two.chargeBoxId}-1`]);
  });

  it.each([
    ['cursor=not-a-cursor', 'cursor'], [`cursor=${Buffer.from(JSON.stringify([1, 1])).toString('base64url')}&offset=1`, 'cursor'],
    [`cursor=${Buffer.from(JSON.stringify(['2026-03-01T10:00:00.000Z', 5])).toString('base64url')}`, 'cursor'],
    ['limit=0', 'limit'], ['stationId=x', 'stationId'], ['q=', 'q'], ['status=free', 'status'], ['colour=red', 'colour'],
  ])('?%s is a 400 naming %s', async (query, field) => {
    const res = await api(app).get(`/slots?${query}`);
    expect(res).toMatchObject({ status: 400, body: { error: 'BadRequest' } });
    expect(res.body.details.fields[0].field).toBe(field);
  });
});
