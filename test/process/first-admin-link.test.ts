// First start without ADMIN_TOKEN (issue 12): `npm start`'s entry point on a fresh database makes the first admin
// and prints a one-time sign-in link, once; the link works once; a second start prints nothing; `--sign-in-link`
// makes a new one. Wrong or used links are 401s that count toward the failed-login limit per address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { CentralSystemProcess, freePort } from '../helpers/central-system-process.js';
import { createProcessDatabase } from '../helpers/process-database.js';
import { api } from '../helpers/api.js';
import { waitFor } from '../helpers/wait-for.js';

/** Bounds on each wait: generous, for a loaded 2-core machine; a wait that is met ends at once. */
const WAIT_MS = 60_000;
const LINK = /Sign in as admin: open (http:\/\/127\.0\.0\.1:(\d+)\/#token=(csl_[A-Za-z0-9_-]+))/;

let env: Record<string, string>;
let remove: () => Promise<void>;
beforeAll(async () => {
  ({ env, remove } = await createProcessDatabase('first-admin'));
}, WAIT_MS);
afterAll(() => remove());

const linkLines = (cs: CentralSystemProcess) => cs.text.filter((line) => LINK.test(line));

async function start(port: number, args: string[] = []): Promise<CentralSystemProcess> {
  // No ADMIN_TOKEN, whatever the test runner's environment holds; 3 failed logins per address before 429.
  return CentralSystemProcess.start({ ...env, PORT: String(port), HOST: '127.0.0.1', ADMIN_TOKEN: '', AUTH_FAILURE_LIMIT: '3' }, WAIT_MS, args);
}

/** SIGTERM, and the process's own "stopped": it got past start-up (where the link is printed) and exited cleanly. */
async function stop(cs: CentralSystemProcess): Promise<void> {
  expect(await cs.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  expect(cs.text.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
}

const redeem = (port: number, body: unknown) => api({ url: `http://127.0.0.1:${port}` } as App, null).post('/sign-in-links/redeem', body);

describe('the first admin\'s sign-in link', () => {
  it('is printed once on a fresh database, works once, is not printed again, and --sign-in-link makes a new one', async () => {
    const port = await freePort();
    const first = await start(port);
    let apiToken: string;
    try {
      await waitFor(() => linkLines(first).length > 0, WAIT_MS);
      const [, url, linkPort, linkToken] = LINK.exec(linkLines(first)[0]!)!;
      expect(Number(linkPort)).toBe(port);
      expect(url).toContain('/#token=');

      const signedIn = await redeem(port, { token: linkToken });
      expect(signedIn).toMatchObject({ status: 201, body: { name: 'admin', role: 'admin', token: expect.stringMatching(/^cs_/) } });
      apiToken = signedIn.body.token as string;
      const me = await api({ url: `http://127.0.0.1:${port}` } as App, apiToken).get('/me');
      expect(me).toMatchObject({ status: 200, body: { name: 'admin', role: 'admin' } });

      // Works once: the second redeem is a 401, and nothing new is issued.
      expect(await redeem(port, { token: linkToken })).toMatchObject({ status: 401, body: { error: 'Unauthorized' } });
      // Bad input is a 400 naming the field and is not a failed login.
      for (const bad of [{ tokn: linkToken }, { token: 42 }, { token: '' }]) {
        const res = await redeem(port, bad);
        expect(res.status).toBe(400);
        expect(res.body.details.fields[0]).toMatchObject({ field: 'token', in: 'body' });
      }
      const tokens = await api({ url: `http://127.0.0.1:${port}` } as App, apiToken).get(`/accounts/${signedIn.body.accountId}/tokens`);
      expect(tokens.body).toEqual([expect.objectContaining({ label: 'sign-in link', revokedAt: null })]);
      // Wrong links count toward the limit (3 here): with the used one above, two more and the address is blocked.
      expect((await redeem(port, { token: 'csl_guess-1' })).status).toBe(401);
      expect((await redeem(port, { token: 'csl_guess-2' })).status).toBe(401);
      expect((await redeem(port, { token: 'csl_guess-3' })).status).toBe(429);
      expect(linkLines(first)).toHaveLength(1);
    } finally {
      await stop(first);
    }

    const second = await start(port);
    try {
      expect(await api({ url: `http://127.0.0.1:${port}` } as App, apiToken).get('/me')).toMatchObject({ status: 200 });
    } finally {
      await stop(second);
    }
    expect(linkLines(second)).toEqual([]);
    expect(second.text.some((line) => line.includes('first admin account created'))).toBe(false);

    const third = await start(port, ['--sign-in-link']);
    try {
      await waitFor(() => linkLines(third).length > 0, WAIT_MS);
      const [, , , newToken] = LINK.exec(linkLines(third)[0]!)!;
      expect(await redeem(port, { token: newToken })).toMatchObject({ status: 201, body: { name: 'admin' } });
    } finally {
      await stop(third);
    }
  }, 4 * WAIT_MS);
});
