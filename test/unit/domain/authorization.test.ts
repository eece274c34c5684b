// OCPP 1.6 §7.2 (AuthorizationStatus): ConcurrentTx "is only relevant for a StartTransaction.req". Authorize
// answers the tag by its own standing; StartTransaction adds ConcurrentTx for a tag charging elsewhere.
import { describe, expect, it } from 'vitest';
import { authorize, authorizeTransaction } from '../../../src/domain/authorization.js';
import type { IdTag } from '../../../src/domain/model.js';

const now = new Date('2026-03-01T10:00:00Z');
const tag = (o: Partial<IdTag> = {}): IdTag => ({ idTag: 'T1', status: 'Accepted', expiryDate: null, parentIdTag: null, ...o });
const blocked = tag({ status: 'Blocked' });
const expired = tag({ expiryDate: new Date('2026-03-01T09:59:59Z') });
const valid = tag({ expiryDate: new Date('2027-01-01T00:00:00Z') });

describe('authorize (Authorize.req)', () => {
  it.each([
    ['an unknown tag', null, 'Invalid'],
    ['a blocked tag', blocked, 'Blocked'],
    ['a tag past its expiry', expired, 'Expired'],
    ['a tag expiring exactly now', tag({ expiryDate: now }), 'Expired'],
    ['a valid tag', valid, 'Accepted'],
  ] as const)('%s → %s', (_name, t, status) => {
    expect(authorize(t, { now }).status).toBe(status);
  });

  it('carries the expiry and parent of a known tag', () => {
    const expiryDate = new Date('2027-01-01T00:00:00Z');
    expect(authorize(tag({ expiryDate, parentIdTag: 'FLEET' }), { now }))
      .toEqual({ status: 'Accepted', expiryDate, parentIdTag: 'FLEET' });
  });
});

describe('authorizeTransaction (StartTransaction.req)', () => {
  it.each([
    ['an unknown tag', null, false, 'Invalid'],
    ['an unknown tag, its text charging elsewhere', null, true, 'Invalid'],
    ['a blocked tag', blocked, false, 'Blocked'],
    ['a blocked tag charging elsewhere', blocked, true, 'Blocked'],
    ['a tag past its expiry', expired, false, 'Expired'],
    ['a tag past its expiry charging elsewhere', expired, true, 'Expired'],
    ['a valid tag', valid, false, 'Accepted'],
    ['a valid tag charging elsewhere', valid, true, 'ConcurrentTx'],
  ] as const)('%s → %s', (_name, t, chargingElsewhere, status) => {
    expect(authorizeTransaction(t, { now, chargingElsewhere }).status).toBe(status);
  });

  it('blocked wins over expired and concurrent', () => {
    expect(authorizeTransaction(tag({ status: 'Blocked', expiryDate: new Date(0) }), { now, chargingElsewhere: true }).status)
      .toBe('Blocked');
  });

  it('keeps the expiry and parent on ConcurrentTx', () => {
    const expiryDate = new Date('2027-01-01T00:00:00Z');
    expect(authorizeTransaction(tag({ expiryDate, parentIdTag: 'FLEET' }), { now, chargingElsewhere: true }))
      .toEqual({ status: 'ConcurrentTx', expiryDate, parentIdTag: 'FLEET' });
  });
});

// The same facts, the two messages: only StartTransaction is answered ConcurrentTx.
describe('a valid tag charging elsewhere', () => {
  it('is Accepted for Authorize and ConcurrentTx for StartTransaction', () => {
    expect(authorize(valid, { now }).status).toBe('Accepted');
    expect(authorizeTransaction(valid, { now, chargingElsewhere: true }).status).toBe('ConcurrentTx');
  });
});
