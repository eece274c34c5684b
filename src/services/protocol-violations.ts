// Violations of the OCPP 1.6 schemas that a lenient charger's station allowed (ocpp/leniency.ts repaired them).
import * as store from '../store/index.js';
import type { Relaxation } from '../domain/stations.js';
import type { ProtocolViolation, ViolationDetail } from '../domain/protocol-violations.js';
import type { ServiceDeps } from './deps.js';
import type { Page } from '../domain/paging.js';
import type { PageRequest } from '../store/keyset.js';

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

/** The schema violations lenient chargers were allowed, as diagnostics for staff. */
export interface ProtocolViolationService {
  /** The repairs of one message, as one row each. */
  record(stationId: number, action: string, message: ViolationDetail['message'], spots: RepairedSpot[]): Promise<void>;
  /** For staff: newest first, paged; NotFound for a station that does not exist. */
  list(stationId: number, page: PageRequest): Promise<Page<ProtocolViolation>>;
}

export function makeProtocolViolationService(d: ServiceDeps): ProtocolViolationService {
  return {
    async record(stationId: number, action: string, message: ViolationDetail['message'], spots: RepairedSpot[]): Promise<void> {
      const receivedAt = d.clock.now();
      await store.protocolViolations.insertViolations(d.db, spots.map(({ relaxation, path, original, ...rest }) => ({
        stationId, action, relaxation, detail: { message, path, original: clip(original), ...rest }, receivedAt,
      })));
    },
    async list(stationId: number, page: PageRequest): Promise<Page<ProtocolViolation>> {
      await store.stations.getStation(d.db, stationId);
      return store.protocolViolations.listViolations(d.db, stationId, page);
    },
  };
}
