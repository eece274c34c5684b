import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword, newPassword, passwordHashing, passwordMatches } from '../../../src/shared/secrets.js';

describe('charger password hashes', () => {
  it('match the password they were made from, and no other', async () => {
    const password = newPassword();
    const hash = await hashPassword(password);
    expect(hash).not.toContain(password);
    expect(await passwordMatches(Buffer.from(password), hash)).toBe(true);
    expect(await passwordMatches(Buffer.from(`${password}x`), hash)).toBe(false);
    expect(await passwordMatches(undefined, hash)).toBe(false);
  });

  it('are salted: one password hashes differently twice', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('still verify scrypt hashes written by earlier releases', async () => {
    const salt = randomBytes(16);
    const old = `scrypt$${salt.toString('base64')}$${scryptSync('old-key', salt, 32).toString('base64')}`;
    expect(await passwordMatches(Buffer.from('old-key'), old)).toBe(true);
    expect(await passwordMatches(Buffer.from('other'), old)).toBe(false);
  });

  it('pay scrypt once per charger: a password that matched is remembered, a wrong one never, a changed hash not', async () => {
    const salt = randomBytes(16);
    const old = `scrypt$${salt.toString('base64')}$${scryptSync('storm-key', salt, 32).toString('base64')}`;
    const runs = () => passwordHashing.scryptRuns;
    const before = runs();
    expect(await passwordMatches(Buffer.from('storm-key'), old)).toBe(true);
    expect(await passwordMatches(Buffer.from('storm-key'), old)).toBe(true);
    expect(await passwordMatches(Buffer.from('storm-key'), old)).toBe(true);
    expect(runs() - before).toBe(1);
    expect(await passwordMatches(Buffer.from('wrong-key'), old)).toBe(false);
    expect(await passwordMatches(Buffer.from('wrong-key'), old)).toBe(false);
    expect(runs() - before).toBe(3);
    // The password changed: a new stored hash, checked afresh; the old password does not match it.
    const salt2 = randomBytes(16);
    const changed = `scrypt$${salt2.toString('base64')}$${scryptSync('new-key', salt2, 32).toString('base64')}`;
    expect(await passwordMatches(Buffer.from('storm-key'), changed)).toBe(false);
    expect(await passwordMatches(Buffer.from('new-key'), changed)).toBe(true);
    expect(runs() - before).toBe(5);
  });

  it('refuse a malformed or unknown scheme', async () => {
    expect(await passwordMatches(Buffer.from('x'), 'md5$abc$def')).toBe(false);
    expect(await passwordMatches(Buffer.from('x'), 'garbage')).toBe(false);
  });
});
