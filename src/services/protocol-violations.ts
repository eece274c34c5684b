// Violations of the OCPP 1.6 schemas that a lenient charger's station allowed (ocpp/leniency.ts repaired them).
import * as store from '../store/index.js';
import type { Relaxation } from '../domain/stations.js';
import type { ProtocolViolation, ViolationDetail } from '../domain/protocol-violations.js';
import type { ServiceDeps } from './deps.js';

export interface RepairedSpot {
  relaxation: Relaxation;
  path: string;
  original: unknown;
  repaired?: unknown;
}

// A charger's oversized value is kept as the start of its JSON: this is a diagnostic, not an archive.
const MAX_VALUE_CHARS = 2_000;
function clip(value: unknown): unknown {
  const json = JSON.stringify(value) ?? 'undefined';
  return json.length <= MAX_VALUE_CHARS ? value : { truncated: `${json.slice(0, MAX_VALUE_CHARS)}…` };
}

export function makeProtocolViolationService(d: ServiceDeps) {
  return {
    /** The repairs of one message, as one row each. */
    async record(stationId: number, action: string, message: ViolationDetail['message'], spots: RepairedSpot[]): Promise<void> {
      const receivedAt = d.clock.now();
      await store.protocolViolations.insertViolations(d.db, spots.map(({ relaxation, path, original, ...rest }) => ({
        stationId, action, relaxation, detail: { message, path, original: clip(original), ...rest }, receivedAt,
      })));
    },
    /** For staff: newest first, paged; 404 for a station that does not exist. */
    async list(stationId: number, page: { limit?: number | undefined; offset?: number | undefined } = {}): Promise<ProtocolViolation[]> {
      await store.stations.getStation(d.db, stationId);
      return store.protocolViolations.listViolations(d.db, stationId, page);
    },
  };
}
export type ProtocolViolationService = ReturnType<typeof makeProtocolViolationService>;
