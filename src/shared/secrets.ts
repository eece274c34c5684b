// Charger passwords (OCPP security profile 1/2 AuthorizationKey) are stored as salted hashes and compared in
// constant time.
//
// The keys are random ones we generate (newPassword: 160 bits), or an operator's own AuthorizationKey (16-20 bytes), not passwords people choose. A slow KDF such as
// scrypt protects guessable passwords; against a 2^128 space or more it adds nothing, yet costs ~40 ms of CPU per
// handshake: minutes of CPU when thousands of chargers reconnect after an outage, and a free lever for anyone
// sending wrong passwords. So new hashes are salted SHA-256; scrypt hashes written by earlier releases still
// verify, and a connect storm of such chargers pays scrypt once per charger and process, not once per handshake:
// a password that matched a stored scrypt hash is remembered (verifiedScrypt below).
import { createHash, createHmac, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (password: Buffer | string, salt: Buffer, keylen: number) => Promise<Buffer>;

const sha256 = (salt: Buffer, password: Buffer | string): Buffer => createHash('sha256').update(salt).update(password).digest();

export function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return Promise.resolve(`sha256$${salt.toString('base64')}$${sha256(salt, password).toString('base64')}`);
}

// Stored scrypt hash → an HMAC, under a key of this process, of the password that matched it. A new password is
// a new stored hash (new salt), so a changed password never meets the old entry; wrong passwords are never
// remembered (the handshake limit blocks an address that keeps sending them, ocpp/handshake-limit.ts).
const VERIFIED_MAX = 100_000;
const verifiedKey = randomBytes(32);
const verifiedScrypt = new Map<string, Buffer>();
const verifiedDigest = (given: Buffer): Buffer => createHmac('sha256', verifiedKey).update(given).digest();

function rememberVerified(storedHash: string, given: Buffer): void {
  if (verifiedScrypt.size >= VERIFIED_MAX) verifiedScrypt.delete(verifiedScrypt.keys().next().value as string);
  verifiedScrypt.set(storedHash, verifiedDigest(given));
}

/** How many scrypt verifications ran in this process (each ~40 ms of CPU): what the memory above saves. */
export const passwordHashing = { scryptRuns: 0 };

export async function passwordMatches(given: Buffer | undefined, storedHash: string): Promise<boolean> {
  if (!given) return false;
  const remembered = verifiedScrypt.get(storedHash);
  if (remembered && timingSafeEqual(remembered, verifiedDigest(given))) return true;
  const [scheme, saltB64, keyB64] = storedHash.split('$');
  if (!saltB64 || !keyB64) return false;
  const salt = Buffer.from(saltB64, 'base64');
  const expected = Buffer.from(keyB64, 'base64');
  let actual: Buffer;
  if (scheme === 'sha256') actual = sha256(salt, given);
  else if (scheme === 'scrypt') {
    passwordHashing.scryptRuns += 1;
    actual = await scrypt(given, salt, expected.length);
  }
  else return false;
  const matches = actual.length === expected.length && timingSafeEqual(actual, expected);
  if (matches && scheme === 'scrypt') rememberVerified(storedHash, given);
  return matches;
}

/** A random AuthorizationKey to hand to a charger once: 20 bytes, hex, as the OCPP 1.6 security whitepaper has it. */
export function newPassword(): string {
  return randomBytes(20).toString('hex');
}
