// The OpenAPI 3.1 document, built from the same route specs (and zod schemas) that serve and validate.
import { z } from 'zod';
import type { RouteSpec } from './route.js';

type JsonSchema = Record<string, unknown>;

// Requests are described as the client may send them (io: 'input'), responses as they are sent (io: 'output': the
// JSON the client receives, dates as ISO strings).
const toSchema = (schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

/** A paged route's next page (api/router.ts sendPage): present only when there is one. */
const pageHeaders = {
  'X-Next-Cursor': { description: 'The next page\'s cursor, for ?cursor=; absent on the last page', schema: { type: 'string' } },
  Link: { description: 'The next page\'s URL: `<…&cursor=…>; rel="next"`; absent on the last page', schema: { type: 'string' } },
};

/** The success response: no body (204), a stream in its own media type, or JSON as the route's response schema. */
function success(spec: RouteSpec, status: string): JsonSchema {
  if (status === '204') return { description: spec.responseDescription ?? 'Done' };
  if (spec.streams) {
    return { description: spec.responseDescription ?? 'A stream', content: { [spec.contentType ?? 'text/event-stream']: { schema: { type: 'string' } } } };
  }
  const body = spec.response ? toSchema(spec.response, 'output') : {};
  return {
    description: spec.responseDescription ?? 'OK',
    ...(spec.paged ? { headers: pageHeaders } : {}),
    content: { 'application/json': { schema: spec.paged ? { type: 'array', items: body } : body } },
  };
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function parameters(spec: RouteSpec): JsonSchema[] {
  const list: JsonSchema[] = [];
  for (const [where, schema] of [['path', spec.params], ['query', spec.query]] as const) {
    if (!schema) continue;
    const json = toSchema(schema);
    const props = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json.required ?? []) as string[]);
    for (const [name, s] of Object.entries(props)) {
      list.push({ name, in: where, required: where === 'path' || required.has(name), schema: s });
    }
  }
  return list;
}

function operation(spec: RouteSpec): JsonSchema {
  const status = String(spec.status ?? 200);
  const isPublic = spec.role === 'public';
  return {
    operationId: `${spec.method}${spec.path.replace(/\/:?([a-zA-Z]+)/g, (_m, w: string) => w[0]!.toUpperCase() + w.slice(1))}`,
    summary: spec.summary,
    tags: [spec.tag],
    security: isPublic ? [] : [{ bearer: [] }],
    ...(isPublic ? {} : { 'x-required-role': spec.role }),
    parameters: parameters(spec),
    ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(spec.body) } } } } : {}),
    responses: {
      [status]: success(spec, status),
      400: errorResponse('Invalid input: the message and details name the field'),
      401: errorResponse(isPublic ? 'The credential in the body is unknown, used or expired' : 'No token, or an unknown or revoked one'),
      ...(isPublic ? {} : { 403: errorResponse('The token\'s role may not do this') }),
      404: errorResponse('An id that does not exist'),
      409: errorResponse('The request conflicts with the current state'),
      429: errorResponse('Too many failed logins from this address; Retry-After says when to try again'),
      503: errorResponse('The charger is not connected'),
      504: errorResponse('The charger did not answer in time'),
    },
  };
}

export function buildOpenApi(specs: RouteSpec[], o: { version: string }): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const spec of specs) {
    const path = `/api${spec.path.replace(/:([a-zA-Z]+)/g, '{$1}')}`;
    (paths[path] ??= {})[spec.method] = operation(spec);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'ChargeSync staff API', version: o.version, description: 'Every route needs a bearer API token, but for the one-time sign-in link\'s redeem.' },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error', 'message', 'details'],
          properties: { error: { type: 'string' }, message: { type: 'string' }, details: {} },
        },
      },
    },
  };
}
