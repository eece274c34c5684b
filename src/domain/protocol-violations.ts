// What a lenient charger sent that broke the OCPP 1.6 schemas, kept so an operator can show its vendor what to fix.
import type { Relaxation } from './stations.js';

export interface ViolationDetail {
  /** 'req': in a CALL from the charger; 'conf': in its answer to a CALL of ours. */
  message: 'req' | 'conf';
  /** JSON Pointer (RFC 6901) into the payload. */
  path: string;
  /** What the charger sent there. */
  original: unknown;
  /** What it was read as; absent when it was dropped (an extra property). */
  repaired?: unknown;
}

export interface NewProtocolViolation {
  stationId: number;
  /** The OCPP action of the message. */
  action: string;
  relaxation: Relaxation;
  detail: ViolationDetail;
  receivedAt: Date;
}

export interface ProtocolViolation extends NewProtocolViolation {
  id: number;
}
