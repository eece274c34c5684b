// The one route without a bearer token: a one-time sign-in link's token becomes an API token of its account
// (services/sign-in-links.ts). A token that is unknown, used or expired is a 401, which counts as a failed
// login for the address (login-limit.ts), so links cannot be guessed any faster than API tokens.
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { publicRoute, type RouteSpec } from '../route.js';
import { RedeemedLinkResponse } from '../schemas/accounts.js';

export const REDEEM_PATH = '/sign-in-links/redeem';

const Redeem = z.object({ token: z.string({ error: 'token must be a string' }).min(1, 'token is required').max(200) }).strict();

export function signInLinkRoutes(s: Pick<Services, 'signInLinks'>): RouteSpec[] {
  return [
    publicRoute({
      method: 'post', path: REDEEM_PATH, tag: 'accounts', status: 201, body: Redeem,
      summary: 'Redeem a one-time sign-in link (the #token= of the link npm start printed): a new API token of its account',
      responseDescription: 'The new API token and its account: the token is shown once', response: RedeemedLinkResponse,
      handle: ({ body }) => s.signInLinks.redeem(body.token),
    }),
  ];
}
