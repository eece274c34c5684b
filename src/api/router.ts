// Mounts every route spec: authenticate, check the role, validate path, query and body, run, answer.
import { Router, type Request, type Response } from 'express';
import type { StaffService } from '../services/staff.js';
import type { Logger } from '../shared/logger.js';
import type { DriverAccountService } from '../services/driver-accounts.js';
import { authorize, authorizeDriver } from './auth.js';
import type { Page } from '../domain/paging.js';
import type { RouteSpec } from './route.js';
import { parseInput } from './validation.js';
import { responseMismatch, sendMismatch } from './response-check.js';

export interface MountOptions {
  /** API_CHECK_RESPONSES: each JSON answer is checked against its route's response schema (response-check.ts);
   *  a mismatch is a 500 ResponseSchemaMismatch and an error line in this log. */
  checkResponses?: { log: Logger } | false;
  /** Driver accounts: needed by driver routes (role 'driver'), and told apart on staff routes (a driver token is a 403 there). */
  drivers?: DriverAccountService;
}

export function mountRoutes(specs: RouteSpec[], staff: StaffService, o: MountOptions = {}): Router {
  const router = Router();
  for (const spec of specs) {
    router[spec.method](spec.path, async (req: Request, res: Response) => {
      const allowQueryToken = spec.streams === true;
      const driver = spec.role === 'driver' ? await authorizeDriver(req, o.drivers, { allowQueryToken }) : undefined;
      const principal = spec.role === 'public' || spec.role === 'driver' ? undefined
        : await authorize(req, staff, spec.role, { allowQueryToken, drivers: o.drivers });
      const params = spec.params ? parseInput(spec.params, req.params, 'path') : undefined;
      const query = spec.query ? parseInput(spec.query, withoutToken(req.query), 'query') : undefined;
      const body = spec.body ? parseInput(spec.body, req.body ?? {}, 'body') : undefined;
      // A public or driver route's handler is typed without a principal (route.ts publicRoute, driverRoute): it never reads the undefined.
      const input = { params, query, body, principal, driver, req, res } as Parameters<RouteSpec['handle']>[0];
      const result = await spec.handle(input);
      if (spec.streams) return;
      const status = spec.status ?? 200;
      if (status === 204) { res.status(204).end(); return; }
      const checker = o.checkResponses;
      const mismatch = checker ? responseMismatch(spec, spec.paged ? (result as Page<unknown>).items : result) : null;
      if (checker && mismatch) sendMismatch(res, checker.log, mismatch);
      else if (spec.paged) sendPage(req, res, status, result as Page<unknown>);
      else res.status(status).json(result);
    });
  }
  return router;
}

function withoutToken(query: Request['query']): Record<string, unknown> {
  const { access_token: _token, ...rest } = query;
  return rest;
}

/** A page's rows as the body; where the next page starts in headers, so a list's body stays a plain array. */
function sendPage(req: Request, res: Response, status: number, page: Page<unknown>): void {
  if (page.nextCursor !== null) {
    const next = new URL(req.originalUrl, 'http://x');
    next.searchParams.delete('offset');
    next.searchParams.delete('access_token');
    next.searchParams.set('cursor', page.nextCursor);
    res.setHeader('X-Next-Cursor', page.nextCursor);
    res.setHeader('Link', `<${next.pathname}${next.search}>; rel="next"`);
  }
  res.status(status).json(page.items);
}
