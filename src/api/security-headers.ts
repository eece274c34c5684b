// Security headers on every HTTP answer (issue 6). Written here rather than taken from helmet: five headers do
// not need a dependency, and the policy below is read against what src/web actually loads.
import type { RequestHandler } from 'express';

// The dashboard (src/web) is one HTML page, one stylesheet and ES modules, all from this origin; it talks to
// /api with fetch and EventSource (connect-src), builds its charts as SVG through the DOM, sets positions
// through CSSOM (dom.js: element.style, which CSP allows; a style attribute in markup it would not), and has
// the empty `data:,` favicon. Nothing inline, no eval, no other origin, never framed.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY', // for browsers that predate frame-ancestors
    'Referrer-Policy': 'no-referrer', // the event stream URL carries ?access_token=
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  });
  next();
};

/** The API's answers are per token and change with every charger message: no cache keeps them. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};
