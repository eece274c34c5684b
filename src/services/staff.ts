// Staff accounts and API tokens. A token is shown once, at issue; only its SHA-256 is stored.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as store from '../store/index.js';
import { AppError } from '../shared/errors.js';
import type { ApiTokenRecord, Principal, Role, StaffAccount } from '../domain/staff.js';
import type { ServiceDeps } from './deps.js';

/** Tokens (API tokens, sign-in links) are stored as this: 32 random bytes need no salt nor a slow hash. */
export const sha256 = (token: string): string => createHash('sha256').update(token).digest('hex');

/** An API token's secret: shown once, stored as its SHA-256. */
export const newApiToken = (): string => `cs_${randomBytes(32).toString('base64url')}`;

function sameSecret(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}

/** Staff accounts and their API tokens; the bearer-token check every API request goes through. */
export interface StaffService {
  /** The principal a bearer token stands for (ADMIN_TOKEN is the bootstrap admin); null for any other token. */
  authenticate(token: string): Promise<Principal | null>;
  /** A new account; Conflict when the name is taken. */
  createAccount(a: { name: string; role: Role }): Promise<StaffAccount>;
  /** Every account, disabled ones included. */
  listAccounts(): Promise<StaffAccount[]>;
  /** One account; NotFound when there is none. */
  getAccount(id: number): Promise<StaffAccount>;
  /** A new role, or disabled/enabled as of now; NotFound for an unknown account. */
  updateAccount(id: number, change: { role?: Role; disabled?: boolean }): Promise<StaffAccount>;
  /** A new API token for the account: its secret is in this answer only. NotFound for an unknown account. */
  issueToken(accountId: number, label: string): Promise<{ token: string; record: ApiTokenRecord }>;
  /** The account's tokens (never their secrets); NotFound for an unknown account. */
  listTokens(accountId: number): Promise<ApiTokenRecord[]>;
  /** Revoked as of now; NotFound for an unknown token, Conflict for one revoked already. */
  revokeToken(tokenId: number): Promise<ApiTokenRecord>;
}

export function makeStaffService(d: ServiceDeps, o: { adminToken: string | null }): StaffService {
  return {
    async authenticate(token: string): Promise<Principal | null> {
      if (o.adminToken && sameSecret(token, o.adminToken)) return { accountId: null, name: 'bootstrap-admin', role: 'admin' };
      return store.staff.findPrincipalByTokenHash(d.db, sha256(token));
    },

    async createAccount(a: { name: string; role: Role }) {
      const account = await store.staff.insertAccount(d.db, a);
      if (!account) throw new AppError('Conflict', `an account named ${a.name} exists`, { field: 'name' });
      return account;
    },
    listAccounts: () => store.staff.listAccounts(d.db),
    getAccount: (id: number) => store.staff.getAccount(d.db, id),
    async updateAccount(id: number, change: { role?: Role; disabled?: boolean }) {
      return store.staff.updateAccount(d.db, id, {
        ...(change.role ? { role: change.role } : {}),
        ...(change.disabled === undefined ? {} : { disabledAt: change.disabled ? d.clock.now() : null }),
      });
    },

    async issueToken(accountId: number, label: string): Promise<{ token: string; record: ApiTokenRecord }> {
      await store.staff.getAccount(d.db, accountId);
      const token = newApiToken();
      const record = await store.staff.insertToken(d.db, { accountId, tokenHash: sha256(token), label });
      return { token, record };
    },
    listTokens: async (accountId: number) => {
      await store.staff.getAccount(d.db, accountId);
      return store.staff.listTokens(d.db, accountId);
    },
    revokeToken: (tokenId: number) => store.staff.revokeToken(d.db, tokenId, d.clock.now()),
  };
}
