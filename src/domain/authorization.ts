// Authorize, StartTransaction and StopTransaction answer with an idTagInfo decided here (OCPP 1.6 §4.2, §7.18).
// ConcurrentTx "is only relevant for a StartTransaction.req" (OCPP 1.6 §7.2, AuthorizationStatus), so Authorize
// and StopTransaction answer a tag by its own standing alone (`authorize`), and only StartTransaction weighs
// where else it charges (`authorizeTransaction`).
import type { Authorization, IdTag } from './model.js';

export interface AuthorizationContext {
  now: Date;
}

export interface TransactionAuthorizationContext extends AuthorizationContext {
  /** The tag already has a session running on another connector or charger. */
  chargingElsewhere: boolean;
}

/** The answer to Authorize.req and StopTransaction.req: Invalid, Blocked, Expired or Accepted, never ConcurrentTx (see above). */
export function authorize(tag: IdTag | null, ctx: AuthorizationContext): Authorization {
  if (!tag) return { status: 'Invalid', expiryDate: null, parentIdTag: null };
  const known = { expiryDate: tag.expiryDate, parentIdTag: tag.parentIdTag };
  if (tag.status === 'Blocked') return { status: 'Blocked', ...known };
  if (tag.expiryDate && tag.expiryDate.getTime() <= ctx.now.getTime()) return { status: 'Expired', ...known };
  return { status: 'Accepted', ...known };
}

/** StartTransaction's idTagInfo: a tag valid by `authorize` that charges elsewhere is ConcurrentTx; an invalid,
 * blocked or expired tag keeps that status. */
export function authorizeTransaction(tag: IdTag | null, ctx: TransactionAuthorizationContext): Authorization {
  const own = authorize(tag, ctx);
  if (own.status === 'Accepted' && ctx.chargingElsewhere) return { ...own, status: 'ConcurrentTx' };
  return own;
}
