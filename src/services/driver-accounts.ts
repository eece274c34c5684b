// Driver accounts (issue 19): sign-up, login and the driver token every /api/driver request carries. A token
// is shown once, at login; only its SHA-256 is stored. It expires, and sign-out revokes it.
import { randomBytes } from 'node:crypto';
import * as store from '../store/index.js';
import { AppError } from '../shared/errors.js';
import { hashPersonPassword, personPasswordMatches, spendLikeAPasswordCheck } from '../shared/person-passwords.js';
import { APP_ID_TAG_PREFIX, normalEmail, type DriverAccount, type DriverPrincipal } from '../domain/drivers.js';
import type { ServiceDeps } from './deps.js';
import { sha256 } from './staff.js';

/** A driver token's prefix: a staff route that gets one answers 403, not 401 (it is a token, of the wrong kind). */
export const DRIVER_TOKEN_PREFIX = 'csd_';
const newDriverToken = (): string => `${DRIVER_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
export const newAppIdTag = (): string => `${APP_ID_TAG_PREFIX}${randomBytes(6).toString('hex').toUpperCase()}`;

export interface DriverSignIn {
  account: DriverAccount;
  /** The driver token: in this answer only. */
  token: string;
  expiresAt: Date;
}

export interface DriverPolicy {
  /** DRIVER_SIGNUP: whether anyone may sign up (false: only staff invitations). */
  signupOpen: boolean;
  /** DRIVER_TOKEN_TTL_S: how long a driver token lives. */
  tokenTtlS: number;
  /** DRIVER_INVITATION_TTL_S: how long a staff invitation to the app stays valid (7 days when absent). */
  invitationTtlS?: number;
}

/** A new driver token for the account, stored as its SHA-256 (sign-up, login and an accepted invitation). */
export async function signInDriver(d: ServiceDeps, tokenTtlS: number, account: DriverAccount): Promise<DriverSignIn> {
  const token = newDriverToken();
  const expiresAt = new Date(d.clock.now().getTime() + tokenTtlS * 1000);
  await store.driverAccounts.insertDriverToken(d.db, { customerId: account.customerId, tokenHash: sha256(token), expiresAt });
  return { account, token, expiresAt };
}

export interface DriverAccountService {
  /** A new account with its app id tag, signed in. Forbidden when sign-up is closed; Conflict for a used email. */
  signup(a: { name: string; email: string; password: string }): Promise<DriverSignIn>;
  /** Signed in, or null for an unknown email, a wrong password or a disabled account (the caller's 401). */
  login(email: string, password: string): Promise<DriverSignIn | null>;
  /** The driver a token stands for; null for any other token. */
  authenticate(token: string): Promise<DriverPrincipal | null>;
  /** Whether a token is meant for the driver API (a staff route refuses it with 403). */
  isDriverToken(token: string): boolean;
  /** Revokes the token the request came with. */
  logout(principal: DriverPrincipal): Promise<void>;
  /** The driver's own account. */
  account(customerId: number): Promise<DriverAccount>;
}

export function makeDriverAccountService(d: ServiceDeps, policy: DriverPolicy): DriverAccountService {
  const signIn = (account: DriverAccount): Promise<DriverSignIn> => signInDriver(d, policy.tokenTtlS, account);

  return {
    async signup(a) {
      if (!policy.signupOpen) throw new AppError('Forbidden', 'sign-up is closed here (DRIVER_SIGNUP=false): ask the operator for an invitation');
      const account = await store.driverAccounts.insertDriver(d.db, {
        name: a.name, email: normalEmail(a.email), passwordHash: await hashPersonPassword(a.password), appIdTag: newAppIdTag(),
      });
      if (!account) throw new AppError('Conflict', 'an account with this email exists: sign in instead', { field: 'email' });
      d.log.info({ customerId: account.customerId }, 'driver signed up');
      return signIn(account);
    },

    async login(email, password) {
      const found = await store.driverAccounts.findDriverForLogin(d.db, normalEmail(email));
      if (!found) {
        await spendLikeAPasswordCheck(password);
        return null;
      }
      if (!(await personPasswordMatches(password, found.passwordHash))) return null;
      const { passwordHash: _hash, ...account } = found;
      return signIn(account);
    },

    authenticate: (token) => token.startsWith(DRIVER_TOKEN_PREFIX)
      ? store.driverAccounts.findDriverByTokenHash(d.db, sha256(token), d.clock.now())
      : Promise.resolve(null),
    isDriverToken: (token) => token.startsWith(DRIVER_TOKEN_PREFIX),

    async logout(principal) {
      await store.driverAccounts.revokeDriverToken(d.db, principal.tokenId, d.clock.now());
    },

    async account(customerId) {
      const account = await store.driverAccounts.getDriver(d.db, customerId);
      if (!account) throw new AppError('NotFound', `driver ${customerId} does not exist`, { field: 'customerId' });
      return account;
    },
  };
}
