// Auth for the whole API: bearer tokens, roles, the bootstrap admin, and staff accounts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { api, aToken } from '../../helpers/api.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(() => app.stop());

describe('authentication', () => {
  it('answers only /health without a token', async () => {
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
    for (const path of ['/me', '/accounts', '/openapi.json', '/events']) {
      const res = await api(app, null).get(path);
      expect(res, path).toMatchObject({ status: 401, body: { error: 'Unauthorized' } });
    }
  });

  it('refuses an unknown token and a malformed Authorization header', async () => {
    expect((await api(app, 'cs_not-a-real-token').get('/me')).status).toBe(401);
    const basic = await fetch(`${app.url}/api/me`, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.status).toBe(401);
  });

  it('takes ADMIN_TOKEN as the bootstrap admin', async () => {
    expect(await api(app).get('/me')).toMatchObject({ status: 200, body: { role: 'admin', accountId: null } });
  });
});

describe('staff accounts and tokens', () => {
  it('creates an account, issues a token shown once, and the token works with its role', async () => {
    const created = await api(app).post('/accounts', { name: `op-${Date.now()}`, role: 'operator' });
    expect(created).toMatchObject({ status: 201, body: { role: 'operator', disabledAt: null } });
    const issued = await api(app).post(`/accounts/${created.body.id}/tokens`, { label: 'laptop' });
    expect(issued).toMatchObject({ status: 201, body: { label: 'laptop', accountId: created.body.id } });
    expect(issued.body.token).toMatch(/^cs_/);

    expect(await api(app, issued.body.token).get('/me')).toMatchObject({ status: 200, body: { role: 'operator', accountId: created.body.id } });
    const listed = await api(app).get(`/accounts/${created.body.id}/tokens`);
    expect(listed.body).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(issued.body.token);
  });

  it('revokes a token: it stops working at once; revoking it again is a 409', async () => {
    const token = await aToken(app, 'viewer');
    const me = await api(app, token).get('/me');
    const [record] = (await api(app).get(`/accounts/${me.body.accountId}/tokens`)).body;

    expect((await api(app).delete(`/tokens/${record.id}`)).status).toBe(200);
    expect((await api(app, token).get('/me')).status).toBe(401);
    expect((await api(app).delete(`/tokens/${record.id}`)).status).toBe(409);
  });

  it('a disabled account\'s tokens stop working; enabling it again restores them', async () => {
    const token = await aToken(app, 'viewer');
    const { accountId } = (await api(app, token).get('/me')).body;
    await api(app).patch(`/accounts/${accountId}`, { disabled: true });
    expect((await api(app, token).get('/me')).status).toBe(401);
    await api(app).patch(`/accounts/${accountId}`, { disabled: false });
    expect((await api(app, token).get('/me')).status).toBe(200);
  });

  it('lets only an admin manage accounts (403 for operator and viewer)', async () => {
    for (const role of ['viewer', 'operator'] as const) {
      const res = await api(app, await aToken(app, role)).post('/accounts', { name: `x-${role}-${Date.now()}`, role: 'admin' });
      expect(res, role).toMatchObject({ status: 403, body: { error: 'Forbidden' } });
    }
  });

  it('rejects bad input with 400 naming the field, and writes nothing', async () => {
    const before = (await api(app).get('/accounts')).body.length;
    const badRole = await api(app).post('/accounts', { name: 'someone', role: 'superuser' });
    expect(badRole).toMatchObject({ status: 400, body: { error: 'BadRequest', details: { fields: [{ field: 'role', in: 'body' }] } } });
    expect(badRole.body.message).toMatch(/^role:/);
    expect((await api(app).post('/accounts', { name: 'someone', role: 'viewer', extra: 1 })).status).toBe(400);
    expect((await api(app).post('/accounts', '{"name": ')).status).toBe(400);
    expect((await api(app).get('/accounts')).body.length).toBe(before);
  });

  it('a duplicate account name is a 409', async () => {
    const name = `dup-${Date.now()}`;
    expect((await api(app).post('/accounts', { name, role: 'viewer' })).status).toBe(201);
    expect(await api(app).post('/accounts', { name, role: 'admin' })).toMatchObject({ status: 409, body: { error: 'Conflict' } });
  });

  it.each(['BOOK1762958180110', '1.5', '-3', '0', '99999999999'])('an id like %j is a 400 naming the field', async (id) => {
    const res = await api(app).get(`/accounts/${id}`);
    expect(res).toMatchObject({ status: 400, body: { error: 'BadRequest', details: { fields: [{ field: 'accountId', in: 'path' }] } } });
    expect(res.body.message).toContain('accountId');
  });

  it('an unknown id is a 404 naming it', async () => {
    expect(await api(app).get('/accounts/2000000000')).toMatchObject({ status: 404, body: { error: 'NotFound', details: { field: 'accountId' } } });
  });
});
