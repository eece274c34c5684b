// The payment provider shipped for trials and tests (PAYMENT_PROVIDER=test): no money moves. The payment
// token chooses the outcome, as acquirers' test cards do: 'test-approve' is approved, 'test-decline' declined,
// 'test-unavailable' as if the acquirer were down; any other token is declined. The reference is derived from
// the Idempotency-Key, so a retried request gets the same reference, as from an acquirer that charges once per key.
import { createHash } from 'node:crypto';
import type { CardCharge, CardChargeOutcome, PaymentProvider } from '../domain/card-payments.js';

export const TEST_PAYMENT_TOKENS = ['test-approve', 'test-decline', 'test-unavailable'] as const;

export function testCardProvider(): PaymentProvider {
  return {
    name: 'test',
    charge(c: CardCharge): Promise<CardChargeOutcome> {
      switch (c.paymentToken) {
        case 'test-approve': {
          const digest = createHash('sha256').update(`${c.invoiceId}:${c.idempotencyKey}`).digest('hex').slice(0, 16);
          return Promise.resolve({ outcome: 'approved', reference: `test_${digest}` });
        }
        case 'test-unavailable':
          return Promise.resolve({ outcome: 'unavailable', reason: 'the test acquirer is unavailable (test-unavailable)' });
        default:
          return Promise.resolve({ outcome: 'declined', reason: 'the card was declined (a test token other than test-approve)' });
      }
    },
  };
}
