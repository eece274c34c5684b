// The HTTP side of the one server: /health, /ready and /metrics without a token (probes.ts says why), the staff
// API under /api with one, and the staff dashboard (static files in src/web, served as they are: no build
// step) at /, and the drivers' app at /app/ (src/web/app).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import type { Logger } from '../shared/logger.js';
import type { StaffService } from '../services/staff.js';
import type { DriverAccountService } from '../services/driver-accounts.js';
import { errorMiddleware } from './errors.js';
import type { RouteSpec } from './route.js';
import { mountRoutes } from './router.js';
import { probeRoutes, type ProbeDeps } from './probes.js';
import { noStore, securityHeaders } from './security-headers.js';
import { limitFailedLogins } from './login-limit.js';
import type { Clock } from '../shared/clock.js';
import type { FailureLimits } from '../shared/failure-limiter.js';
import type { TrustedProxies } from '../shared/trusted-proxies.js';

export interface HttpAppDeps {
  log: Logger;
  /** Connected chargers right now, for the health answer. */
  onlineStations: () => number;
  routes: RouteSpec[];
  staff: StaffService;
  /** Driver accounts: driver routes take their tokens, staff routes refuse them (403). */
  drivers?: DriverAccountService;
  /** Failed logins per remote address before it gets 429 (login-limit.ts). */
  authFailures: FailureLimits;
  clock: Clock;
  /** GET /metrics and GET /ready (api/probes.ts). */
  probes: ProbeDeps;
  /** TRUSTED_PROXIES (shared/trusted-proxies.ts); none: X-Forwarded-* are ignored. */
  trustedProxies?: TrustedProxies;
  /** Cluster mode: this node's NODE_ID, in the health answer (which node behind the one address answered). */
  nodeId?: string | null;
  /** API_CHECK_RESPONSES: each answer checked against its route's response schema (api/response-check.ts). */
  checkResponses?: boolean;
}

const WEB_DIR = fileURLToPath(new URL('../web', import.meta.url));
// The dashboard's chart library, served from the npm package as it ships (src/web/js/charts.js loads it by URL).
const UPLOT_DIR = join(dirname(createRequire(import.meta.url).resolve('uplot/package.json')), 'dist');

export function createHttpApp(d: HttpAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // req.ip (the login limit's address, the logs) and req.protocol come from X-Forwarded-For and -Proto only when
  // the peer, and each hop read from the right, is a trusted proxy: express stops at the first untrusted one.
  const proxies = d.trustedProxies;
  if (proxies && !proxies.none) app.set('trust proxy', (address: string) => proxies.isTrusted(address));
  app.use(securityHeaders);
  // Before the body is read: a blocked address costs nothing more.
  app.use('/api', noStore, limitFailedLogins(d.authFailures, d.clock, d.log));
  app.use(express.json({ limit: '256kb' }));
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', onlineStations: d.onlineStations(), ...(d.nodeId ? { nodeId: d.nodeId } : {}) });
  });
  app.use(probeRoutes(d.probes));
  app.use('/api', mountRoutes(d.routes, d.staff, { checkResponses: d.checkResponses === true && { log: d.log }, drivers: d.drivers }));
  // A connector's QR code (GET /api/slots/{id}/qr.svg) names /app/c/{code}: the driver app opens that connector.
  app.get('/app/c/:code', (req, res) => res.redirect(302, `/app/#/c/${encodeURIComponent(req.params.code)}`));
  // After /api, so an unknown /api path still gets the JSON 404 below, never a page.
  app.use(express.static(WEB_DIR, { index: 'index.html', fallthrough: true }));
  app.use('/vendor/uplot', express.static(UPLOT_DIR, { index: false, fallthrough: true }));
  app.use((req, res) => {
    res.status(404).json({ error: 'NotFound', message: `no route ${req.method} ${req.path}`, details: null });
  });
  app.use(errorMiddleware(d.log));
  return app;
}
