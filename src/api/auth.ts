// Bearer tokens for everything under /api. The event stream also takes ?access_token=, because a browser's
// EventSource cannot set headers.
import type { Request } from 'express';
import { AppError } from '../shared/errors.js';
import { roleAllows, type Principal, type Role } from '../domain/staff.js';
import type { StaffService } from '../services/staff.js';
import type { DriverAccountService } from '../services/driver-accounts.js';
import type { DriverPrincipal } from '../domain/drivers.js';

function bearerToken(req: Request, allowQueryToken: boolean): string | null {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (match) return match[1]!;
  const query = req.query.access_token;
  return allowQueryToken && typeof query === 'string' && query.length > 0 ? query : null;
}

export async function authorize(
  req: Request, staff: StaffService, need: Role, o: { allowQueryToken: boolean; drivers?: DriverAccountService | undefined },
): Promise<Principal> {
  const token = bearerToken(req, o.allowQueryToken);
  if (!token) throw new AppError('Unauthorized', 'an API token is required (Authorization: Bearer …)');
  const principal = await staff.authenticate(token);
  if (!principal && o.drivers && (await o.drivers.authenticate(token))) {
    throw new AppError('Forbidden', 'a driver token opens only the driver API (/api/driver/…)');
  }
  if (!principal) throw new AppError('Unauthorized', 'the API token is unknown or revoked');
  if (!roleAllows(principal.role, need)) {
    throw new AppError('Forbidden', `${principal.role} may not do this; it needs the ${need} role`, { role: principal.role, need });
  }
  return principal;
}

/** A driver route's caller: a driver token, not expired nor revoked; a staff token is a 403 here. */
export async function authorizeDriver(
  req: Request, drivers: DriverAccountService | undefined, o: { allowQueryToken: boolean },
): Promise<DriverPrincipal> {
  if (!drivers) throw new Error('driver routes are mounted without the driver account service');
  const token = bearerToken(req, o.allowQueryToken);
  if (!token) throw new AppError('Unauthorized', 'a driver token is required (Authorization: Bearer …): sign in at POST /api/driver/login');
  const driver = await drivers.authenticate(token);
  if (driver) return driver;
  if (!drivers.isDriverToken(token)) throw new AppError('Forbidden', 'staff tokens do not open the driver API: sign in as a driver');
  throw new AppError('Unauthorized', 'the driver token is unknown, expired or revoked: sign in again');
}
