import { describe, expect, it } from 'vitest';
import { hashPersonPassword, personPasswordMatches } from '../../../src/shared/person-passwords.js';

describe('passwords people choose', () => {
  it('are stored as salted scrypt with its cost, and match only themselves', async () => {
    const a = await hashPersonPassword('correct horse battery');
    const b = await hashPersonPassword('correct horse battery');
    expect(a).toMatch(/^scrypt2\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b); // salted
    expect(a).not.toContain('correct');
    expect(await personPasswordMatches('correct horse battery', a)).toBe(true);
    expect(await personPasswordMatches('correct horse batterY', a)).toBe(false);
    expect(await personPasswordMatches('', a)).toBe(false);
  });

  it('match nothing against a hash in another format', async () => {
    expect(await personPasswordMatches('x', 'sha256$abc$def')).toBe(false);
    expect(await personPasswordMatches('x', '')).toBe(false);
  });
});
