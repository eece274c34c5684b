// The SignCertificate rules (domain/certificate-signing.ts): what a CSR must say, how strong its key must be
// (security whitepaper, "Certificate properties"), and how long what we sign is valid.
import { describe, expect, it } from 'vitest';
import {
  certificateValidity, checkCsr, isStrongEnough, refusalText, type CsrFacts,
} from '../../../src/domain/certificate-signing.js';

const expected = { chargeBoxId: 'CP-0042', cpoName: 'ChargeSync CPO' };
const good: CsrFacts = { signatureValid: true, commonNames: ['CP-0042'], organizations: ['ChargeSync CPO'], key: { type: 'ec', bits: 256 } };

describe('checkCsr', () => {
  it('passes a CSR naming this charger and our organisation with a strong key', () => {
    expect(checkCsr(good, expected)).toEqual({ ok: true, value: good });
  });

  it.each([
    ['a signature that does not verify', { signatureValid: false }, 'BadSignature'],
    ['another CN', { commonNames: ['CP-0043'] }, 'WrongCommonName'],
    ['a CN differing in case only', { commonNames: ['cp-0042'] }, 'WrongCommonName'],
    ['no CN', { commonNames: [] }, 'WrongCommonName'],
    ['two CNs, one of them right', { commonNames: ['CP-0042', 'CP-0043'] }, 'WrongCommonName'],
    ['another O', { organizations: ['Somebody Else'] }, 'WrongOrganization'],
    ['no O', { organizations: [] }, 'WrongOrganization'],
    ['an RSA key of 1024 bits', { key: { type: 'rsa', bits: 1024 } }, 'WeakKey'],
    ['an EC key of 192 bits', { key: { type: 'ec', bits: 192 } }, 'WeakKey'],
    ['a key of unknown size', { key: { type: 'ec', bits: null } }, 'WeakKey'],
  ] as const)('refuses %s', (_what, change, refusal) => {
    expect(checkCsr({ ...good, ...change } as CsrFacts, expected)).toEqual({ ok: false, error: refusal });
  });
});

describe('isStrongEnough: RSA/DSA >= 2048 bits, EC >= 224 bits', () => {
  it.each([
    ['rsa', 2048, true], ['rsa', 2047, false], ['rsa', 4096, true], ['rsa-pss', 3072, true], ['dsa', 1024, false],
    ['ec', 224, true], ['ec', 223, false], ['ec', 521, true], ['ed25519', 256, true], ['x25519', 256, false],
  ] as const)('%s %i bits: %s', (type, bits, strong) => expect(isStrongEnough({ type, bits })).toBe(strong));
});

describe('certificateValidity', () => {
  const now = new Date('2026-12-03T10:00:00Z');

  it('is one year, backdated five minutes for chargers whose clock runs behind', () => {
    expect(certificateValidity(now, new Date('2040-01-01T00:00:00Z'))).toEqual({
      notBefore: new Date('2026-12-03T09:55:00Z'), notAfter: new Date('2027-12-03T10:00:00Z'),
    });
  });

  it('never outlives the CA', () => {
    const caNotAfter = new Date('2027-03-01T00:00:00Z');
    expect(certificateValidity(now, caNotAfter).notAfter).toEqual(caNotAfter);
  });
});

describe('refusalText', () => {
  it('names what was expected and what came', () => {
    expect(refusalText('WrongCommonName', expected, { ...good, commonNames: ['X'] })).toBe('subject CN "X" is not the chargeBoxId "CP-0042"');
    expect(refusalText('WrongOrganization', expected, { ...good, organizations: [] })).toBe('subject O (none) is not CPO_NAME "ChargeSync CPO"');
    expect(refusalText('WeakKey', expected, { ...good, key: { type: 'rsa', bits: 1024 } })).toContain('rsa key of 1024 bits is too weak');
  });
});
