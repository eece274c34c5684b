// Messages a charger sent that are kept as records of what it said: DataTransfer, and StopTransactions for
// transactions we never issued (OCPP.md: always accepted, never lost).
export interface DataTransferRecord {
  id: number;
  stationId: number;
  vendorId: string;
  messageId: string | null;
  data: string | null;
  answerStatus: string;
  receivedAt: Date;
}

/** A StopTransaction as the charger sent it (its transactionData apart). */
export interface StopRequest {
  stationId: number;
  transactionId: number;
  meterStopWh: number;
  stoppedAt: Date;
  reason: string | null;
  idTag: string | null;
}

/** A StopTransaction for a transaction we never issued, kept as it came. */
export interface UnknownStop extends StopRequest {
  transactionData: unknown;
  receivedAt: Date;
}
