// GET /api/customers and GET /api/id-tags as the console pages them (issue 18): customers by name then id, tags by
// their text then id; a cursor walk returns every row once even while rows are added meanwhile, q finds the start of
// a name, an email or a tag in any case, and bad input is a 400 naming the field.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useStaffTestApp } from '../../helpers/staff-app.js';
import type { TestApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/api.js';
import { getPage, walkPages } from '../../helpers/pages.js';

let app: TestApp;
let viewer: string;
useStaffTestApp((s) => { app = s.app; viewer = s.viewer; });

interface Customer { id: number; name: string; email: string | null }
interface Tag { id: number; idTag: string; status: string; customerId: number | null }

/** Letters only, so that any collation orders names and tags built from it the same way. */
const aMark = (): string => randomBytes(6).toString('hex').replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)]!).slice(0, 8);

async function aCustomer(name: string, email: string | null = null): Promise<number> {
  const made = await api(app).post('/customers', { name, email });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  return made.body.id as number;
}

async function aTag(idTag: string, o: { customerId?: number; status?: string } = {}): Promise<number> {
  const made = await api(app).post('/id-tags', { idTag, ...o });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  return made.body.id as number;
}

/** Seven customers named with the mark, in the list's order (two Bakers: the id breaks the tie). */
async function someCustomers(mark: string): Promise<number[]> {
  const ids: number[] = [];
  for (const last of ['Adams', 'Baker', 'Baker', 'Clark', 'Davis', 'Evans', 'Frank']) {
    ids.push(await aCustomer(`${mark} ${last}`, `${last.toLowerCase()}.${mark}@example.com`));
  }
  return ids;
}

const badQueries = (list: string) => [
  ['cursor=not-a-cursor', 'cursor'],
  [`cursor=${Buffer.from(JSON.stringify(['2026-03-01T10:00:00.000Z', 'x'])).toString('base64url')}`, 'cursor'],
  [`cursor=${Buffer.from(JSON.stringify(['Adams', 5])).toString('base64url')}&offset=2`, 'cursor'],
  ['limit=0', 'limit'], ['limit=501', 'limit'], ['offset=x', 'offset'], ['q=', 'q'], ['colour=red', 'colour'],
  ...(list === 'customers' ? [['name=', 'name'], [`q=${'x'.repeat(255)}`, 'q']]
    : [['status=Lost', 'status'], ['customerId=BOOK1', 'customerId'], [`q=${'T'.repeat(21)}`, 'q']]),
].map(([query, field]) => [list, query!, field!] as const);

describe('GET /api/customers, page by page', () => {
  it('walks every customer of a search exactly once, by name then id, with limit and cursor', async () => {
    const mark = aMark();
    const ids = await someCustomers(mark);
    const first = await getPage<Customer>(app, `/customers?q=${mark}&limit=3`, viewer);
    expect(first.body.map((c) => c.id)).toEqual(ids.slice(0, 3));
    expect(first.next).toBe(`/customers?q=${mark}&limit=3&cursor=${first.nextCursor}`);
    const { rows, pages } = await walkPages<Customer>(app, `/customers?q=${mark.toUpperCase()}&limit=3`);
    expect([rows.map((c) => c.id), pages]).toEqual([ids, 3]);
  });

  it('shows every customer once while others are added between page reads', async () => {
    const mark = aMark();
    const ids = await someCustomers(mark);
    const added: number[] = [];
    const { rows } = await walkPages<Customer>(app, `/customers?q=${mark}&limit=2`, async (pagesRead) => {
      if (pagesRead !== 1) return;
      // "Aaron" sorts before the cursor (not in this walk); "Young" after every row (still ahead).
      added.push(await aCustomer(`${mark} Aaron`), await aCustomer(`${mark} Young`));
    });
    expect(rows.map((c) => c.id)).toEqual([...ids, added[1]!]);
    expect((await walkPages<Customer>(app, `/customers?q=${mark}&limit=2`)).rows.map((c) => c.id)).toEqual([added[0]!, ...ids, added[1]!]);
  });

  it('q finds the start of the name or of the email in any case; ?name= a part of the name, as before; offset kept', async () => {
    const mark = aMark();
    const ids = await someCustomers(mark);
    const idsOf = async (query: string) => (await walkPages<Customer>(app, `/customers?${query}&limit=2`)).rows.map((c) => c.id);
    expect(await idsOf(`q=${encodeURIComponent(`${mark} b`)}`)).toEqual(ids.slice(1, 3));
    expect(await idsOf(`q=${encodeURIComponent(`CLARK.${mark}`)}`)).toEqual([ids[3]]);
    expect(await idsOf(`q=${encodeURIComponent(mark.slice(1))}`)).toEqual([]); // the start, not a part
    expect(await idsOf(`q=${encodeURIComponent(`${mark}%`)}`)).toEqual([]); // % is a character
    expect(await idsOf(`name=${encodeURIComponent(`${mark.slice(2)} dav`)}`)).toEqual([ids[4]]);
    expect((await getPage<Customer>(app, `/customers?q=${mark}&limit=2&offset=4`)).body.map((c) => c.id)).toEqual(ids.slice(4, 6));
  });
});

describe('GET /api/id-tags, page by page', () => {
  it('walks every tag of a search exactly once, by tag then id, while tags are added between page reads', async () => {
    const mark = aMark().toUpperCase();
    const ids: number[] = [];
    for (const n of ['B', 'C', 'D', 'E', 'F']) ids.push(await aTag(`${mark}${n}`));
    const first = await getPage<Tag>(app, `/id-tags?q=${mark}&limit=2`, viewer);
    expect(first.next).toBe(`/id-tags?q=${mark}&limit=2&cursor=${first.nextCursor}`);
    const added: number[] = [];
    const { rows } = await walkPages<Tag>(app, `/id-tags?q=${mark.toLowerCase()}&limit=2`, async (pagesRead) => {
      if (pagesRead === 1) added.push(await aTag(`${mark}A`), await aTag(`${mark}Z`));
    });
    expect(rows.map((t) => t.id)).toEqual([...ids, added[1]!]);
    expect((await walkPages<Tag>(app, `/id-tags?q=${mark}&limit=2`)).rows.map((t) => t.idTag))
      .toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'Z'].map((n) => `${mark}${n}`));
  });

  it('narrows to a customer, a status and the whole tag, each paged', async () => {
    const mark = aMark().toUpperCase();
    const customerId = await aCustomer(`${mark} Owner`);
    const owned = [await aTag(`${mark}A`, { customerId }), await aTag(`${mark}B`, { customerId, status: 'Blocked' }), await aTag(`${mark}C`, { customerId })];
    const stray = await aTag(`${mark}D`, { status: 'Blocked' });
    const idsOf = async (query: string) => (await walkPages<Tag>(app, `/id-tags?${query}&limit=2`)).rows.map((t) => t.id);
    expect(await idsOf(`customerId=${customerId}`)).toEqual(owned);
    expect(await idsOf(`q=${mark}&status=Blocked`)).toEqual([owned[1], stray]);
    expect(await idsOf(`customerId=${customerId}&status=Accepted`)).toEqual([owned[0], owned[2]]);
    expect(await idsOf(`idTag=${mark.toLowerCase()}c`)).toEqual([owned[2]]);
    expect(await idsOf(`idTag=${mark}`)).toEqual([]); // the whole tag, not its start
  });
});

describe('bad input to the customer and tag lists', () => {
  it.each([...badQueries('customers'), ...badQueries('id-tags')])('/%s?%s is a 400 naming %s, and the list is as before', async (list, query, field) => {
    const before = (await api(app).get(`/${list}?limit=500`)).body as unknown[];
    const res = await api(app).get(`/${list}?${query}`);
    expect(res).toMatchObject({ status: 400, body: { error: 'BadRequest' } });
    expect(res.body.details.fields[0].field).toBe(field);
    expect((await api(app).get(`/${list}?limit=500`)).body).toEqual(before);
  });
});
