// The handshake's password check against a station's AuthorizationKey hashes. During a rotation
// (services/authorization-keys.ts) the key the charger just accepted is current and the one it replaced still
// works, until the charger's first connection with the new key; a pending key (sent to an offline charger,
// not yet accepted) never lets anyone in.
import type { Station } from '../domain/model.js';
import { passwordMatches } from '../shared/secrets.js';
import { usesBasicAuth, type PasswordCheck } from './security-profile.js';

export async function checkPassword(
  given: Buffer | undefined, station: Pick<Station, 'securityProfile' | 'passwordHash' | 'previousPasswordHash'>,
): Promise<PasswordCheck> {
  // Hashed only for a profile that uses it (profile 3 is proven by its certificate).
  if (!usesBasicAuth(station.securityProfile)) return 'not-checked';
  if (!station.passwordHash) return 'not-set';
  if (await passwordMatches(given, station.passwordHash)) return 'matches';
  const previous = station.previousPasswordHash;
  return previous && (await passwordMatches(given, previous)) ? 'matches-previous' : 'wrong';
}
