// An invited customer opens the link staff sent (POST /api/customers/{id}/driver-invitation) and picks a password:
// that makes their driver account (services/driver-invitations.ts). The token travels in the body, never in a path
// the request log records. An unknown, used or expired token is a 401, which counts as a failed login for the
// address (login-limit.ts), so tokens cannot be guessed any faster than passwords.
import { z } from 'zod';
import { PASSWORD_MAX, PASSWORD_MIN, PASSWORD_RULE } from '../../domain/drivers.js';
import type { DriverInvitationService } from '../../services/driver-invitations.js';
import { publicRoute, type RouteSpec } from '../route.js';
import { DriverInvitationPeekResponse, DriverSignInResponse } from '../schemas/drivers.js';

export const INVITATION_ACCEPT_PATH = '/driver/invitations/accept';
export const INVITATION_PEEK_PATH = '/driver/invitations/peek';

const token = z.string({ error: 'token must be a string' }).min(1, 'token is required').max(200, 'token must be at most 200 characters');
const Peek = z.strictObject({ token });
const Accept = z.strictObject({
  token,
  password: z.string({ error: `password must be a string: ${PASSWORD_RULE}` })
    .min(PASSWORD_MIN, `password: ${PASSWORD_RULE}`).max(PASSWORD_MAX, `password: ${PASSWORD_RULE}`),
  email: z.string({ error: 'email must be a string' }).trim()
    .pipe(z.email({ error: 'email must be an email address' }).max(254, 'email must be at most 254 characters')).optional()
    .meta({ description: 'The account\'s email; the customer record\'s when absent (then required if the record has none)' }),
});

export function driverInvitationRoutes(invitations: DriverInvitationService): RouteSpec[] {
  return [
    publicRoute({
      method: 'post', path: INVITATION_PEEK_PATH, tag: 'driver', body: Peek,
      summary: 'Whom an invitation link is for (the app greets them); 401 when the link is unknown, accepted or expired',
      response: DriverInvitationPeekResponse,
      handle: ({ body }) => invitations.peek(body.token),
    }),
    publicRoute({
      method: 'post', path: INVITATION_ACCEPT_PATH, tag: 'driver', status: 201, body: Accept,
      summary: 'Accept a staff invitation (the #/invite/{token} of its link): the customer\'s driver account with this password, '
        + 'signed in, as sign-up makes it, even when DRIVER_SIGNUP=false. Works once; 401 when the link is unknown, accepted or '
        + 'expired (counted toward the address\'s failed logins); 409 when another account has the email',
      responseDescription: 'The account and a driver token, shown once', response: DriverSignInResponse,
      handle: ({ body }) => invitations.accept(body),
    }),
  ];
}
