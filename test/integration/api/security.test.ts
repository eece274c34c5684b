// The HTTP side's abuse resistance (issue 6): security headers the dashboard still works with, failed API logins
// limited per remote address, and no secret in the logs.
import { request as httpRequest } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../../helpers/test-app.js';
import { aToken } from '../../helpers/api.js';
import { aStation, randomChargeBoxId } from '../../helpers/seed.js';
import { upgrade } from '../../helpers/upgrade.js';
import { ManualClock } from '../../../src/shared/clock.js';

const BLOCK_S = 300;
const clock = new ManualClock(new Date());
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ clock, authFailures: { limit: 3, windowMs: 60_000, blockMs: BLOCK_S * 1000 } });
});
// Each test starts with no count: the window and any block are over.
afterEach(() => clock.advance((BLOCK_S + 61) * 1000));
afterAll(() => app.stop());

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; text: string; body: any }

/** One request over a real socket, from a chosen loopback address (the server sees it as the remote one). */
function send(path: string, o: { token?: string | null; from?: string; method?: string; body?: unknown } = {}): Promise<Answer> {
  const token = o.token === undefined ? TEST_ADMIN_TOKEN : o.token;
  const payload = o.body === undefined ? undefined : JSON.stringify(o.body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${app.url}${path}`, {
      method: o.method ?? 'GET',
      localAddress: o.from ?? '127.0.0.1',
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(payload ? { 'content-type': 'application/json' } : {}) },
    }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => { text += c.toString(); });
      res.on('end', () => {
        const json = /json/.test(res.headers['content-type'] ?? '') ? JSON.parse(text) as unknown : null;
        resolve({ status: res.statusCode ?? -1, headers: res.headers, text, body: json });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

describe('security headers', () => {
  const common = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  };

  it.each([
    ['an API answer', '/api/dashboard', TEST_ADMIN_TOKEN, 200],
    ['a refused API request', '/api/dashboard', null, 401],
    ['an unknown API path', '/api/no-such-thing', TEST_ADMIN_TOKEN, 404],
  ])('are on %s, with Cache-Control no-store', async (_what, path, token, status) => {
    const res = await send(path, { token });
    expect(res.status).toBe(status);
    expect(res.headers).toMatchObject({ ...common, 'cache-control': 'no-store' });
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it.each([
    ['the dashboard page', '/', /text\/html/],
    ['its modules', '/js/app.js', /javascript/],
    ['its stylesheet', '/styles.css', /text\/css/],
  ])('are on %s, served with the right type (nosniff makes browsers insist)', async (_what, path, type) => {
    const res = await send(path, { token: null });
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject(common);
    expect(res.headers['content-type']).toMatch(type);
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
  });

  it('allow only what the dashboard loads: its own scripts and styles, nothing inline, no eval', async () => {
    const csp = (await send('/', { token: null })).headers['content-security-policy'] as string;
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/connect-src 'self'/); // fetch('/api/…') and EventSource('/api/events')

    const page = (await send('/', { token: null })).text;
    const scripts = [...page.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attrs of scripts) expect(attrs).toMatch(/\bsrc="\/[^/]/); // same origin, no inline code
    expect(page).not.toMatch(/<style\b|\sstyle="|\son[a-z]+="/);
    // Every module it imports is relative to this origin.
    const app = (await send('/js/app.js', { token: null })).text;
    for (const [, from] of app.matchAll(/from\s+'([^']+)'/g)) expect(from).toMatch(/^\.\.?\//);
  });
});

describe('failed API logins per remote address', () => {
  it('answers 429, Retry-After and the JSON error at the limit, to all of /api from that address, until the block ends', async () => {
    for (let i = 0; i < 3; i++) expect((await send('/api/dashboard', { token: 'cs_guessed' })).status).toBe(401);

    const blocked = await send('/api/dashboard');
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBe(String(BLOCK_S));
    expect(blocked.body).toEqual({ error: 'TooManyRequests', message: expect.any(String), details: { retryAfterS: BLOCK_S } });
    // Refused before anything runs: this registration never happens.
    const chargeBoxId = randomChargeBoxId();
    expect((await send('/api/stations', { method: 'POST', body: { chargeBoxId, name: 'x' } })).status).toBe(429);
    expect(await app.services.stations.findByChargeBoxId(chargeBoxId)).toBeNull();
    expect(app.logs.filter((l) => l.msg === 'address blocked after repeated failed API logins'))
      .toEqual([expect.objectContaining({ remoteAddress: '127.0.0.1', blockS: BLOCK_S })]);

    expect((await send('/api/dashboard', { from: '127.0.0.2' })).status).toBe(200);
    expect((await send('/health', { token: null })).status).toBe(200); // not under /api

    clock.advance((BLOCK_S - 1) * 1000);
    expect((await send('/api/dashboard')).headers['retry-after']).toBe('1');
    clock.advance(1000);
    expect((await send('/api/dashboard')).status).toBe(200);
  });

  it('counts a bad access_token on the event stream', async () => {
    for (let i = 0; i < 3; i++) expect((await send('/api/events?access_token=cs_guessed', { token: null })).status).toBe(401);
    expect((await send('/api/dashboard')).status).toBe(429);
  });

  it('lets an address under the limit in; requests without a credential and 403s are not counted', async () => {
    const viewer = await aToken(app, 'viewer');
    for (let i = 0; i < 2; i++) expect((await send('/api/dashboard', { token: 'cs_guessed' })).status).toBe(401);
    for (let i = 0; i < 5; i++) expect((await send('/api/dashboard', { token: null })).status).toBe(401);
    for (let i = 0; i < 5; i++) expect((await send('/api/accounts', { token: viewer })).status).toBe(403);
    expect((await send('/api/dashboard')).status).toBe(200);
  });

  it('resets nothing on a success in between', async () => {
    expect((await send('/api/dashboard', { token: 'cs_guessed' })).status).toBe(401);
    expect((await send('/api/dashboard', { token: 'cs_guessed' })).status).toBe(401);
    expect((await send('/api/dashboard')).status).toBe(200);
    expect((await send('/api/dashboard', { token: 'cs_guessed' })).status).toBe(401);
    expect((await send('/api/dashboard')).status).toBe(429);
  });
});

describe('secrets never in the logs', () => {
  it('keeps out the password of a refused handshake and its Authorization header', async () => {
    const station = await aStation(app.services, { password: 'Right-Pw-SECRET-1' });
    const before = app.logs.length;
    expect((await upgrade(app, station.chargeBoxId, { password: 'Wrong-Pw-SECRET-2' })).status).toBe(401);

    const logged = JSON.stringify(app.logs.slice(before));
    expect(logged).toContain('handshake refused');
    expect(logged).not.toMatch(/SECRET/);
    expect(logged).not.toContain(Buffer.from(`${station.chargeBoxId}:Wrong-Pw-SECRET-2`).toString('base64'));
  });

  it('keeps out a refused bearer token and the access_token of an event stream URL', async () => {
    const before = app.logs.length;
    expect((await send('/api/sessions?limit=5', { token: 'cs_Bearer_SECRET_3' })).status).toBe(401);
    expect((await send('/api/events?access_token=cs_Query_SECRET_4&since=1', { token: null })).status).toBe(401);

    const entries = app.logs.slice(before);
    expect(entries.filter((l) => l.msg === 'API login failed').map((l) => l.path)).toEqual(['/api/sessions', '/api/events']);
    expect(JSON.stringify(entries)).not.toMatch(/SECRET/);
  });
});
