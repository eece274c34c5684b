// The OpenAPI document is valid OpenAPI 3.1 and lists exactly the routes the app serves, with the request
// schemas that validate them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/api.js';

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
});
