// Passwords people choose (drivers'): guessable, so hashed with a memory-hard function (scrypt, RFC 7914).
// The cost is stored with each hash, so it can be raised later without invalidating old ones. Charger keys are
// random and hashed otherwise (secrets.ts).
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, o: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => scryptCb(password, salt, keylen, o, (err, key) => (err ? reject(err) : resolve(key))));

// N = 2^15, r = 8: 32 MiB and ~70 ms of one core per hash here: a guess costs an attacker as much.
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const maxmem = (o: { N: number; r: number }) => 128 * o.N * o.r * 2;

export async function hashPersonPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { ...COST, maxmem: maxmem(COST) });
  return `scrypt2$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function personPasswordMatches(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltB64, keyB64] = stored.split('$');
  if (scheme !== 'scrypt2' || !saltB64 || !keyB64) return false;
  const o = { N: Number(n), r: Number(r), p: Number(p) };
  const expected = Buffer.from(keyB64, 'base64');
  const actual = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, { ...o, maxmem: maxmem(o) });
  return timingSafeEqual(actual, expected);
}

/** Checked when a login names an unknown email, so an unknown email takes as long as a wrong password. */
let decoy: Promise<string> | null = null;
export async function spendLikeAPasswordCheck(password: string): Promise<void> {
  decoy ??= hashPersonPassword('decoy password, never matched');
  await personPasswordMatches(password, await decoy);
}
