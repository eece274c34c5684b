// Staff roles: each includes the one below it (viewer reads; operator also commands, books and files issues;
// admin also manages stations, accounts and tariffs).
export type Role = 'viewer' | 'operator' | 'admin';
export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

export const roleAllows = (have: Role, need: Role): boolean => ROLES.indexOf(have) >= ROLES.indexOf(need);

/** Who made a request: an account, or the bootstrap admin of the ADMIN_TOKEN (accountId null). */
export interface Principal {
  accountId: number | null;
  name: string;
  role: Role;
}

/** A staff account; its tokens are kept apart, as hashes. */
export interface StaffAccount {
  id: number;
  name: string;
  role: Role;
  createdAt: Date;
  disabledAt: Date | null;
}

/** An API token as staff see it: never its secret nor its hash. */
export interface ApiTokenRecord {
  id: number;
  accountId: number;
  label: string;
  createdAt: Date;
  revokedAt: Date | null;
}
