import { describe, expect, it } from 'vitest';
import { checkSecurityProfile, usesBasicAuth, type PasswordCheck, type TransportFacts } from '../../../src/ocpp/security-profile.js';
import type { SecurityProfile } from '../../../src/domain/stations.js';

const ID = 'CP-0042';
const plain: TransportFacts = { tls: false, clientCert: null };
const tls: TransportFacts = { tls: true, clientCert: null };
const cert = (authorized: boolean, subjectCN: string | null): TransportFacts => ({ tls: true, clientCert: { authorized, subjectCN } });

const check = (profile: SecurityProfile, t: TransportFacts, password: PasswordCheck) =>
  checkSecurityProfile({ chargeBoxId: ID, securityProfile: profile }, t, password);

describe('checkSecurityProfile', () => {
  it.each([
    [1, 'plain ws', plain, 'matches'],
    [1, 'plain ws, station without password', plain, 'not-set'],
    [1, 'plain ws, the key a rotation replaced (until the first connection with the new one)', plain, 'matches-previous'],
    [1, 'TLS (never weaker)', tls, 'matches'],
    [1, 'TLS with any client certificate', cert(false, 'someone'), 'matches'],
    [2, 'TLS', tls, 'matches'],
    [2, 'TLS, station without password', tls, 'not-set'],
    [3, 'TLS, trusted certificate naming the chargeBoxId, no password checked', cert(true, ID), 'not-checked'],
    [3, 'TLS, trusted certificate, a wrong password sent anyway', cert(true, ID), 'wrong'],
  ] as const)('profile %s accepts %s', (profile, _what, t, password) => {
    expect(check(profile, t, password)).toEqual({ accept: true });
  });

  it.each([
    [1, 'a wrong password', plain, 'wrong', 401, /Bad credentials/],
    [1, 'an unchecked password (fail closed)', plain, 'not-checked', 401, /Bad credentials/],
    [2, 'plain ws, even with the right password', plain, 'matches', 403, /profile 2 requires TLS/],
    [2, 'plain ws, even with the previous key', plain, 'matches-previous', 403, /profile 2 requires TLS/],
    [2, 'a wrong password over TLS', tls, 'wrong', 401, /Bad credentials/],
    [2, 'an unchecked password over TLS', cert(true, ID), 'not-checked', 401, /Bad credentials/],
    [3, 'plain ws', plain, 'not-checked', 403, /profile 3 requires TLS/],
    [3, 'TLS without a client certificate', tls, 'matches', 401, /Client certificate required/],
    [3, 'an untrusted certificate naming the chargeBoxId', cert(false, ID), 'not-checked', 401, /not trusted/],
    [3, 'a trusted certificate naming another charger', cert(true, 'CP-0043'), 'not-checked', 401, /CN is not the chargeBoxId/],
    [3, 'a trusted certificate whose CN differs only in case', cert(true, 'cp-0042'), 'not-checked', 401, /CN/],
    [3, 'a trusted certificate with no single CN', cert(true, null), 'not-checked', 401, /CN/],
  ] as const)('profile %s refuses %s', (profile, _what, t, password, status, reason) => {
    const verdict = check(profile, t, password);
    expect(verdict).toMatchObject({ accept: false, status });
    expect(verdict.accept ? '' : verdict.reason).toMatch(reason);
  });

  it('asks for the password only of the Basic-auth profiles', () => {
    expect([1, 2, 3].map((p) => usesBasicAuth(p as SecurityProfile))).toEqual([true, true, false]);
  });
});
