// Driver accounts (issue 19 item 1): sign-up, login, the driver token's expiry and revocation, and the wall
// between the driver API and the staff API.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/shared/clock.js';
import { api, type ApiClient } from '../../helpers/api.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const TTL_S = 3600;
const clock = new ManualClock(new Date('2026-06-01T08:00:00Z'));
let app: TestApp;
let closed: TestApp;
beforeAll(async () => {
  app = await startTestApp({ clock, authFailures: { limit: 5 }, drivers: { tokenTtlS: TTL_S } });
  closed = await startTestApp({ drivers: { signupOpen: false } });
});
afterAll(async () => { await app?.stop(); await closed?.stop(); });

const anonymous = (): ApiClient => api(app, null);
const asDriver = (token: string): ApiClient => api(app, token);
const newEmail = () => `driver-${randomBytes(4).toString('hex')}@example.org`;
const PASSWORD = 'correct horse battery';

async function signUp(o: { email?: string; name?: string } = {}) {
  const res = await anonymous().post('/driver/signup', { name: o.name ?? 'Dana Driver', email: o.email ?? newEmail(), password: PASSWORD });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { account: { customerId: number; email: string; appIdTag: string }; token: string; expiresAt: string };
}
const customerCount = async () => (await api(app).get('/customers?limit=500')).body.length as number;

describe('driver sign-up', () => {
  it('makes a customer with an app id tag and signs in; staff see the customer and its tag', async () => {
    const email = newEmail();
    const signedUp = await signUp({ email: `  ${email.toUpperCase()} `, name: 'Ana Able' });
    expect(signedUp.account).toMatchObject({ email, name: 'Ana Able' });
    expect(signedUp.account.appIdTag).toMatch(/^APP[0-9A-F]{12}$/);
    expect(signedUp.token).toMatch(/^csd_/);
    expect(new Date(signedUp.expiresAt).getTime()).toBe(clock.now().getTime() + TTL_S * 1000);
    expect((await asDriver(signedUp.token).get('/driver/me')).body).toMatchObject({ customerId: signedUp.account.customerId, email });
    const tags = (await api(app).get(`/id-tags?customerId=${signedUp.account.customerId}`)).body as Array<{ idTag: string; status: string }>;
    expect(tags).toEqual([expect.objectContaining({ idTag: signedUp.account.appIdTag, status: 'Accepted' })]);
  });

  it('refuses an email taken in another case with 409 naming email, and creates nothing', async () => {
    const email = newEmail();
    await signUp({ email });
    const before = await customerCount();
    const again = await anonymous().post('/driver/signup', { name: 'Copy', email: email.toUpperCase(), password: PASSWORD });
    expect(again).toMatchObject({ status: 409, body: { error: 'Conflict', details: { field: 'email' } } });
    expect(await customerCount()).toBe(before);
  });

  it.each([
    [{ name: 'x', email: 'not-an-email', password: PASSWORD }, 'email'],
    [{ name: 'x', email: 'a@example.org', password: 'short' }, 'password'],
    [{ name: '', email: 'b@example.org', password: PASSWORD }, 'name'],
    [{ name: 'x', email: 'c@example.org', password: PASSWORD, role: 'admin' }, 'role'],
    [{ name: 'x', email: 'd@example.org', password: 12345678901 }, 'password'],
  ])('answers %j with 400 naming %s and creates nothing', async (body, field) => {
    const before = await customerCount();
    const res = await anonymous().post('/driver/signup', body);
    expect(res.status).toBe(400);
    expect(res.body.details.fields[0].field).toBe(field);
    expect(await customerCount()).toBe(before);
  });

  it('is closed with DRIVER_SIGNUP=false: 403, nothing created', async () => {
    const res = await api(closed, null).post('/driver/signup', { name: 'x', email: newEmail(), password: PASSWORD });
    expect(res).toMatchObject({ status: 403, body: { error: 'Forbidden' } });
    expect((await api(closed).get('/customers?limit=500')).body).toEqual([]);
  });
});

describe('driver login and tokens', () => {
  it('logs in with the email in any case; a wrong password or an unknown email is a 401', async () => {
    const { account } = await signUp();
    const ok = await anonymous().post('/driver/login', { email: account.email.toUpperCase(), password: PASSWORD });
    expect(ok.status).toBe(200);
    expect((await asDriver(ok.body.token).get('/driver/me')).body.customerId).toBe(account.customerId);
    expect((await anonymous().post('/driver/login', { email: account.email, password: `${PASSWORD}!` })).status).toBe(401);
    expect((await anonymous().post('/driver/login', { email: newEmail(), password: PASSWORD })).status).toBe(401);
  });

  it('expires a token after DRIVER_TOKEN_TTL_S', async () => {
    const { token } = await signUp();
    clock.advance((TTL_S - 1) * 1000);
    expect((await asDriver(token).get('/driver/me')).status).toBe(200);
    clock.advance(2000);
    expect((await asDriver(token).get('/driver/me')).status).toBe(401);
  });

  it('revokes the token a sign-out carries, and only that one', async () => {
    const { account, token } = await signUp();
    const other = (await anonymous().post('/driver/login', { email: account.email, password: PASSWORD })).body.token as string;
    expect((await asDriver(token).post('/driver/logout')).status).toBe(204);
    expect((await asDriver(token).get('/driver/me')).status).toBe(401);
    expect((await asDriver(other).get('/driver/me')).status).toBe(200);
  });

  it('keeps drivers out of the staff API (403) and staff out of the driver API (403)', async () => {
    const { token } = await signUp();
    expect((await asDriver(token).get('/stations')).status).toBe(403);
    expect((await asDriver(token).get('/customers')).status).toBe(403);
    expect((await api(app).get('/driver/me')).status).toBe(403);
    expect((await anonymous().get('/driver/me')).status).toBe(401);
  });
});

describe('driver login limits', () => {
  it('blocks an address after repeated wrong passwords, like staff logins (429 with Retry-After)', async () => {
    const { account } = await signUp();
    clock.advance(60 * 60_000); // the earlier tests' 401s leave the window
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await anonymous().post('/driver/login', { email: account.email, password: `wrong ${i} password` })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    expect((await anonymous().post('/driver/login', { email: account.email, password: PASSWORD })).status).toBe(429);
  });
});
