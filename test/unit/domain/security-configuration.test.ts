import { describe, expect, it } from 'vitest';
import {
  checkProfileRaise, isAuthorizationKey, redactedConfiguration, securityKeyOf,
} from '../../../src/domain/security-configuration.js';

describe('AuthorizationKey (OCPP 1.6 security whitepaper: 16 to 20 bytes, hex)', () => {
  it.each([
    ['ab'.repeat(16), true], ['AB'.repeat(20), true], ['ab'.repeat(15), false], ['ab'.repeat(21), false],
    [`${'ab'.repeat(16)}a`, false], ['zz'.repeat(16), false], ['', false],
  ])('%s → %s', (key, valid) => expect(isAuthorizationKey(key)).toBe(valid));

  it('is redacted from a ChangeConfiguration payload whatever the spelling of its key, and only it', () => {
    expect(redactedConfiguration({ key: 'authorizationKEY', value: 'ab'.repeat(16) })).toEqual({ key: 'authorizationKEY', value: '***' });
    expect(redactedConfiguration({ key: 'HeartbeatInterval', value: '60' })).toEqual({ key: 'HeartbeatInterval', value: '60' });
    expect(securityKeyOf('securityprofile')).toBe('SecurityProfile');
    expect(securityKeyOf(42)).toBeNull();
  });
});

describe('SecurityProfile raise', () => {
  it.each([
    [1, '2', true, { ok: true, value: 2 }],
    [1, '1', false, { ok: true, value: 1 }],
    [2, '1', true, { ok: false, error: 'Lowering' }],
    [1, '3', false, { ok: false, error: 'NoClientCertificates' }],
    [1, '3', true, { ok: true, value: 3 }],
    [1, '4', true, { ok: false, error: 'NotAProfile' }],
    [1, 'two', true, { ok: false, error: 'NotAProfile' }],
  ] as const)('from %s to %s (client certificates: %s) → %o', (current, value, clientCertificates, result) =>
    expect(checkProfileRaise(current, value, { clientCertificates })).toEqual(result));
});
