// Authorize, StartTransaction and StopTransaction answer with an idTagInfo decided here (OCPP 1.6 §4.2, §7.18).
import type { Authorization, IdTag } from './model.js';

export interface AuthorizationContext {
  now: Date;
  /** The tag already has a session running on another connector or charger. */
  chargingElsewhere: boolean;
}

export function authorize(tag: IdTag | null, ctx: AuthorizationContext): Authorization {
  if (!tag) return { status: 'Invalid', expiryDate: null, parentIdTag: null };
  const known = { expiryDate: tag.expiryDate, parentIdTag: tag.parentIdTag };
  if (tag.status === 'Blocked') return { status: 'Blocked', ...known };
  if (tag.expiryDate && tag.expiryDate.getTime() <= ctx.now.getTime()) return { status: 'Expired', ...known };
  if (ctx.chargingElsewhere) return { status: 'ConcurrentTx', ...known };
  return { status: 'Accepted', ...known };
}
