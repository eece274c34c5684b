// One-time sign-in links (issue 12): the first admin's, printed at the first start, and new ones printed by
// `npm start -- --sign-in-link`. A link carries a token that works once, within a day, and turns into an
// ordinary API token of its account; only the token's SHA-256 is stored.
import { randomBytes } from 'node:crypto';
import * as store from '../store/index.js';
import { AppError } from '../shared/errors.js';
import type { ServiceDeps } from './deps.js';
import { inTransaction } from '../store/db.js';
import { newApiToken, sha256 } from './staff.js';

export const SIGN_IN_LINK_TTL_MS = 24 * 60 * 60 * 1000;
export const FIRST_ADMIN_NAME = 'admin';
/** The label of the API token a redeemed link becomes (it shows in the account's token list). */
export const SIGN_IN_TOKEN_LABEL = 'sign-in link';

export interface SignInLink {
  accountId: number;
  accountName: string;
  /** The secret: shown once, in the link's #token= fragment. */
  token: string;
  expiresAt: Date;
}

/** One-time sign-in links: issued at the console, redeemed once in the browser for an API token. */
export interface SignInLinkService {
  /** A new link for the account, valid for a day; NotFound naming the account. */
  issue(accountId: number): Promise<SignInLink>;
  /** On a database without any staff account: the first admin, and its link. null when any account exists. */
  firstAdmin(): Promise<SignInLink | null>;
  /** For a lost link: the first enabled admin account, or null when there is none. */
  findAdminAccount(): Promise<{ id: number; name: string } | null>;
  /** The link's token, once, becomes a new API token of its account; Unauthorized when used, expired or unknown. */
  redeem(token: string): Promise<{ token: string; accountId: number; name: string; role: string }>;
}

export function makeSignInLinkService(d: ServiceDeps): SignInLinkService {
  async function issue(accountId: number): Promise<SignInLink> {
    const account = await store.staff.getAccount(d.db, accountId);
    const token = `csl_${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(d.clock.now().getTime() + SIGN_IN_LINK_TTL_MS);
    await store.signInLinks.insertSignInLink(d.db, { accountId, tokenHash: sha256(token), expiresAt });
    return { accountId, accountName: account.name, token, expiresAt };
  }

  return {
    issue,

    /** On a database without any staff account: the first admin, and its link. null when any account exists. */
    async firstAdmin(): Promise<SignInLink | null> {
      if ((await store.staff.listAccounts(d.db)).length > 0) return null;
      const account = await store.staff.insertAccount(d.db, { name: FIRST_ADMIN_NAME, role: 'admin' });
      if (!account) return null; // another process made it between the two statements
      d.log.info({ accountId: account.id, accountName: account.name }, 'first admin account created');
      return issue(account.id);
    },

    /** For a lost link: the first enabled admin account, or null when there is none. */
    async findAdminAccount(): Promise<{ id: number; name: string } | null> {
      const accounts = await store.staff.listAccounts(d.db);
      return accounts.find((a) => a.role === 'admin' && a.disabledAt === null) ?? null;
    },

    /**
     * The link's token, once: a new API token of its account. Used, expired or unknown: Unauthorized. The link is
     * spent and the token made in one transaction, so a failure leaves the link as it was.
     */
    async redeem(token: string): Promise<{ token: string; accountId: number; name: string; role: string }> {
      const apiToken = newApiToken();
      const account = await inTransaction(d.db, async (tx) => {
        const redeemed = await store.signInLinks.redeemSignInLink(tx, sha256(token), d.clock.now());
        if (!redeemed) throw new AppError('Unauthorized', 'the sign-in link is unknown, used already or expired');
        await store.staff.insertToken(tx, { accountId: redeemed.accountId, tokenHash: sha256(apiToken), label: SIGN_IN_TOKEN_LABEL });
        return store.staff.getAccount(tx, redeemed.accountId);
      });
      d.log.info({ accountId: account.id, accountName: account.name }, 'signed in with a one-time link');
      return { token: apiToken, accountId: account.id, name: account.name, role: account.role };
    },
  };
}
