// The card payment providers shipped (PAYMENT_PROVIDER). A real acquirer is another file here implementing
// domain/card-payments.ts's PaymentProvider.
import type { PaymentProvider } from '../domain/card-payments.js';
import { testCardProvider } from './test-card-provider.js';

export function paymentProvider(name: 'test'): PaymentProvider {
  switch (name) {
    case 'test': return testCardProvider();
  }
}
