// Bearer tokens for everything under /api. The event stream also takes ?access_token=, because a browser's
// EventSource cannot set headers.
import type { Request } from 'express';
import { AppError } from '../shared/errors.js';
import { roleAllows, type Principal, type Role } from '../domain/staff.js';
import type { StaffService } from '../services/staff.js';

function bearerToken(req: Request, allowQueryToken: boolean): string | null {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (match) return match[1]!;
  const query = req.query.access_token;
  return allowQueryToken && typeof query === 'string' && query.length > 0 ? query : null;
}

export async function authorize(
  req: Request, staff: StaffService, need: Role, o: { allowQueryToken: boolean },
): Promise<Principal> {
  const token = bearerToken(req, o.allowQueryToken);
  if (!token) throw new AppError('Unauthorized', 'an API token is required (Authorization: Bearer …)');
  const principal = await staff.authenticate(token);
  if (!principal) throw new AppError('Unauthorized', 'the API token is unknown or revoked');
  if (!roleAllows(principal.role, need)) {
    throw new AppError('Forbidden', `${principal.role} may not do this; it needs the ${need} role`, { role: principal.role, need });
  }
  return principal;
}
