import { describe, expect, it } from 'vitest';
import { authorize } from '../../../src/domain/authorization.js';
import type { IdTag } from '../../../src/domain/model.js';

const now = new Date('2026-03-01T10:00:00Z');
const tag = (o: Partial<IdTag> = {}): IdTag => ({ idTag: 'T1', status: 'Accepted', expiryDate: null, parentIdTag: null, ...o });

describe('authorize', () => {
  it.each([
    ['an unknown tag', null, false, 'Invalid'],
    ['a blocked tag', tag({ status: 'Blocked' }), false, 'Blocked'],
    ['a tag past its expiry', tag({ expiryDate: new Date('2026-03-01T09:59:59Z') }), false, 'Expired'],
    ['a tag expiring exactly now', tag({ expiryDate: now }), false, 'Expired'],
    ['a tag charging elsewhere', tag(), true, 'ConcurrentTx'],
    ['a valid tag', tag({ expiryDate: new Date('2027-01-01T00:00:00Z') }), false, 'Accepted'],
  ] as const)('%s → %s', (_name, t, chargingElsewhere, status) => {
    expect(authorize(t, { now, chargingElsewhere }).status).toBe(status);
  });

  it('blocked wins over expired and concurrent', () => {
    expect(authorize(tag({ status: 'Blocked', expiryDate: new Date(0) }), { now, chargingElsewhere: true }).status).toBe('Blocked');
  });

  it('carries the expiry and parent of a known tag', () => {
    const expiryDate = new Date('2027-01-01T00:00:00Z');
    expect(authorize(tag({ expiryDate, parentIdTag: 'FLEET' }), { now, chargingElsewhere: false }))
      .toEqual({ status: 'Accepted', expiryDate, parentIdTag: 'FLEET' });
  });
});
