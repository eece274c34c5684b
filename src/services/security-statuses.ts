// The security extension's progress reports (OCPP 1.6 security whitepaper edition 3): LogStatusNotification for
// a GetLog upload and SignedFirmwareStatusNotification for a SignedUpdateFirmware. As recordFirmwareStatus does
// (services/chargers.ts): the station's latest status, with the requestId it reports on, and its history in
// firmware_events, in one transaction. Staff read them in the station's detail (services/stations.ts).
import * as store from '../store/index.js';
import { inTransaction } from '../store/db.js';
import type { ServiceDeps } from './deps.js';

/** A status and the requestId of the GetLog / SignedUpdateFirmware it reports on (absent: a triggered Idle). */
export interface StatusReport { status: string; requestId: number | null }

export interface SecurityStatusService {
  /** LogStatusNotification. */
  recordLogStatus(stationId: number, report: StatusReport): Promise<void>;
  /** SignedFirmwareStatusNotification. */
  recordSignedFirmwareStatus(stationId: number, report: StatusReport): Promise<void>;
}

export function makeSecurityStatusService(d: ServiceDeps): SecurityStatusService {
  return {
    async recordLogStatus(stationId: number, { status, requestId }: StatusReport): Promise<void> {
      const at = d.clock.now();
      await inTransaction(d.db, async (tx) => {
        await store.securityStatuses.updateLogStatus(tx, stationId, { status, at, requestId });
        await store.chargerMessages.insertFirmwareEvent(tx, { stationId, kind: 'log', status, receivedAt: at, requestId });
      });
    },

    async recordSignedFirmwareStatus(stationId: number, { status, requestId }: StatusReport): Promise<void> {
      const at = d.clock.now();
      await inTransaction(d.db, async (tx) => {
        await store.securityStatuses.updateSignedFirmwareStatus(tx, stationId, { status, at, requestId });
        await store.chargerMessages.insertFirmwareEvent(tx, { stationId, kind: 'signed-firmware', status, receivedAt: at, requestId });
      });
    },
  };
}
