// Staff invite a customer to the driver app (issue 19 item 1): a one-time link, kept as a SHA-256 only, that makes
// the customer's own driver account even while sign-up is closed; it works once, expires, and is never logged.
import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/shared/clock.js';
import { driverAccounts, driverInvitations, idTags } from '../../../src/store/schema/index.js';
import { api, aToken, type ApiClient } from '../../helpers/api.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation, randomIdTag } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { aDriver, DRIVER_PASSWORD } from '../../helpers/drivers.js';

const TTL_S = 3600;
const PUBLIC_URL = 'https://charge.example.com/';
const clock = new ManualClock(new Date('2026-06-01T08:00:00Z'));
let app: TestApp;
let closed: TestApp;
let operator: string;
let viewer: string;
beforeAll(async () => {
  app = await startTestApp({ clock, authFailures: { limit: 8 }, drivers: { invitationTtlS: TTL_S }, publicUrl: PUBLIC_URL });
  closed = await startTestApp({ drivers: { signupOpen: false } });
  [operator, viewer] = await Promise.all([aToken(app, 'operator'), aToken(app, 'viewer')]);
});
// Each test in a fresh window of the login limit (60 s), so only the guessing test meets it.
beforeEach(() => clock.advance(2 * 60_000));
afterEach(closeChargers);
afterAll(async () => { await app?.stop(); await closed?.stop(); });

const anonymous = (on: TestApp = app): ApiClient => api(on, null);
const newEmail = () => `invitee-${randomBytes(4).toString('hex')}@example.org`;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** Every token handed out in this file: none may reach a log line. */
const issued: string[] = [];

async function aCustomer(on: TestApp = app, o: { email?: string | null } = {}): Promise<{ id: number; name: string; email: string | null }> {
  const res = await api(on).post('/customers', { name: `Invitee ${randomBytes(3).toString('hex')}`, email: o.email === undefined ? newEmail() : o.email });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function invite(customerId: number, on: TestApp = app, token: string | null = operator) {
  const res = await api(on, on === app ? token : undefined).post(`/customers/${customerId}/driver-invitation`);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const body = res.body as { invitationId: number; customerId: number; url: string; expiresAt: string };
  const linkToken = body.url.split('#/invite/')[1]!;
  issued.push(linkToken);
  return { ...body, token: linkToken };
}

const accept = (token: string, o: { email?: string; on?: TestApp } = {}) =>
  anonymous(o.on).post('/driver/invitations/accept', { token, password: DRIVER_PASSWORD, ...(o.email ? { email: o.email } : {}) });
const accountsOf = async (customerId: number, on: TestApp = app) =>
  on.database.db.select().from(driverAccounts).where(eq(driverAccounts.customerId, customerId));
const invitationRow = async (invitationId: number) =>
  (await app.database.db.select().from(driverInvitations).where(eq(driverInvitations.id, invitationId)))[0]!;
const unusable = { status: 401, body: { error: 'Unauthorized' } };

describe('inviting a customer (staff)', () => {
  it('hands an operator a one-time link on PUBLIC_URL, stored as its SHA-256 only, with who made it', async () => {
    const customer = await aCustomer();
    const invitation = await invite(customer.id);
    expect(invitation).toMatchObject({ customerId: customer.id, expiresAt: new Date(clock.now().getTime() + TTL_S * 1000).toISOString() });
    expect(invitation.url).toMatch(/^https:\/\/charge\.example\.com\/app\/#\/invite\/csi_[A-Za-z0-9_-]{43}$/);
    const row = await invitationRow(invitation.invitationId);
    expect(row).toMatchObject({ customerId: customer.id, tokenHash: sha256(invitation.token), acceptedAt: null });
    expect(row.createdBy).toMatch(/^operator-/);
    expect(JSON.stringify(row)).not.toContain(invitation.token.slice(4));
  });

  it('puts the link on the request\'s own origin without PUBLIC_URL', async () => {
    const invitation = await invite((await aCustomer(closed)).id, closed);
    expect(invitation.url.startsWith(`${closed.url}/app/#/invite/csi_`)).toBe(true);
  });

  it('refuses a viewer (403), an unknown customer (404), a bad id (400), a customer with an account (409)', async () => {
    const customer = await aCustomer();
    expect(await api(app, viewer).post(`/customers/${customer.id}/driver-invitation`)).toMatchObject({ status: 403 });
    expect(await api(app, operator).post('/customers/999999/driver-invitation'))
      .toMatchObject({ status: 404, body: { error: 'NotFound', details: { field: 'customerId' } } });
    expect(await api(app, operator).post('/customers/BOOK1762958180110/driver-invitation'))
      .toMatchObject({ status: 400, body: { details: { fields: [{ field: 'customerId', in: 'path' }] } } });
    const driver = await aDriver(app);
    expect(await api(app, operator).post(`/customers/${driver.customerId}/driver-invitation`))
      .toMatchObject({ status: 409, body: { error: 'Conflict', details: { reason: 'has_account' } } });
    const rows = await app.database.db.select().from(driverInvitations).where(eq(driverInvitations.customerId, driver.customerId));
    expect(rows).toEqual([]);
  });

  it('lets staff delete a customer who was invited but never accepted', async () => {
    const customer = await aCustomer();
    await invite(customer.id);
    expect((await api(app, operator).delete(`/customers/${customer.id}`)).status).toBe(204);
  });
});

describe('accepting an invitation', () => {
  it('makes the customer\'s own driver account with the customer\'s email; the driver token works', async () => {
    const customer = await aCustomer();
    const { token } = await invite(customer.id);
    expect(await anonymous().post('/driver/invitations/peek', { token }))
      .toMatchObject({ status: 200, body: { customerName: customer.name, email: customer.email } });
    const res = await accept(token);
    expect(res).toMatchObject({ status: 201, body: { account: { customerId: customer.id, name: customer.name, email: customer.email } } });
    expect(res.body.account.appIdTag).toMatch(/^APP[0-9A-F]{12}$/);
    expect(res.body.token).toMatch(/^csd_/);
    expect(await api(app, res.body.token).get('/driver/me')).toMatchObject({ status: 200, body: { customerId: customer.id } });
    const login = await anonymous().post('/driver/login', { email: customer.email, password: DRIVER_PASSWORD });
    expect(login).toMatchObject({ status: 200, body: { account: { customerId: customer.id } } });
  });

  it('works once: a second accept (or peek) is refused and changes nothing', async () => {
    const customer = await aCustomer();
    const { token, invitationId } = await invite(customer.id);
    expect((await accept(token)).status).toBe(201);
    const spent = await invitationRow(invitationId);
    expect(spent.acceptedAt).not.toBeNull();
    expect(await accept(token, { email: newEmail() })).toMatchObject(unusable);
    expect(await anonymous().post('/driver/invitations/peek', { token })).toMatchObject(unusable);
    expect(await invitationRow(invitationId)).toEqual(spent);
    expect(await accountsOf(customer.id)).toHaveLength(1);
  });

  it('spends the customer\'s other open invitations with the first one accepted', async () => {
    const customer = await aCustomer();
    const older = await invite(customer.id);
    const newer = await invite(customer.id);
    expect((await accept(newer.token)).status).toBe(201);
    expect(await accept(older.token)).toMatchObject(unusable);
    expect((await invitationRow(older.invitationId)).acceptedAt).toBeNull();
  });

  it('refuses an unknown token the same way, and creates nothing', async () => {
    const before = (await app.database.db.select().from(driverAccounts)).length;
    expect(await accept(`csi_${randomBytes(32).toString('base64url')}`)).toMatchObject(unusable);
    expect(await accept('not even a token')).toMatchObject(unusable);
    expect(await anonymous().post('/driver/invitations/peek', { token: 'csi_guess' })).toMatchObject(unusable);
    expect((await app.database.db.select().from(driverAccounts)).length).toBe(before);
  });

  it('expires after DRIVER_INVITATION_TTL_S: refused, nothing created', async () => {
    const customer = await aCustomer();
    const { token, invitationId } = await invite(customer.id);
    clock.advance(TTL_S * 1000);
    expect(await accept(token)).toMatchObject(unusable);
    expect(await accountsOf(customer.id)).toEqual([]);
    expect((await invitationRow(invitationId)).acceptedAt).toBeNull();
  });

  it('needs an email when the customer has none (400 naming email, the link still good), then records it', async () => {
    const customer = await aCustomer(app, { email: null });
    const { token } = await invite(customer.id);
    expect(await anonymous().post('/driver/invitations/peek', { token })).toMatchObject({ status: 200, body: { email: null } });
    expect(await accept(token)).toMatchObject({ status: 400, body: { error: 'BadRequest', details: { fields: [{ field: 'email' }] } } });
    expect(await accountsOf(customer.id)).toEqual([]);
    const email = newEmail();
    expect(await accept(token, { email: `  ${email.toUpperCase()} ` })).toMatchObject({ status: 201, body: { account: { email } } });
    expect((await api(app).get(`/customers/${customer.id}`)).body.email).toBe(email);
  });

  it('refuses an email another account has (409 naming email), and leaves the link usable', async () => {
    const other = await aDriver(app);
    const customer = await aCustomer();
    const { token } = await invite(customer.id);
    expect(await accept(token, { email: other.email.toUpperCase() }))
      .toMatchObject({ status: 409, body: { error: 'Conflict', details: { field: 'email' } } });
    expect(await accountsOf(customer.id)).toEqual([]);
    expect((await accept(token)).status).toBe(201);
  });

  it.each([
    [{ password: DRIVER_PASSWORD }, 'token'],
    [{ token: 'csi_x', password: 'short' }, 'password'],
    [{ token: 'csi_x', password: DRIVER_PASSWORD, email: 'nope' }, 'email'],
    [{ token: 'csi_x', password: DRIVER_PASSWORD, name: 'Eve' }, 'name'],
  ])('answers %j with 400 naming %s', async (body, field) => {
    const res = await anonymous().post('/driver/invitations/accept', body);
    expect(res).toMatchObject({ status: 400, body: { details: { fields: [{ field }] } } });
  });

  it('makes exactly one account from two concurrent accepts of one link', async () => {
    const customer = await aCustomer();
    const { token } = await invite(customer.id);
    const answers = await Promise.all([accept(token), accept(token), accept(token)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 401, 401]);
    expect(await accountsOf(customer.id)).toHaveLength(1);
    const appTags = await app.database.db.select().from(idTags).where(eq(idTags.customerId, customer.id));
    expect(appTags).toHaveLength(1);
  });
});

describe('two open invitations of one customer, accepted at once', () => {
  it('make one account: the other is refused (spent, or a 409 has_account when both got past the link)', async () => {
    const customer = await aCustomer();
    const [first, second] = [await invite(customer.id), await invite(customer.id)];
    const answers = await Promise.all([accept(first.token), accept(second.token)]);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.find((a) => a.status !== 201)).toMatchObject({ status: expect.toBeOneOf([401, 409]) });
    expect(await accountsOf(customer.id)).toHaveLength(1);
  });
});

describe('with sign-up closed (DRIVER_SIGNUP=false)', () => {
  it('still accepts an invitation, and the driver sees the sessions of the RFID tags staff gave the customer', async () => {
    expect(await anonymous(closed).post('/driver/signup', { name: 'x', email: newEmail(), password: DRIVER_PASSWORD }))
      .toMatchObject({ status: 403, body: { error: 'Forbidden' } });
    const customer = await aCustomer(closed);
    const rfid = randomIdTag();
    expect((await api(closed).post('/id-tags', { idTag: rfid, customerId: customer.id })).status).toBe(201);
    const station = await aStation(closed.services);
    const cp = await bootedCharger(closed, station.chargeBoxId);
    const { transactionId } = await cp.startSession(1, rfid);

    const { token } = await invite(customer.id, closed);
    const res = await accept(token, { on: closed });
    expect(res).toMatchObject({ status: 201, body: { account: { customerId: customer.id } } });
    const sessions = (await api(closed, res.body.token).get('/driver/sessions')).body as Array<{ id: number }>;
    expect(sessions.map((s) => s.id)).toEqual([transactionId]);
    expect((await api(closed).get(`/id-tags?customerId=${customer.id}`)).body.map((t: { idTag: string }) => t.idTag))
      .toEqual(expect.arrayContaining([rfid, res.body.account.appIdTag]));
  });
});

describe('guessing tokens', () => {
  it('counts refused links toward the address\'s failed logins (429 past the limit)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await accept(`csi_${randomBytes(32).toString('base64url')}`)).status);
    expect(statuses.slice(0, 8)).toEqual(Array(8).fill(401));
    expect(statuses[8]).toBe(429);
  });

  it('never logs a link\'s token', () => {
    expect(issued.length).toBeGreaterThan(5);
    const logged = JSON.stringify([...app.logs, ...closed.logs]);
    for (const token of issued) expect(logged).not.toContain(token.slice(4));
    expect(app.logs.some((l) => l.msg === 'driver invitation issued')).toBe(true);
  });
});
