// API_CHECK_RESPONSES: each JSON answer, as the client receives it (after a JSON round trip: dates as ISO
// strings), is checked against its route's response schema, the one /api/openapi.json documents. The test suite
// runs with it on, so a document that drifts from the real answers fails a test instead of a generated client.
import { isDeepStrictEqual } from 'node:util';
import type { Response } from 'express';
import type { z } from 'zod';
import type { Logger } from '../shared/logger.js';
import type { RouteSpec } from './route.js';

export interface ResponseMismatch {
  /** 'GET /stations/:stationId', as the route spec names it. */
  route: string;
  /** The first field that does not match: '[3].connectors[0].status', '(body)' for the body itself. */
  field: string;
  problem: string;
}

type Path = ReadonlyArray<PropertyKey>;

const fieldName = (path: Path): string =>
  path.length === 0 ? '(body)'
    : path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');

/**
 * The first difference between the answer and what the schema made of it. A plain z.object strips a field it does
 * not list, yet the document says additionalProperties: false for it (io: 'output'), so a field the schema leaves
 * out is a mismatch here too.
 */
function firstDifference(sent: unknown, parsed: unknown, path: PropertyKey[]): { path: Path; problem: string } | null {
  if (isDeepStrictEqual(sent, parsed)) return null;
  if (Array.isArray(sent) && Array.isArray(parsed) && sent.length === parsed.length) {
    for (let i = 0; i < sent.length; i++) {
      const found = firstDifference(sent[i], parsed[i], [...path, i]);
      if (found) return found;
    }
  }
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isRecord(sent) && isRecord(parsed)) {
    for (const key of Object.keys(sent)) {
      if (!(key in parsed)) return { path: [...path, key], problem: 'a field the schema does not list' };
      const found = firstDifference(sent[key], parsed[key], [...path, key]);
      if (found) return found;
    }
  }
  return { path, problem: 'the schema changes this value (a default or transform in a response schema)' };
}

function check(schema: z.ZodType, sent: unknown, path: PropertyKey[]): { path: Path; problem: string } | null {
  const parsed = schema.safeParse(sent);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // A strictObject reports its unknown fields on the object itself: name the first one.
    const field = issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [];
    return { path: [...path, ...issue.path, ...field], problem: issue.message };
  }
  return firstDifference(sent, parsed.data, path);
}

/** Null when the answer matches (or the route has no response schema yet); the first mismatch otherwise. */
export function responseMismatch(spec: RouteSpec, body: unknown): ResponseMismatch | null {
  if (!spec.response || spec.streams) return null;
  const sent: unknown = body === undefined ? undefined : JSON.parse(JSON.stringify(body));
  const route = `${spec.method.toUpperCase()} ${spec.path}`;
  // A paged route documents one item's schema: the body is an array of them.
  const found = spec.paged
    ? Array.isArray(sent)
      ? sent.reduce<ReturnType<typeof check>>((first, item, i) => first ?? check(spec.response!, item, [i]), null)
      : { path: [], problem: 'a paged route\'s body must be an array' }
    : check(spec.response, sent, []);
  return found ? { route, field: fieldName(found.path), problem: found.problem } : null;
}

/** A 500 naming the route and the field, and an error line: the answer is not what the document promises. */
export function sendMismatch(res: Response, log: Logger, m: ResponseMismatch): void {
  log.error({ responseMismatch: m }, `response of ${m.route} does not match its schema at ${m.field}`);
  res.status(500).json({
    error: 'ResponseSchemaMismatch',
    message: `response of ${m.route} does not match its schema at ${m.field}: ${m.problem}`,
    details: m,
  });
}
