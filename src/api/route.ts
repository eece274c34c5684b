// One route = one spec: the zod schemas here validate the request AND describe it in the OpenAPI document
// (api/openapi.ts), so the two cannot drift.
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Principal, Role } from '../domain/staff.js';
import type { DriverPrincipal } from '../domain/drivers.js';

type Schema = z.ZodType | undefined;
type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

export type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

export interface RouteInput<P extends Schema, Q extends Schema, B extends Schema> {
  params: Infer<P>;
  query: Infer<Q>;
  body: Infer<B>;
  principal: Principal;
  /** A driver route's caller (driverRoute); undefined on staff and public routes. */
  driver?: DriverPrincipal;
  req: Request;
  res: Response;
}

export interface RouteSpec<P extends Schema = Schema, Q extends Schema = Schema, B extends Schema = Schema> {
  method: HttpMethod;
  /** Express style, under /api: '/stations/:stationId'. */
  path: string;
  summary: string;
  tag: string;
  /** The least role allowed to call it; 'public': no bearer token (the body carries the credential); 'driver': a
   *  driver token (issue 19), and no staff token. */
  role: Role | 'public' | 'driver';
  params?: P;
  query?: Q;
  body?: B;
  /** The success status; 204 sends no body. */
  status?: number;
  /** For the document: what the success response holds. */
  responseDescription?: string;
  /** The success body's schema (for a paged route: one item's): in the OpenAPI document, and checked against every
   *  real answer when the app runs with checkResponses (the tests do). */
  response?: z.ZodType;
  /** The handler returns a Page (domain/paging.ts): the body is its items, the next page's cursor goes in the
   *  X-Next-Cursor and Link (rel="next") headers. */
  paged?: boolean;
  /** The handler wrote the response itself (a stream, a file). */
  streams?: boolean;
  /** For the document: the media type such a handler writes (text/event-stream unless told). */
  contentType?: string;
  handle(input: RouteInput<P, Q, B>): Promise<unknown>;
}

/** A route without a bearer token: its handler gets no principal (api/sign-in.ts). */
export function publicRoute<P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined>(
  spec: Omit<RouteSpec<P, Q, B>, 'role' | 'handle'> & { handle(input: Omit<RouteInput<P, Q, B>, 'principal'>): Promise<unknown> },
): RouteSpec {
  return { ...spec, role: 'public' } as unknown as RouteSpec;
}

/** A route of the driver API (/api/driver/…): a driver token only; its handler gets the driver, no staff principal. */
export function driverRoute<P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined>(
  spec: Omit<RouteSpec<P, Q, B>, 'role' | 'handle'>
    & { handle(input: Omit<RouteInput<P, Q, B>, 'principal' | 'driver'> & { driver: DriverPrincipal }): Promise<unknown> },
): RouteSpec {
  return { ...spec, role: 'driver' } as unknown as RouteSpec;
}

/** Keeps the handler's input typed from the schemas, then erases it for the registry. */
export function route<P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined>(
  spec: RouteSpec<P, Q, B>,
): RouteSpec {
  return spec as unknown as RouteSpec;
}
