// The one route without a bearer token: a one-time sign-in link's token becomes an API token of its account
// (services/sign-in-links.ts). A token that is unknown, used or expired is a 401, which counts as a failed
// login for the address (login-limit.ts), so links cannot be guessed any faster than API tokens.
import { Router } from 'express';
import { z } from 'zod';
import type { SignInLinkService } from '../services/sign-in-links.js';
import { parseInput } from './validation.js';

export const REDEEM_PATH = '/sign-in-links/redeem';

const Redeem = z.object({ token: z.string({ error: 'token must be a string' }).min(1, 'token is required').max(200) }).strict();

export function signInRoutes(signInLinks: SignInLinkService): Router {
  return Router().post(REDEEM_PATH, async (req, res) => {
    const body = parseInput(Redeem, req.body ?? {}, 'body');
    res.status(201).json(await signInLinks.redeem(body.token));
  });
}
