// The HTTP side of the one server: /health without a token, the staff API under /api with one, and the staff
// dashboard (static files in src/web, served as they are: no build step) at /.
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import type { Logger } from '../shared/logger.js';
import type { StaffService } from '../services/staff.js';
import { errorMiddleware } from './errors.js';
import type { RouteSpec } from './route.js';
import { mountRoutes } from './router.js';

export interface HttpAppDeps {
  log: Logger;
  /** Connected chargers right now, for the health answer. */
  onlineStations: () => number;
  routes: RouteSpec[];
  staff: StaffService;
}

const WEB_DIR = fileURLToPath(new URL('../web', import.meta.url));

export function createHttpApp(d: HttpAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '256kb' }));
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', onlineStations: d.onlineStations() });
  });
  app.use('/api', mountRoutes(d.routes, d.staff));
  // After /api, so an unknown /api path still gets the JSON 404 below, never a page.
  app.use(express.static(WEB_DIR, { index: 'index.html', fallthrough: true }));
  app.use((req, res) => {
    res.status(404).json({ error: 'NotFound', message: `no route ${req.method} ${req.path}`, details: null });
  });
  app.use(errorMiddleware(d.log));
  return app;
}
