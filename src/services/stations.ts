// Chargers: registration, the handshake's look-up, boot and liveness records.
import * as store from '../store/index.js';
import { inTransaction } from '../store/db.js';
import { hashPassword, newPassword } from '../shared/secrets.js';
import { AppError } from '../shared/errors.js';
import type { BootInfo, ConnectionRecord, Connector, RegistrationStatus, Station } from '../domain/model.js';
import type { DataTransferRecord } from '../domain/charger-messages.js';
import type { Relaxation, SecurityProfile } from '../domain/stations.js';
import type { ServiceDeps } from './deps.js';
import type { ChargerPort } from './ports.js';
import { noChargerLink } from './commands.js';
import { makeStationRegistration, type HandshakeLookup, type RegistrationPolicy } from './station-registration.js';

export interface StationPolicy extends RegistrationPolicy {
  heartbeatIntervalS: number;
}

// A Pending charger boots again after this long, or the heartbeat interval when shorter (the BootNotification
// interval while not Accepted, OCPP 1.6 §4.2.1); staff accepting a connected one do not wait for it
// (station-registration.ts asks it to boot now).
export const PENDING_BOOT_RETRY_S = 30;

/** A station as staff see it: never its password hash; online means connected right now. */
export interface StationView extends Omit<Station, 'passwordHash'> {
  online: boolean;
  hasPassword: boolean;
}

export interface StationChange {
  name?: string | null | undefined;
  location?: string | null | undefined;
  registrationStatus?: RegistrationStatus | undefined;
  active?: boolean | undefined;
  securityProfile?: SecurityProfile | undefined;
  leniency?: Relaxation[] | undefined;
}

export interface NewStationInput {
  chargeBoxId: string;
  name?: string | null | undefined;
  location?: string | null | undefined;
  registrationStatus?: RegistrationStatus | undefined;
  securityProfile?: SecurityProfile | undefined;
  leniency?: Relaxation[] | undefined;
  /** Generate a password (security profile 1 AuthorizationKey), shown once in the answer. */
  password: boolean;
}

/** A station with its boot, firmware and diagnostics state, its connectors and its connections (newest first). */
export interface StationDetail extends StationView {
  firmwareStatus: string | null;
  diagnosticsStatus: string | null;
  connectors: Connector[];
  connections: ConnectionRecord[];
}

export interface RegisterInput extends Omit<NewStationInput, 'password'> {
  /** The password itself (stored as a salted hash), or null for none. */
  password: string | null;
}

export interface Disconnection { connectionId: number; lastSeenAt: Date; closeCode: number | null; reason: string }

/** Unknown station ids are NotFound naming stationId throughout. */
export interface StationService {
  // For staff.
  /** Registration by staff; the password, when asked for, is in this answer only. Conflict when the chargeBoxId exists. */
  create(input: NewStationInput): Promise<{ station: StationView; password: string | null }>;
  /** Every station, as staff see it. */
  list(): Promise<StationView[]>;
  /** One station, as staff see it. */
  view(stationId: number): Promise<StationView>;
  /** Boot info, online, last seen, connection history (newest first), connectors with their latest status. */
  detail(stationId: number): Promise<StationDetail>;
  /** Changes the given fields and announces them; accepting a connected charger asks it to boot; deactivating drops it. */
  update(stationId: number, change: StationChange): Promise<StationView>;
  /** update with active false: the charger loses its connection now and is refused at its next handshake. */
  deactivate(stationId: number): Promise<StationView>;
  /** A new password, shown once; a connected charger keeps its connection (the password counts at the next handshake). */
  resetPassword(stationId: number): Promise<{ stationId: number; chargeBoxId: string; password: string }>;
  /** A station with a given password (scripts and tests); Conflict when the chargeBoxId exists. */
  register(input: RegisterInput): Promise<Station>;
  /** The station's record, password hash included: for the central system, never for staff. */
  get(stationId: number): Promise<Station>;
  /** null when no station has this chargeBoxId. */
  findByChargeBoxId(chargeBoxId: string): Promise<Station | null>;
  /** The station's latest connections, newest first. */
  listConnections(stationId: number): Promise<ConnectionRecord[]>;
  /** The latest FirmwareStatusNotification and DiagnosticsStatusNotification statuses. */
  statuses(stationId: number): Promise<{ firmware: string | null; diagnostics: string | null }>;
  /** The station's latest DataTransfer messages, newest first. */
  dataTransfers(stationId: number): Promise<DataTransferRecord[]>;

  // For the OCPP edge.
  /** The station a connecting charger claims to be (registered on first contact per OCPP_AUTO_REGISTER), or why not. */
  findForHandshake(chargeBoxId: string): Promise<HandshakeLookup>;
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

const DEACTIVATED_REASON = 'Station deactivated';

export function makeStationService(d: ServiceDeps, policy: StationPolicy, commands: ChargerPort = noChargerLink.commands): StationService {
  const registration = makeStationRegistration(d, policy, commands);
  const view = ({ passwordHash, ...station }: Station): StationView =>
    ({ ...station, online: commands.isOnline(station.id), hasPassword: passwordHash !== null });

  /** After commit: tell the live connection (registrationStatus gating, OCPP 1.6 §4.2) and the dashboards. */
  const announce = (s: Station): void => d.events.emit('station.updated', {
    stationId: s.id, chargeBoxId: s.chargeBoxId, name: s.name, location: s.location,
    registrationStatus: s.registrationStatus, active: s.active, securityProfile: s.securityProfile, leniency: s.leniency,
    at: d.clock.now(),
  });

  async function register(input: RegisterInput): Promise<Station> {
    const passwordHash = input.password === null ? null : await hashPassword(input.password);
    const station = await store.stations.insertStation(d.db, {
      chargeBoxId: input.chargeBoxId, passwordHash, registrationStatus: input.registrationStatus ?? 'Accepted',
      name: input.name ?? null, location: input.location ?? null,
      securityProfile: input.securityProfile ?? 1, leniency: input.leniency ?? [],
    });
    if (!station) throw new AppError('Conflict', `a station with chargeBoxId ${input.chargeBoxId} exists`, { field: 'chargeBoxId' });
    return station;
  }

  async function update(stationId: number, change: StationChange): Promise<StationView> {
    const before = change.registrationStatus ? await store.stations.getStation(d.db, stationId) : null;
    const station = await store.stations.updateStation(d.db, stationId, change, d.clock.now());
    announce(station);
    if (before) registration.bootAfterAcceptance(before, station);
    // A deactivated charger loses its connection now; auth.ts refuses its next handshake with 403.
    if (change.active === false) await commands.disconnect(stationId, DEACTIVATED_REASON);
    return view(station);
  }

  return {
    async create(input: NewStationInput): Promise<{ station: StationView; password: string | null }> {
      const password = input.password ? newPassword() : null;
      const station = await register({ ...input, password });
      return { station: view(station), password };
    },
    list: async (): Promise<StationView[]> => (await store.stations.listStations(d.db)).map(view),
    view: async (stationId: number): Promise<StationView> => view(await store.stations.getStation(d.db, stationId)),
    async detail(stationId: number): Promise<StationDetail> {
      const station = await store.stations.getStation(d.db, stationId);
      const [connections, connectors, statuses] = await Promise.all([
        store.connections.listConnections(d.db, stationId),
        store.connectors.listConnectors(d.db, stationId),
        store.stations.getStationStatuses(d.db, stationId),
      ]);
      return { ...view(station), firmwareStatus: statuses.firmware, diagnosticsStatus: statuses.diagnostics, connectors, connections };
    },
    update,
    deactivate: (stationId: number) => update(stationId, { active: false }),
    async resetPassword(stationId: number): Promise<{ stationId: number; chargeBoxId: string; password: string }> {
      const password = newPassword();
      const station = await store.stations.updateStation(d.db, stationId, { passwordHash: await hashPassword(password) }, d.clock.now());
      return { stationId: station.id, chargeBoxId: station.chargeBoxId, password };
    },

    findForHandshake: registration.findForHandshake,

    register,

    get: (stationId: number) => store.stations.getStation(d.db, stationId),
    findByChargeBoxId: (chargeBoxId: string) => store.stations.findStationByChargeBoxId(d.db, chargeBoxId),
    listConnections: (stationId: number) => store.connections.listConnections(d.db, stationId),
    statuses: (stationId: number) => store.stations.getStationStatuses(d.db, stationId),
    dataTransfers: (stationId: number) => store.chargerMessages.listDataTransfers(d.db, stationId),

    async recordBoot(stationId: number, boot: BootInfo): Promise<{ status: RegistrationStatus; heartbeatIntervalS: number; at: Date }> {
      const at = d.clock.now();
      const station = await store.stations.updateBoot(d.db, stationId, boot, at);
      d.events.emit('station.booted', {
        stationId, chargeBoxId: station.chargeBoxId, registrationStatus: station.registrationStatus, at,
        vendor: boot.vendor, model: boot.model, firmwareVersion: boot.firmwareVersion,
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
      const connectionId = await store.connections.recordConnection(d.db, { stationId: station.id, remoteAddress, at });
      d.events.emit('station.online', { stationId: station.id, chargeBoxId: station.chargeBoxId, at });
      return connectionId;
    },

    async recordDisconnected(station: Station, c: Disconnection): Promise<void> {
      const at = d.clock.now();
      await store.connections.recordDisconnection(d.db, {
        stationId: station.id, connectionId: c.connectionId, lastSeenAt: c.lastSeenAt, at, closeCode: c.closeCode, closeReason: c.reason,
      });
      d.events.emit('station.offline', { stationId: station.id, chargeBoxId: station.chargeBoxId, at, reason: c.reason });
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
