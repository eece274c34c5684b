import { describe, expect, it } from 'vitest';
// The pure parts of the sessions and invoices lists: what ?q= reads as an invoice, and their cursor's key.
import { invoiceIdOf, TIME_ID_CURSOR, timeIdKey } from '../../../src/domain/session-filters.js';
import { decodeCursor, encodeCursor } from '../../../src/domain/paging.js';

describe('invoiceIdOf: what an operator types for an invoice in ?q=', () => {
  it.each([
    ['INV-000042', 42], ['inv-42', 42], ['INV42', 42], ['42', 42], [' INV-000042 ', 42], ['2147483647', 2_147_483_647],
    ['INV-', null], ['0', null], ['INV-0', null], ['2147483648', null], ['CP-0042', null], ['42a', null], ['', null],
  ] as const)('%j → %s', (q, id) => expect(invoiceIdOf(q)).toBe(id));
});

describe('the (time, id) cursor of the sessions and invoices lists', () => {
  it('carries the row\'s exact instant and id back', () => {
    const at = new Date('2026-03-01T10:30:00.123Z');
    expect(decodeCursor(encodeCursor(timeIdKey(at, 17)), TIME_ID_CURSOR)).toEqual([at, 17]);
    expect(decodeCursor(encodeCursor(['yesterday', 17]), TIME_ID_CURSOR)).toBeNull();
  });
});
