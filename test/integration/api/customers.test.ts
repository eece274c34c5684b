// Customers and id tags over the staff API: CRUD, validation at the edge, and what the charger then sees.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { api, aToken } from '../../helpers/api.js';
import { aStation, randomIdTag } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';

let app: TestApp;
let operator: string;
let viewer: string;
beforeAll(async () => {
  app = await startTestApp();
  [operator, viewer] = await Promise.all([aToken(app, 'operator'), aToken(app, 'viewer')]);
});
afterEach(closeChargers);
afterAll(() => app.stop());

const ops = () => api(app, operator);
const unique = () => randomBytes(4).toString('hex');

async function aCustomer(o: Record<string, unknown> = {}) {
  const res = await ops().post('/customers', { name: `Customer ${unique()}`, ...o });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function aTag(o: Record<string, unknown> = {}) {
  const res = await ops().post('/id-tags', { idTag: randomIdTag(), ...o });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const badRequest = (field: string, where = 'body') =>
  ({ status: 400, body: { error: 'BadRequest', details: { fields: [{ field, in: where }] } } });

describe('access to customers and id tags', () => {
  const routes = [
    ['get', '/customers'], ['post', '/customers'], ['get', '/customers/1'], ['patch', '/customers/1'], ['delete', '/customers/1'],
    ['get', '/id-tags'], ['post', '/id-tags'], ['get', '/id-tags/1'], ['patch', '/id-tags/1'], ['delete', '/id-tags/1'],
  ] as const;

  it.each(routes)('%s %s without a token is a 401', async (method, path) => {
    expect(await api(app, null)[method](path)).toMatchObject({ status: 401, body: { error: 'Unauthorized' } });
  });

  it('refuses every write to a viewer (403) and writes nothing, while letting it read', async () => {
    const customer = await aCustomer({ email: 'before@example.com' });
    const tag = await aTag({ customerId: customer.id });
    const asViewer = api(app, viewer);
    const writes = [
      asViewer.post('/customers', { name: 'Viewer Made' }), asViewer.patch(`/customers/${customer.id}`, { name: 'Changed' }),
      asViewer.delete(`/customers/${customer.id}`), asViewer.post('/id-tags', { idTag: randomIdTag() }),
      asViewer.patch(`/id-tags/${tag.id}`, { status: 'Blocked' }), asViewer.delete(`/id-tags/${tag.id}`),
    ];
    for (const res of await Promise.all(writes)) expect(res).toMatchObject({ status: 403, body: { error: 'Forbidden' } });

    expect(await asViewer.get(`/customers/${customer.id}`))
      .toMatchObject({ status: 200, body: { name: customer.name, email: 'before@example.com', idTags: [{ id: tag.id, status: 'Accepted' }] } });
    expect((await asViewer.get('/customers?name=Viewer%20Made')).body).toEqual([]);
  });

  const idRoutes = [
    ['get', '/customers', 'customerId'], ['patch', '/customers', 'customerId'], ['delete', '/customers', 'customerId'],
    ['get', '/id-tags', 'idTagId'], ['patch', '/id-tags', 'idTagId'], ['delete', '/id-tags', 'idTagId'],
  ] as const;
  const badIds = ['BOOK1762958180110', '1.5', '-3', '0', '99999999999'];

  it.each(idRoutes.flatMap(([m, base, field]) => badIds.map((id) => [m, `${base}/${id}`, field] as const)))(
    '%s %s is a 400 naming %s', async (method, path, field) => {
      const res = await ops()[method](path, { name: 'x', status: 'Blocked' });
      expect(res).toMatchObject(badRequest(field, 'path'));
      expect(res.body.message).toContain(field);
    });

  it.each(idRoutes)('%s %s/<unknown> is a 404 naming %s', async (method, base, field) => {
    const body = base === '/customers' ? { name: 'x' } : { status: 'Blocked' };
    expect(await ops()[method](`${base}/2000000000`, body)).toMatchObject({ status: 404, body: { error: 'NotFound', details: { field } } });
  });
});

describe('customers', () => {
  it('creates, finds by a part of the name in any case, pages, updates and deletes a customer', async () => {
    const mark = unique();
    const a = await aCustomer({ name: `Fleet ${mark} Alpha`, email: 'a@example.com', phone: '+49 30 1234' });
    const b = await aCustomer({ name: `fleet ${mark} beta` });
    expect(a).toMatchObject({ email: 'a@example.com', phone: '+49 30 1234' });
    expect(b).toMatchObject({ email: null, phone: null });

    const found = await api(app, viewer).get(`/customers?name=FLEET%20${mark}`);
    expect(found).toMatchObject({ status: 200, body: [{ id: a.id }, { id: b.id }] });
    expect((await ops().get(`/customers?name=${mark}&limit=1&offset=1`)).body).toMatchObject([{ id: b.id }]);
    expect((await ops().get(`/customers?name=${mark}%25`)).body).toEqual([]); // % is a character, not a wildcard

    const changed = await ops().patch(`/customers/${a.id}`, { name: `Fleet ${mark} Gamma`, email: null });
    expect(changed).toMatchObject({ status: 200, body: { id: a.id, name: `Fleet ${mark} Gamma`, email: null, phone: '+49 30 1234' } });
    expect((await ops().get(`/customers/${a.id}`)).body).toMatchObject({ name: `Fleet ${mark} Gamma`, email: null, idTags: [] });

    expect(await ops().delete(`/customers/${a.id}`)).toEqual({ status: 204, body: null });
    expect((await ops().get(`/customers/${a.id}`)).status).toBe(404);
  });

  it('will not delete a customer who still owns tags (409), and does once they are gone', async () => {
    const customer = await aCustomer();
    const tag = await aTag({ customerId: customer.id });
    expect(await ops().delete(`/customers/${customer.id}`))
      .toMatchObject({ status: 409, body: { error: 'Conflict', details: { field: 'customerId', idTags: 1 } } });
    expect((await ops().get(`/customers/${customer.id}`)).body.idTags).toMatchObject([{ id: tag.id }]);

    expect((await ops().delete(`/id-tags/${tag.id}`)).status).toBe(204);
    expect((await ops().delete(`/customers/${customer.id}`)).status).toBe(204);
  });

  it('rejects bad input with a 400 naming the field, and writes nothing', async () => {
    const customer = await aCustomer({ name: `Steady ${unique()}`, email: 'steady@example.com' });
    const before = (await ops().get('/customers?limit=500')).body;
    const cases: Array<[unknown, string]> = [
      [{}, 'name'], [{ name: 42 }, 'name'], [{ name: '   ' }, 'name'], [{ name: 'X', email: 'not-an-email' }, 'email'],
      [{ name: 'X', phone: 5 }, 'phone'],
    ];
    for (const [body, field] of cases) {
      const res = await ops().post('/customers', body);
      expect(res, JSON.stringify(body)).toMatchObject(badRequest(field));
      expect(res.body.message).toContain(field);
    }
    const extra = await ops().post('/customers', { name: 'X', vip: true });
    expect(extra).toMatchObject({ status: 400, body: { error: 'BadRequest' } });
    expect(extra.body.message).toContain('vip');
    expect(await ops().patch(`/customers/${customer.id}`, { email: 'nope' })).toMatchObject(badRequest('email'));
    expect((await ops().patch(`/customers/${customer.id}`, {})).status).toBe(400);
    expect(await ops().get('/customers?limit=0')).toMatchObject(badRequest('limit', 'query'));
    expect(await ops().get('/customers?colour=red')).toMatchObject({ status: 400 });

    expect((await ops().get('/customers?limit=500')).body).toEqual(before);
  });
});

describe('id tags', () => {
  it('creates a tag with its customer and parent, reads it by id, and lists by customer, status and text', async () => {
    const customer = await aCustomer();
    const parent = await aTag({ idTag: `Fleet${unique()}` });
    const expiryDate = '2031-01-01T00:00:00.000Z';
    const tag = await aTag({ customerId: customer.id, parentIdTag: parent.idTag.toUpperCase(), expiryDate });
    // The parent is stored in its own spelling, since tags are compared without regard to case.
    expect(tag).toMatchObject({ status: 'Accepted', customerId: customer.id, parentIdTag: parent.idTag, expiryDate });
    expect(Number.isInteger(tag.id)).toBe(true);

    expect(await api(app, viewer).get(`/id-tags/${tag.id}`)).toMatchObject({ status: 200, body: { idTag: tag.idTag } });
    expect((await ops().get(`/id-tags?customerId=${customer.id}`)).body).toMatchObject([{ id: tag.id }]);
    expect((await ops().get(`/id-tags?idTag=${tag.idTag.toLowerCase()}`)).body).toMatchObject([{ id: tag.id }]);
    await ops().patch(`/id-tags/${tag.id}`, { status: 'Blocked' });
    expect((await ops().get(`/id-tags?customerId=${customer.id}&status=Blocked`)).body).toMatchObject([{ id: tag.id }]);
    expect((await ops().get(`/id-tags?customerId=${customer.id}&status=Accepted`)).body).toEqual([]);
  });

  it('a tag that exists in another case is a 409 naming idTag', async () => {
    const tag = await aTag({ idTag: `Dup${unique()}` });
    const res = await ops().post('/id-tags', { idTag: tag.idTag.toLowerCase() });
    expect(res).toMatchObject({ status: 409, body: { error: 'Conflict', details: { field: 'idTag' } } });
    expect((await ops().get(`/id-tags?idTag=${tag.idTag}`)).body).toHaveLength(1);
  });

  it('an unknown customerId or parentIdTag is a 404 naming the field, and nothing is written', async () => {
    const idTag = randomIdTag();
    expect(await ops().post('/id-tags', { idTag, customerId: 2_000_000_000 }))
      .toMatchObject({ status: 404, body: { error: 'NotFound', details: { field: 'customerId' } } });
    expect(await ops().post('/id-tags', { idTag, parentIdTag: randomIdTag() }))
      .toMatchObject({ status: 404, body: { error: 'NotFound', details: { field: 'parentIdTag' } } });
    const tag = await aTag();
    expect(await ops().patch(`/id-tags/${tag.id}`, { customerId: 2_000_000_000 })).toMatchObject({ status: 404, body: { details: { field: 'customerId' } } });
    expect(await ops().patch(`/id-tags/${tag.id}`, { parentIdTag: tag.idTag.toLowerCase() })).toMatchObject(badRequest('parentIdTag'));

    expect((await ops().get(`/id-tags?idTag=${idTag}`)).body).toEqual([]);
    expect((await ops().get(`/id-tags/${tag.id}`)).body).toEqual(tag);
  });

  it('rejects bad input with a 400 naming the field, and writes nothing', async () => {
    const tag = await aTag();
    const idTag = randomIdTag();
    const cases: Array<[unknown, string]> = [
      [{}, 'idTag'], [{ idTag: 'X'.repeat(21) }, 'idTag'], [{ idTag: 'TAG-ü' }, 'idTag'], [{ idTag: 12345 }, 'idTag'],
      [{ idTag, status: 'Expired' }, 'status'], [{ idTag, expiryDate: '2031-13-01' }, 'expiryDate'],
      [{ idTag, expiryDate: 'tomorrow' }, 'expiryDate'], [{ idTag, customerId: '5' }, 'customerId'],
      [{ idTag, customerId: 1.5 }, 'customerId'], [{ idTag, parentIdTag: 'P'.repeat(21) }, 'parentIdTag'],
    ];
    for (const [body, field] of cases) {
      const res = await ops().post('/id-tags', body);
      expect(res, JSON.stringify(body)).toMatchObject(badRequest(field));
      expect(res.body.message).toContain(field);
    }
    expect((await ops().post('/id-tags', { idTag, colour: 'red' })).body.message).toContain('colour');
    // The tag text is fixed once created: a new card is a new tag.
    expect((await ops().patch(`/id-tags/${tag.id}`, { idTag: 'RENAMED' })).body.message).toContain('idTag');
    expect(await ops().patch(`/id-tags/${tag.id}`, { expiryDate: 1 })).toMatchObject(badRequest('expiryDate'));
    expect(await ops().get('/id-tags?status=Lost')).toMatchObject(badRequest('status', 'query'));
    expect(await ops().get('/id-tags?customerId=BOOK1762958180110')).toMatchObject(badRequest('customerId', 'query'));

    expect((await ops().get(`/id-tags?idTag=${idTag}`)).body).toEqual([]);
    expect((await ops().get(`/id-tags/${tag.id}`)).body).toEqual(tag);
  });

  it('clears expiry, parent and customer with null, and deletes a tag; a parent in use stays (409)', async () => {
    const customer = await aCustomer();
    const parent = await aTag();
    const child = await aTag({ parentIdTag: parent.idTag, customerId: customer.id, expiryDate: '2031-01-01T00:00:00Z' });
    expect(await ops().delete(`/id-tags/${parent.id}`)).toMatchObject({ status: 409, body: { details: { field: 'idTagId', children: 1 } } });

    const cleared = await ops().patch(`/id-tags/${child.id}`, { parentIdTag: null, customerId: null, expiryDate: null });
    expect(cleared).toMatchObject({ status: 200, body: { parentIdTag: null, customerId: null, expiryDate: null } });
    expect(await ops().delete(`/id-tags/${parent.id}`)).toEqual({ status: 204, body: null });
    expect((await ops().get(`/id-tags/${parent.id}`)).status).toBe(404);
  });

  it('a tag blocked through the API is answered Blocked at the next Authorize, and Accepted once unblocked', async () => {
    const station = await aStation(app.services);
    const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
    const tag = await aTag();
    expect(await cp.call('Authorize', { idTag: tag.idTag })).toEqual({ idTagInfo: { status: 'Accepted' } });

    expect(await ops().patch(`/id-tags/${tag.id}`, { status: 'Blocked' })).toMatchObject({ status: 200, body: { status: 'Blocked' } });
    expect(await cp.call('Authorize', { idTag: tag.idTag })).toEqual({ idTagInfo: { status: 'Blocked' } });

    await ops().patch(`/id-tags/${tag.id}`, { status: 'Accepted', expiryDate: '2020-01-01T00:00:00Z' });
    expect((await cp.call('Authorize', { idTag: tag.idTag })).idTagInfo.status).toBe('Expired');
    await ops().patch(`/id-tags/${tag.id}`, { expiryDate: null });
    expect(await cp.call('Authorize', { idTag: tag.idTag })).toEqual({ idTagInfo: { status: 'Accepted' } });
  });
});
