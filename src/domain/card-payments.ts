// Drivers pay invoices by card through a payment provider (issue 19): the PaymentProvider port says what we
// need from an acquirer; src/payments/ provides it. An outcome is a value: approved (with the acquirer's
// reference), declined (the card was refused: the invoice stays unpaid), or unavailable (the acquirer could not
// be asked or did not answer: nothing is known to be charged, the driver may try again with the same key).

export interface CardCharge {
  invoiceId: number;
  amountMinor: number;
  currency: string;
  /** The driver's Idempotency-Key: the acquirer charges once per key, however often it is asked. */
  idempotencyKey: string;
  /** The card as the acquirer's client-side SDK tokenised it; never a card number. */
  paymentToken: string;
}

export type CardChargeOutcome =
  | { outcome: 'approved'; reference: string }
  | { outcome: 'declined'; reason: string }
  | { outcome: 'unavailable'; reason: string };

export interface PaymentProvider {
  /** The provider's name, recorded in the log. */
  readonly name: string;
  charge(c: CardCharge): Promise<CardChargeOutcome>;
}
