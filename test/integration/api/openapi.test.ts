// The OpenAPI document is valid OpenAPI 3.1 and lists exactly the routes the app serves, with the request
// schemas that validate them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/api.js';
import { OpenApiAnswers } from '../../helpers/openapi-answers.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(() => app.stop());

describe('GET /api/openapi.json', () => {
  it('is valid OpenAPI 3.1', async () => {
    const res = await api(app).get('/openapi.json');
    expect(res.status).toBe(200);
    const result = await new Validator().validate(res.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lists every route the app serves, and nothing else', async () => {
    const doc = (await api(app).get('/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)).sort();
    const served = app.routes.map((r) => `${r.method} /api${r.path.replace(/:([a-zA-Z]+)/g, '{$1}')}`).sort();
    expect(documented).toEqual(served);
    expect(served.length).toBeGreaterThan(40);
  });

  it('describes a request body from the schema that validates it', async () => {
    const doc = (await api(app).get('/openapi.json')).body;
    const body = doc.paths['/api/accounts'].post.requestBody.content['application/json'].schema;
    expect(body).toMatchObject({ type: 'object', required: ['name', 'role'], additionalProperties: false });
    expect(body.properties.role.enum).toEqual(['viewer', 'operator', 'admin']);
    // … and that schema is what the route enforces:
    expect((await api(app).post('/accounts', { name: 'x', role: 'root' })).status).toBe(400);
  });

  it('says which role each operation needs, and takes the bearer token', async () => {
    const doc = (await api(app).get('/openapi.json')).body;
    expect(doc.paths['/api/stations'].post['x-required-role']).toBe('admin');
    expect(doc.paths['/api/sessions'].get['x-required-role']).toBe('viewer');
    expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
  });

  it('documents the one route without a bearer token as such, and serves it without one', async () => {
    const op = (await api(app).get('/openapi.json')).body.paths['/api/sign-in-links/redeem'].post;
    expect(op).toMatchObject({ security: [], requestBody: { content: { 'application/json': { schema: { required: ['token'] } } } } });
    expect(op['x-required-role']).toBeUndefined();
    // No token, a wrong link: the link's own 401, not the bearer check's.
    expect(await api(app, null).post('/sign-in-links/redeem', { token: 'csl_wrong' }))
      .toMatchObject({ status: 401, body: { message: expect.stringContaining('sign-in link') } });
  });

  it('describes the success body of every route that sends JSON', async () => {
    const doc = new OpenApiAnswers((await api(app).get('/openapi.json')).body);
    const missing = doc.operations().filter(({ method, path }) => {
      const op = doc.doc.paths[path][method];
      const json = Object.entries(op.responses).some(([status, r]: [string, any]) => status.startsWith('2') && r.content?.['application/json']);
      return json && !doc.documented(method, path).schema;
    }).map(({ method, path }) => `${method} ${path}`);
    expect(missing).toEqual([]);
  });

  it('shows answers as sent: dates as ISO strings, and a paged list as an array of its item with the next page in headers', async () => {
    const doc = (await api(app).get('/openapi.json')).body;
    const account = doc.paths['/api/accounts/{accountId}'].get.responses['200'].content['application/json'].schema;
    expect(account.properties.createdAt).toMatchObject({ type: 'string', format: 'date-time' });
    expect(account).toMatchObject({ additionalProperties: false, required: expect.arrayContaining(['id', 'name', 'role', 'createdAt', 'disabledAt']) });
    const customers = doc.paths['/api/customers'].get.responses['200'];
    expect(customers.content['application/json'].schema).toMatchObject({ type: 'array', items: { type: 'object', properties: { id: { type: 'integer' } } } });
    expect(customers.headers).toEqual({
      'X-Next-Cursor': expect.objectContaining({ schema: { type: 'string' } }),
      Link: expect.objectContaining({ schema: { type: 'string' } }),
    });
    // A stream keeps its own media type.
    expect(Object.keys(doc.paths['/api/events'].get.responses['200'].content)).toEqual(['text/event-stream']);
    expect(Object.keys(doc.paths['/api/exports/sessions.csv'].get.responses['200'].content)).toEqual(['text/csv']);
  });

  it('documents every paged list with its paging parameters, its next-page headers and an array of its item', async () => {
    const doc = (await api(app).get('/openapi.json')).body;
    const paged = app.routes.filter((r) => r.paged);
    expect(paged.length).toBeGreaterThanOrEqual(6);
    for (const r of paged) {
      const op = doc.paths[`/api${r.path.replace(/:([a-zA-Z]+)/g, '{$1}')}`][r.method];
      const names = (op.parameters as Array<{ name: string; in: string }>).filter((p) => p.in === 'query').map((p) => p.name);
      expect(names, r.path).toEqual(expect.arrayContaining(['limit', 'cursor']));
      expect(Object.keys(op.responses['200'].headers), r.path).toEqual(['X-Next-Cursor', 'Link']);
      expect(op.responses['200'].content['application/json'].schema.type, r.path).toBe('array');
    }
  });
});
