// POST /api/sign-in-links/redeem (issue 12): a one-time link's token becomes an API token of its account, once,
// within a day, for an enabled account; anything else is a 401 that issues nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/api.js';
import { ManualClock } from '../../../src/shared/clock.js';
import { SIGN_IN_LINK_TTL_MS } from '../../../src/services/sign-in-links.js';

const clock = new ManualClock(new Date('2026-12-01T09:00:00Z'));
let app: TestApp;
beforeAll(async () => { app = await startTestApp({ clock }); });
afterAll(() => app.stop());

const anAccount = (role: 'admin' | 'viewer' = 'admin') =>
  app.services.staff.createAccount({ name: `staff-${randomBytes(4).toString('hex')}`, role });
const redeem = (token: unknown) => api(app, null).post('/sign-in-links/redeem', { token });
const tokensOf = async (accountId: number) => (await app.services.staff.listTokens(accountId)).length;

describe('redeeming a sign-in link', () => {
  it('gives an API token of the link\'s account, labelled, that works; the link does not work twice', async () => {
    const account = await anAccount('viewer');
    const link = await app.services.signInLinks.issue(account.id);
    const res = await redeem(link.token);
    expect(res).toMatchObject({ status: 201, body: { accountId: account.id, name: account.name, role: 'viewer' } });
    expect(await api(app, res.body.token as string).get('/me')).toMatchObject({ status: 200, body: { name: account.name } });
    expect(await app.services.staff.listTokens(account.id)).toEqual([expect.objectContaining({ label: 'sign-in link' })]);

    expect(await redeem(link.token)).toMatchObject({ status: 401, body: { error: 'Unauthorized' } });
    expect(await tokensOf(account.id)).toBe(1);
  });

  it('refuses a link past its 24 hours, and one of a disabled account, issuing nothing', async () => {
    const account = await anAccount();
    const link = await app.services.signInLinks.issue(account.id);
    expect(link.expiresAt.getTime() - clock.now().getTime()).toBe(SIGN_IN_LINK_TTL_MS);
    clock.advance(SIGN_IN_LINK_TTL_MS);
    expect((await redeem(link.token)).status).toBe(401);

    const disabled = await anAccount();
    const hisLink = await app.services.signInLinks.issue(disabled.id);
    await app.services.staff.updateAccount(disabled.id, { disabled: true });
    expect((await redeem(hisLink.token)).status).toBe(401);
    expect(await tokensOf(account.id)).toBe(0);
    expect(await tokensOf(disabled.id)).toBe(0);
  });

  it('does not take an API token, or a link\'s token as a bearer token', async () => {
    const account = await anAccount();
    const link = await app.services.signInLinks.issue(account.id);
    expect((await api(app, link.token).get('/me')).status).toBe(401);
    const { token } = await app.services.staff.issueToken(account.id, 'laptop');
    expect((await redeem(token)).status).toBe(401);
    expect((await redeem(link.token)).status).toBe(201); // neither attempt used the link up
  });

  it('keeps the secrets out of the logs', async () => {
    const account = await anAccount();
    const link = await app.services.signInLinks.issue(account.id);
    const res = await redeem(link.token);
    const logged = JSON.stringify(app.logs);
    expect(logged).not.toContain(link.token);
    expect(logged).not.toContain(res.body.token as string);
  });
});
