// Invoices: their status machine and display number. An unpaid invoice is what "awaiting payment" means.
import type { PricedSession } from './pricing.js';

export type InvoiceStatus = 'unpaid' | 'paid' | 'void';
export type PaymentMethod = 'cash' | 'card' | 'transfer' | 'other';
export const PAYMENT_METHODS = ['cash', 'card', 'transfer', 'other'] as const;

/** An issued invoice: the priced session, as priced then, and what became of it. */
export interface Invoice extends PricedSession {
  id: number;
  number: string;
  sessionId: number;
  stationId: number;
  connectorId: number;
  customerId: number | null;
  customerName: string | null;
  tariffId: number | null;
  status: InvoiceStatus;
  issuedAt: Date;
  sessionStoppedAt: Date;
  paidAt: Date | null;
  voidedAt: Date | null;
  voidReason: string | null;
  voidedBy: string | null;
}

export interface Payment {
  id: number;
  invoiceId: number;
  method: PaymentMethod;
  reference: string | null;
  amountMinor: number;
  currency: string;
  paidBy: string;
  paidAt: Date;
}

/** INV-000042: for people; every API path uses the integer id. */
export const invoiceNumber = (id: number): string => `INV-${String(id).padStart(6, '0')}`;

/** Only an unpaid invoice can be paid or voided; a paid one is final, a void one no longer awaited. */
export function canSettle(status: InvoiceStatus): boolean {
  return status === 'unpaid';
}

/** A stopped session whose invoice is unpaid, as the dashboard lists it. */
export interface AwaitingPayment {
  sessionId: number;
  invoiceId: number;
  customerName: string | null;
  totalMinor: number;
  currency: string;
  stoppedAt: Date;
  stationId: number;
  connectorId: number;
  /** The session's tag at StartTransaction; anything but Accepted marks a refused tag on the invoice row. */
  authorizationStatus: string;
}
