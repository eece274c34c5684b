// API_CHECK_RESPONSES really fails an answer its schema does not describe: tiny test-only route specs, mounted
// with the app's own mountRoutes (and its real staff service, for the bearer check) on an express app of their own.
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountRoutes } from '../../../src/api/router.js';
import { route, type RouteSpec } from '../../../src/api/route.js';
import { errorMiddleware } from '../../../src/api/errors.js';
import { createLogger } from '../../../src/shared/logger.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../../helpers/test-app.js';

const Reading = z.strictObject({ id: z.int(), at: z.iso.datetime(), note: z.string().nullable() });

const answering = (path: string, body: unknown, extra: Partial<RouteSpec> = {}): RouteSpec => route({
  method: 'get', path, summary: path, tag: 'test', role: 'viewer', response: Reading, ...extra,
  handle: async () => body,
});

const specs: RouteSpec[] = [
  // A Date is sent as an ISO string: the check sees the answer as the client does.
  answering('/good', { id: 1, at: new Date('2026-01-02T03:04:05Z'), note: null }),
  answering('/wrong-type', { id: 'one', at: '2026-01-02T03:04:05.000Z', note: null }),
  answering('/extra-field', { id: 1, at: '2026-01-02T03:04:05.000Z', note: 'x', secret: 'leak' }),
  // A plain z.object would strip the field; the document still says additionalProperties: false.
  answering('/extra-nested', { id: 1, at: '2026-01-02T03:04:05.000Z', note: null, owner: { name: 'x', email: 'x@y' } },
    { response: Reading.extend({ owner: z.object({ name: z.string() }) }) }),
  answering('/paged', { items: [{ id: 1, at: '2026-01-02T03:04:05.000Z', note: null }, { id: 2, at: 'yesterday', note: null }], nextCursor: null }, { paged: true }),
  answering('/undocumented', { anything: true }, { response: undefined }),
];

let app: TestApp;
const servers: Server[] = [];
const logs: Array<Record<string, unknown>> = [];

async function serve(checkResponses: boolean): Promise<string> {
  const log = createLogger('debug', new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  }));
  const web = express();
  web.use('/api', mountRoutes(specs, app.services.staff, { checkResponses: checkResponses && { log } }));
  web.use(errorMiddleware(log));
  const server = createServer(web).listen(0, '127.0.0.1');
  servers.push(server);
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
}

const get = async (base: string, path: string) => {
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
  return { status: res.status, body: await res.json() as any };
};

let checked: string;
let unchecked: string;
beforeAll(async () => {
  app = await startTestApp();
  checked = await serve(true);
  unchecked = await serve(false);
});
afterAll(async () => {
  for (const s of servers) s.close();
  await app.stop();
});

describe('the response check (API_CHECK_RESPONSES)', () => {
  it('lets an answer through that matches its schema once sent as JSON', async () => {
    expect(await get(checked, '/good')).toEqual({ status: 200, body: { id: 1, at: '2026-01-02T03:04:05.000Z', note: null } });
  });

  it('answers 500 ResponseSchemaMismatch naming the route and the field of a wrong type, and logs it', async () => {
    const res = await get(checked, '/wrong-type');
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ error: 'ResponseSchemaMismatch', details: { route: 'GET /wrong-type', field: 'id' } });
    expect(res.body.message).toContain('GET /wrong-type');
    expect(logs).toContainEqual(expect.objectContaining({ level: 50, responseMismatch: expect.objectContaining({ route: 'GET /wrong-type', field: 'id' }) }));
  });

  it('fails a field the schema does not list (the document says additionalProperties: false)', async () => {
    const res = await get(checked, '/extra-field');
    expect(res).toMatchObject({ status: 500, body: { error: 'ResponseSchemaMismatch', details: { field: 'secret' } } });
  });

  it('fails a field that a plain z.object would strip, naming it', async () => {
    const res = await get(checked, '/extra-nested');
    expect(res).toMatchObject({ status: 500, body: { error: 'ResponseSchemaMismatch', details: { field: 'owner.email' } } });
  });

  it('checks each item of a paged route, naming the item', async () => {
    const res = await get(checked, '/paged');
    expect(res).toMatchObject({ status: 500, body: { error: 'ResponseSchemaMismatch', details: { route: 'GET /paged', field: '[1].at' } } });
  });

  it('leaves a route without a response schema alone', async () => {
    expect(await get(checked, '/undocumented')).toEqual({ status: 200, body: { anything: true } });
  });

  it('checks nothing when off (production)', async () => {
    expect(await get(unchecked, '/wrong-type')).toMatchObject({ status: 200, body: { id: 'one' } });
  });
});
