// Charger passwords (OCPP security profile 1 AuthorizationKey) are stored as salted scrypt hashes and
// compared in constant time.
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (password: Buffer | string, salt: Buffer, keylen: number) => Promise<Buffer>;
const KEY_BYTES = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_BYTES);
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function passwordMatches(given: Buffer | undefined, storedHash: string): Promise<boolean> {
  if (!given) return false;
  const [scheme, saltB64, keyB64] = storedHash.split('$');
  if (scheme !== 'scrypt' || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, 'base64');
  const actual = await scrypt(given, Buffer.from(saltB64, 'base64'), expected.length);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A random password to hand to a newly registered charger once. */
export function newPassword(): string {
  return randomBytes(18).toString('base64url');
}
