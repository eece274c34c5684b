// Messages a charger sent that are kept as records of what it said: DataTransfer, and StopTransactions for
// transactions we never issued (OCPP.md: always accepted, never lost).
import type { StopRequest } from './sessions.js';

export interface DataTransferRecord {
  id: number;
  stationId: number;
  vendorId: string;
  messageId: string | null;
  data: string | null;
  answerStatus: string;
  receivedAt: Date;
}

/** A StopTransaction for a transaction we never issued, kept as it came. */
export interface UnknownStop extends StopRequest {
  transactionData: unknown;
  receivedAt: Date;
}
