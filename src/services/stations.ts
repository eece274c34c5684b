// Chargers: registration, the handshake's look-up, boot and liveness records.
import * as store from '../store/index.js';
import { inTransaction } from '../store/db.js';
import { hashPassword } from '../shared/secrets.js';
import { AppError } from '../shared/errors.js';
import type { BootInfo, RegistrationStatus, Station } from '../domain/model.js';
import type { ServiceDeps } from './deps.js';

export interface StationPolicy {
  autoRegister: boolean;
  heartbeatIntervalS: number;
}

export function makeStationService(d: ServiceDeps, policy: StationPolicy) {
  return {
    /** The station a connecting charger claims to be; registers it on first contact when auto-registration is on. */
    async findForHandshake(chargeBoxId: string): Promise<Station | null> {
      const known = await store.stations.findStationByChargeBoxId(d.db, chargeBoxId);
      if (known || !policy.autoRegister) return known;
      const created = await store.stations.insertStation(d.db, { chargeBoxId, passwordHash: null, registrationStatus: 'Accepted' });
      if (created) d.log.info({ chargeBoxId, stationId: created.id }, 'station auto-registered');
      return created ?? store.stations.findStationByChargeBoxId(d.db, chargeBoxId);
    },

    async register(input: { chargeBoxId: string; password: string | null; registrationStatus?: RegistrationStatus }): Promise<Station> {
      const passwordHash = input.password === null ? null : await hashPassword(input.password);
      const station = await store.stations.insertStation(d.db, {
        chargeBoxId: input.chargeBoxId, passwordHash, registrationStatus: input.registrationStatus ?? 'Accepted',
      });
      if (!station) throw new AppError('Conflict', `a station with chargeBoxId ${input.chargeBoxId} exists`, { field: 'chargeBoxId' });
      return station;
    },

    get: (stationId: number) => store.stations.getStation(d.db, stationId),
    findByChargeBoxId: (chargeBoxId: string) => store.stations.findStationByChargeBoxId(d.db, chargeBoxId),
    listConnections: (stationId: number) => store.connections.listConnections(d.db, stationId),
    statuses: (stationId: number) => store.stations.getStationStatuses(d.db, stationId),
    dataTransfers: (stationId: number) => store.chargerMessages.listDataTransfers(d.db, stationId),

    async recordBoot(stationId: number, boot: BootInfo): Promise<{ status: RegistrationStatus; heartbeatIntervalS: number; at: Date }> {
      const at = d.clock.now();
      const station = await store.stations.updateBoot(d.db, stationId, boot, at);
      d.events.emit('station.booted', { stationId, chargeBoxId: station.chargeBoxId, registrationStatus: station.registrationStatus, at });
      return { status: station.registrationStatus, heartbeatIntervalS: policy.heartbeatIntervalS, at };
    },

    async recordHeartbeat(stationId: number): Promise<Date> {
      const at = d.clock.now();
      await store.stations.updateLastSeen(d.db, stationId, at);
      return at;
    },

    async recordConnected(station: Station, remoteAddress: string | null): Promise<number> {
      const at = d.clock.now();
      const connectionId = await inTransaction(d.db, async (tx) => {
        await store.stations.updateLastSeen(tx, station.id, at);
        return store.connections.insertConnection(tx, { stationId: station.id, remoteAddress, at });
      });
      d.events.emit('station.online', { stationId: station.id, chargeBoxId: station.chargeBoxId, at });
      return connectionId;
    },

    async recordDisconnected(station: Station, c: { connectionId: number; lastSeenAt: Date; closeCode: number | null; reason: string }) {
      const at = d.clock.now();
      await inTransaction(d.db, async (tx) => {
        await store.connections.closeConnection(tx, c.connectionId, { at, closeCode: c.closeCode, closeReason: c.reason });
        await store.stations.updateLastSeen(tx, station.id, c.lastSeenAt);
      });
      d.events.emit('station.offline', { stationId: station.id, chargeBoxId: station.chargeBoxId, at, reason: c.reason });
    },

    /** At start-up: connections a killed process left open are closed as of now. */
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

    /** We know no vendor extensions yet, so every DataTransfer is answered UnknownVendorId (OCPP 1.6 §4.3), and kept. */
    async recordDataTransfer(stationId: number, msg: { vendorId: string; messageId: string | null; data: string | null }) {
      const answerStatus = 'UnknownVendorId' as const;
      await store.chargerMessages.insertDataTransfer(d.db, { stationId, ...msg, answerStatus, receivedAt: d.clock.now() });
      return answerStatus;
    },
  };
}
export type StationService = ReturnType<typeof makeStationService>;
