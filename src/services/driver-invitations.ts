// Staff invite a customer to the driver app (issue 19 item 1): a one-time link that makes the customer's own
// driver account, the way sign-up does, even while sign-up is closed (DRIVER_SIGNUP=false). The link's token is
// in this answer only (its SHA-256 is stored) and rides in the URL's #fragment, which browsers never send, so no
// request log ever carries it. Several invitations of one customer may be open at once (staff may send a new
// one when the first got lost); the first accepted spends them all, as the customer then has an account.
import { randomBytes } from 'node:crypto';
import * as store from '../store/index.js';
import { AppError } from '../shared/errors.js';
import { hashPersonPassword } from '../shared/person-passwords.js';
import { normalEmail } from '../domain/drivers.js';
import type { Principal } from '../domain/staff.js';
import type { AcceptOutcome } from '../store/driver-invitations.js';
import type { ServiceDeps } from './deps.js';
import { newAppIdTag, signInDriver, type DriverSignIn } from './driver-accounts.js';
import { sha256 } from './staff.js';

export const INVITATION_TOKEN_PREFIX = 'csi_';
export const DEFAULT_INVITATION_TTL_S = 7 * 86_400;
const newInvitationToken = (): string => `${INVITATION_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;

export interface DriverInvitation {
  invitationId: number;
  customerId: number;
  /** The link to hand the customer: the app's page with the token in its #fragment; shown in this answer only. */
  url: string;
  expiresAt: Date;
}

export interface InvitationPolicy {
  tokenTtlS: number;
  invitationTtlS: number;
  /** PUBLIC_URL; null: the origin the staff request came to. */
  publicUrl: string | null;
}

export interface DriverInvitationService {
  /** A new link for the customer; NotFound naming customerId; Conflict (reason has_account) when they have an account. */
  invite(customerId: number, staff: Principal, requestOrigin: string): Promise<DriverInvitation>;
  /** The customer's driver account, signed in; Unauthorized for any unusable token; Conflict for a used email. */
  accept(a: { token: string; password: string; email?: string | undefined }): Promise<DriverSignIn>;
  /** Whom the link invites, so the app can greet them; Unauthorized as accept. */
  peek(token: string): Promise<{ customerName: string; email: string | null }>;
}

const unusable = () => new AppError('Unauthorized', 'the invitation is unknown, accepted already or expired: ask for a new one');

/** The outcomes the store refuses with, as errors (the same error for every unusable link). */
function refusal(outcome: Exclude<AcceptOutcome, { kind: 'accepted' }>): AppError {
  switch (outcome.kind) {
    case 'unusable': return unusable();
    case 'email_required': {
      const message = 'email is required: the customer record has none';
      return new AppError('BadRequest', message, { fields: [{ field: 'email', in: 'body', message }] });
    }
    case 'email_taken': return new AppError('Conflict', 'an account with this email exists: sign in instead', { field: 'email' });
    case 'has_account': return new AppError('Conflict', 'this customer has a driver account already: sign in instead', { reason: 'has_account' });
  }
}

export function makeDriverInvitationService(d: ServiceDeps, policy: InvitationPolicy): DriverInvitationService {
  return {
    async invite(customerId, staff, requestOrigin) {
      await store.customers.getCustomer(d.db, customerId); // NotFound naming customerId
      if (await store.driverAccounts.getDriver(d.db, customerId)) {
        throw new AppError('Conflict', `customer ${customerId} has a driver account already`, { field: 'customerId', reason: 'has_account' });
      }
      const token = newInvitationToken();
      const now = d.clock.now();
      const saved = await store.driverInvitations.insertInvitation(d.db, {
        customerId, tokenHash: sha256(token), createdBy: staff.name, createdAt: now, expiresAt: new Date(now.getTime() + policy.invitationTtlS * 1000),
      });
      d.log.info({ customerId, invitationId: saved.id, createdBy: staff.name }, 'driver invitation issued');
      const origin = (policy.publicUrl ?? requestOrigin).replace(/\/+$/, '');
      return { invitationId: saved.id, customerId, url: `${origin}/app/#/invite/${token}`, expiresAt: saved.expiresAt };
    },

    async accept(a) {
      // Hashed first, whatever the token: the transaction holds no lock through scrypt, and a bad token costs the same.
      const passwordHash = await hashPersonPassword(a.password);
      const outcome = await store.driverInvitations.acceptInvitation(d.db, {
        tokenHash: sha256(a.token), at: d.clock.now(), email: a.email === undefined ? null : normalEmail(a.email), passwordHash, appIdTag: newAppIdTag(),
      });
      if (outcome.kind !== 'accepted') throw refusal(outcome);
      d.log.info({ customerId: outcome.account.customerId }, 'driver accepted an invitation');
      return signInDriver(d, policy.tokenTtlS, outcome.account);
    },

    async peek(token) {
      const invitee = await store.driverInvitations.findUsableInvitation(d.db, sha256(token), d.clock.now());
      if (!invitee) throw unusable();
      return invitee;
    },
  };
}
