// What chargers report about themselves: who they are at the handshake, boots, heartbeats, their clock,
// connections, firmware and diagnostics progress, DataTransfer. Each is written as it arrives; staff read it
// through services/stations.ts. What every charger of a fleet sends at once when it reconnects (its connection,
// its boot, and later its disconnection) is written in groups (shared/batcher.ts BatchQueue), one statement per
// group, each caller answered once its group is stored.
import * as store from '../store/index.js';
import { inTransaction } from '../store/db.js';
import { AppError } from '../shared/errors.js';
import { BatchQueue } from '../shared/batcher.js';
import type { BootInfo, RegistrationStatus, Station } from '../domain/model.js';
import type { ServiceDeps } from './deps.js';
import type { ChargerPort } from './ports.js';
import { HANDSHAKE_GROUPS, makeStationRegistration, type HandshakeLookup } from './station-registration.js';
import type { StationPolicy } from './stations.js';

// A Pending charger boots again after this long, or the heartbeat interval when shorter (the BootNotification
// interval while not Accepted, OCPP 1.6 §4.2.1); staff accepting a connected one do not wait for it
// (station-registration.ts asks it to boot now).
export const PENDING_BOOT_RETRY_S = 30;

// Grouped as the handshake's look-ups are (station-registration.ts HANDSHAKE_GROUPS says why).
const GROUPS = HANDSHAKE_GROUPS;

export interface Disconnection { connectionId: number; lastSeenAt: Date; closeCode: number | null; reason: string }

/** The OCPP edge's write paths for what a charger says about itself. */
export interface ChargerService {
  /** The station a connecting charger claims to be (registered on first contact per OCPP_AUTO_REGISTER), or why not. */
  findForHandshake(chargeBoxId: string): Promise<HandshakeLookup>;
  /** The charger connected with its current AuthorizationKey: the one a rotation replaced stops working. */
  dropPreviousPassword(stationId: number): Promise<void>;
  /** BootNotification: the boot info stored, station.booted emitted; the answer and the interval to give. */
  recordBoot(stationId: number, boot: BootInfo): Promise<{ status: RegistrationStatus; heartbeatIntervalS: number; at: Date }>;
  /** Heartbeat: last seen now; returns now, the currentTime to answer. */
  recordHeartbeat(stationId: number): Promise<Date>;
  /** Called only when the skew changed (ocpp/clock-watch.ts), so it is written and logged once per change. */
  recordClockSkew(stationId: number, aheadS: number | null, at: Date): Promise<void>;
  /** A connection opened: its row, station.online emitted; returns the connection's id. */
  recordConnected(station: Station, remoteAddress: string | null): Promise<number>;
  /** A connection closed: its row completed, station.offline emitted. */
  recordDisconnected(station: Station, c: Disconnection): Promise<void>;
  /** At start-up: connections a killed process left open are closed as of now; returns how many. */
  closeStaleConnections(): Promise<number>;
  /** FirmwareStatusNotification: the station's latest status and its history, in one transaction. */
  recordFirmwareStatus(stationId: number, status: string): Promise<void>;
  /** DiagnosticsStatusNotification: as recordFirmwareStatus. */
  recordDiagnosticsStatus(stationId: number, status: string): Promise<void>;
  /** DataTransfer: kept, and answered UnknownVendorId (we know no vendor extensions yet, OCPP 1.6 §4.3). */
  recordDataTransfer(stationId: number, msg: { vendorId: string; messageId: string | null; data: string | null }): Promise<'UnknownVendorId'>;
}

export function makeChargerService(d: ServiceDeps, policy: StationPolicy, commands: ChargerPort): ChargerService {
  const registration = makeStationRegistration(d, policy, commands);
  const boots = new BatchQueue((writes: store.stations.BootWrite[]) => store.stations.updateBoots(d.db, writes), GROUPS);
  const opened = new BatchQueue((c: store.connections.ConnectionOpened[]) => store.connections.recordConnections(d.db, c), GROUPS);
  const closed = new BatchQueue(async (c: store.connections.ConnectionClosed[]) => {
    await store.connections.recordDisconnections(d.db, c);
    return c.map(() => undefined);
  }, GROUPS);
  return {
    findForHandshake: registration.findForHandshake,

    async dropPreviousPassword(stationId: number): Promise<void> {
      await store.stationPasswords.dropPreviousPassword(d.db, stationId);
      d.log.info({ stationId }, 'charger connected with its new AuthorizationKey: the previous one no longer works');
    },

    async recordBoot(stationId: number, boot: BootInfo): Promise<{ status: RegistrationStatus; heartbeatIntervalS: number; at: Date }> {
      const at = d.clock.now();
      const station = await boots.add({ stationId, boot, at });
      if (!station) throw new AppError('NotFound', `station ${stationId} does not exist`);
      d.events.emit('station.booted', {
        stationId, chargeBoxId: station.chargeBoxId, registrationStatus: station.registrationStatus, at,
        vendor: boot.vendor, model: boot.model, firmwareVersion: boot.firmwareVersion, siteId: station.siteId,
      });
      const intervalS = station.registrationStatus === 'Pending'
        ? Math.min(PENDING_BOOT_RETRY_S, policy.heartbeatIntervalS) : policy.heartbeatIntervalS;
      return { status: station.registrationStatus, heartbeatIntervalS: intervalS, at };
    },

    async recordHeartbeat(stationId: number): Promise<Date> {
      const at = d.clock.now();
      await store.stations.updateLastSeen(d.db, stationId, at);
      return at;
    },

    async recordClockSkew(stationId: number, aheadS: number | null, at: Date): Promise<void> {
      await store.stations.updateClockSkew(d.db, stationId, aheadS, at);
      if (aheadS === null) d.log.info({ stationId }, 'charger clock back in sync with ours');
      else d.log.warn({ stationId, aheadS }, 'charger clock is ahead of ours');
    },

    async recordConnected(station: Station, remoteAddress: string | null): Promise<number> {
      const at = d.clock.now();
      const nodeId = d.nodeId ?? null;
      const connectionId = await opened.add({ stationId: station.id, remoteAddress, at, nodeId });
      d.events.emit('station.online', { stationId: station.id, chargeBoxId: station.chargeBoxId, at, connectionId, nodeId });
      return connectionId;
    },

    async recordDisconnected(station: Station, c: Disconnection): Promise<void> {
      const at = d.clock.now();
      await closed.add({
        stationId: station.id, connectionId: c.connectionId, lastSeenAt: c.lastSeenAt, at, closeCode: c.closeCode, closeReason: c.reason,
      });
      d.events.emit('station.offline', {
        stationId: station.id, chargeBoxId: station.chargeBoxId, at, reason: c.reason, connectionId: c.connectionId, nodeId: d.nodeId ?? null,
      });
    },

    closeStaleConnections: () =>
      store.connections.closeAllOpenConnections(d.db, { at: d.clock.now(), closeReason: 'central system restarted' }),

    async recordFirmwareStatus(stationId: number, status: string): Promise<void> {
      const at = d.clock.now();
      await inTransaction(d.db, async (tx) => {
        await store.stations.updateFirmwareStatus(tx, stationId, status, at);
        await store.chargerMessages.insertFirmwareEvent(tx, { stationId, kind: 'firmware', status, receivedAt: at });
      });
    },

    async recordDiagnosticsStatus(stationId: number, status: string): Promise<void> {
      const at = d.clock.now();
      await inTransaction(d.db, async (tx) => {
        await store.stations.updateDiagnosticsStatus(tx, stationId, status, at);
        await store.chargerMessages.insertFirmwareEvent(tx, { stationId, kind: 'diagnostics', status, receivedAt: at });
      });
    },

    async recordDataTransfer(stationId: number, msg: { vendorId: string; messageId: string | null; data: string | null }) {
      const answerStatus = 'UnknownVendorId' as const;
      await store.chargerMessages.insertDataTransfer(d.db, { stationId, ...msg, answerStatus, receivedAt: d.clock.now() });
      return answerStatus;
    },
  };
}
