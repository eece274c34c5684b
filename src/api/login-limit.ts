// Failed API logins per remote address (issue 6, abuse). A request that carried a credential (an
// Authorization header, or the event stream's ?access_token=) and was answered 401 is a failed login; at the
// limit within the window, the address gets 429 with Retry-After (RFC 6585 §4) on all of /api until its block
// ends, before the token is even looked up. A request without any credential is not a guess and is not
// counted. The address is req.ip: the TCP peer's, or behind a proxy in TRUSTED_PROXIES the client's from
// X-Forwarded-For (http-app.ts sets express's trust proxy; from any other peer the header is ignored).
import type { RequestHandler } from 'express';
import type { Clock } from '../shared/clock.js';
import { AppError } from '../shared/errors.js';
import { FailureLimiter, type FailureLimits } from '../shared/failure-limiter.js';
import type { Logger } from '../shared/logger.js';
import { REDEEM_PATH } from './routes/sign-in-links.js';
import { DRIVER_LOGIN_PATH } from './routes/driver-accounts.js';
import { INVITATION_ACCEPT_PATH, INVITATION_PEEK_PATH } from './routes/driver-invitations.js';

// Routes whose body carries a credential: a sign-in link's token (routes/sign-in-links.ts), a driver's email and
// password (routes/driver-accounts.ts), a staff invitation's token (routes/driver-invitations.ts).
const CREDENTIAL_IN_BODY = new Set([REDEEM_PATH, DRIVER_LOGIN_PATH, INVITATION_ACCEPT_PATH, INVITATION_PEEK_PATH]);

export function limitFailedLogins(limits: FailureLimits, clock: Clock, log: Logger): RequestHandler {
  const limiter = new FailureLimiter(limits, clock);
  return (req, res, next) => {
    const remoteAddress = req.ip ?? 'unknown';
    const leftMs = limiter.blockedForMs(remoteAddress);
    if (leftMs > 0) {
      const retryAfterS = Math.ceil(leftMs / 1000);
      res.set('Retry-After', String(retryAfterS));
      next(new AppError('TooManyRequests', `too many failed logins from this address; retry after ${retryAfterS} s`, { retryAfterS }));
      return;
    }
    const presented = req.headers.authorization !== undefined || req.query.access_token !== undefined
      || (req.method === 'POST' && CREDENTIAL_IN_BODY.has(req.path));
    if (presented) {
      // The path only: the query may hold the access token.
      const path = req.originalUrl.split('?')[0];
      res.once('finish', () => {
        if (res.statusCode !== 401) return;
        log.warn({ remoteAddress, method: req.method, path }, 'API login failed');
        if (limiter.fail(remoteAddress)) {
          log.warn({ remoteAddress, blockS: limits.blockMs / 1000 }, 'address blocked after repeated failed API logins');
        }
      });
    }
    next();
  };
}
