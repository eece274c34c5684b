// The two configuration keys of the OCPP 1.6 security whitepaper that change how a charger authenticates,
// as pure rules: AuthorizationKey (the Basic auth password of profiles 1 and 2) and SecurityProfile.
// services/authorization-keys.ts and services/security-profile-upgrade.ts apply them.
import { err, ok, type Result } from '../shared/result.js';
import type { SecurityProfile } from './stations.js';

/** Whitepaper: the AuthorizationKey is 16 to 20 bytes, written as hexadecimal (32 to 40 characters). */
export const AUTHORIZATION_KEY_PATTERN = /^(?:[0-9a-fA-F]{2}){16,20}$/;
export const AUTHORIZATION_KEY_RULE = 'an AuthorizationKey is 16 to 20 bytes written as 32 to 40 hexadecimal characters';

/** What the command log, logs and answers show in place of an AuthorizationKey. */
export const REDACTED = '***';

/** The configuration keys that take the security path instead of a plain ChangeConfiguration. */
export type SecurityKey = 'AuthorizationKey' | 'SecurityProfile';

/** Most chargers compare configuration key names case-insensitively: so do we, or a key spelt otherwise slips by. */
export function securityKeyOf(key: unknown): SecurityKey | null {
  if (typeof key !== 'string') return null;
  const lower = key.toLowerCase();
  if (lower === 'authorizationkey') return 'AuthorizationKey';
  return lower === 'securityprofile' ? 'SecurityProfile' : null;
}

export const isAuthorizationKey = (value: string): boolean => AUTHORIZATION_KEY_PATTERN.test(value);

/** A ChangeConfiguration payload as it may be recorded: an AuthorizationKey's value is never kept in clear. */
export function redactedConfiguration(payload: Record<string, unknown>): Record<string, unknown> {
  return securityKeyOf(payload.key) === 'AuthorizationKey' ? { ...payload, value: REDACTED } : payload;
}

export type ProfileRaiseRefusal = 'NotAProfile' | 'Lowering' | 'NoClientCertificates';

/**
 * A SecurityProfile change: only upwards (a charger is never moved to a weaker profile by a command; staff lower
 * it on the station itself), and to 3 only when we can check client certificates (TLS_CA_FILE): a charger
 * raised to 3 without them could never connect again.
 */
export function checkProfileRaise(
  current: SecurityProfile, value: string, o: { clientCertificates: boolean },
): Result<SecurityProfile, ProfileRaiseRefusal> {
  if (!/^[1-3]$/.test(value.trim())) return err('NotAProfile');
  const requested = Number(value.trim()) as SecurityProfile;
  if (requested < current) return err('Lowering');
  if (requested === 3 && !o.clientCertificates) return err('NoClientCertificates');
  return ok(requested);
}
