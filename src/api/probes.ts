// GET /metrics (Prometheus text format) and GET /ready, beside /health and outside /api: probes and scrapers
// have no staff token. Prometheus usually scrapes inside the operator's network without credentials, so
// /metrics is open by default; with METRICS_TOKEN set it wants `Authorization: Bearer <METRICS_TOKEN>`
// (Prometheus: `authorization: { credentials: … }` in the scrape config). /ready names only failed checks and
// migration tags, never a driver's message, so it stays open.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';

export interface ProbeDeps {
  metrics: { render(): Promise<{ contentType: string; text: string }> };
  readiness: () => Promise<{ ready: boolean }>;
  /** null: /metrics answers without a token. */
  metricsToken: string | null;
}

export function probeRoutes(d: ProbeDeps): Router {
  return Router()
    .get('/metrics', async (req, res) => {
      if (d.metricsToken !== null && !bearerMatches(req.headers.authorization, d.metricsToken)) {
        res.status(401).set('WWW-Authenticate', 'Bearer').json({
          error: 'Unauthorized', message: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>', details: null,
        });
        return;
      }
      const { contentType, text } = await d.metrics.render();
      res.set('Content-Type', contentType).set('Cache-Control', 'no-store').send(text);
    })
    .get('/ready', async (_req, res) => {
      const report = await d.readiness();
      res.status(report.ready ? 200 : 503).set('Cache-Control', 'no-store').json(report);
    });
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Compared as digests, so neither the time taken nor an early length mismatch tells how much of it was right. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = header ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}
