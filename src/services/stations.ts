// Stations for staff: registration, changes, passwords, and what staff read of a charger. What the chargers
// themselves report (boots, heartbeats, connections) is services/chargers.ts.
import * as store from '../store/index.js';
import { hashPassword, newPassword } from '../shared/secrets.js';
import { AppError } from '../shared/errors.js';
import type { ConnectionRecord, Connector, RegistrationStatus, Station } from '../domain/model.js';
import type { DataTransferRecord } from '../domain/charger-messages.js';
import type { Relaxation, SecurityProfile } from '../domain/stations.js';
import type { Page } from '../domain/paging.js';
import { DEFAULT_PAGE_LIMIT, pageOf } from '../domain/paging.js';
import { stationCursorKey, type StationAfter, type StationFilter, type StationSort } from '../domain/station-filters.js';
import type { ServiceDeps } from './deps.js';
import type { ChargerPort } from './ports.js';
import { noChargerLink } from './commands.js';
import { makeStationRegistration, type RegistrationPolicy } from './station-registration.js';
import { announceSite } from './sites.js';

export interface StationPolicy extends RegistrationPolicy {
  heartbeatIntervalS: number;
}

/** A station as staff see it: never a password hash; online means connected right now. */
export interface StationView extends Omit<Station, 'passwordHash' | 'previousPasswordHash' | 'pendingPasswordHash'> {
  online: boolean;
  hasPassword: boolean;
  /** A new AuthorizationKey waits for the charger to connect and accept it (services/authorization-keys.ts). */
  passwordPending: boolean;
  /** The key before the last accepted one still works: the charger has not connected with the new one yet. */
  previousPasswordValid: boolean;
}

/** A row of the staff list: the station, whether it is online (as the database knows it), its connectors' statuses. */
export interface StationListItem extends StationView {
  connectors: store.stationList.ConnectorSummary[];
}

/** A page of the staff list: the filter, the order, where the previous page ended, how many. */
export interface StationListQuery {
  filter?: StationFilter | undefined;
  sort?: StationSort | undefined;
  after?: StationAfter | null | undefined;
  limit?: number | undefined;
}

export interface StationChange {
  name?: string | null | undefined;
  location?: string | null | undefined;
  /** Where it stands (WGS 84 degrees): both given, or both null to clear (the API checks the pair). */
  latitude?: number | null | undefined;
  longitude?: number | null | undefined;
  registrationStatus?: RegistrationStatus | undefined;
  active?: boolean | undefined;
  securityProfile?: SecurityProfile | undefined;
  leniency?: Relaxation[] | undefined;
  /** Joins a site (load management, issue 17), or leaves it with null; NotFound naming siteId when unknown. */
  siteId?: number | null | undefined;
  maxCurrentA?: number | null | undefined;
  priority?: number | undefined;
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
export interface StationDetail extends StationView, store.securityStatuses.SecurityStatuses {
  firmwareStatus: string | null;
  diagnosticsStatus: string | null;
  connectors: Connector[];
  connections: ConnectionRecord[];
}

export interface RegisterInput extends Omit<NewStationInput, 'password'> {
  /** The password itself (stored as a salted hash), or null for none. */
  password: string | null;
}

/** Unknown station ids are NotFound naming stationId throughout. */
export interface StationService {
  /** Registration by staff; the password, when asked for, is in this answer only. Conflict when the chargeBoxId exists. */
  create(input: NewStationInput): Promise<{ station: StationView; password: string | null }>;
  /** A page of stations as staff see them, filtered, in chargeBoxId order unless told (domain/station-filters.ts). */
  list(query?: StationListQuery): Promise<Page<StationListItem>>;
  /** One station, as staff see it. */
  view(stationId: number): Promise<StationView>;
  /** Boot info, online, last seen, connection history (newest first), connectors with their latest status. */
  detail(stationId: number): Promise<StationDetail>;
  /** Changes the given fields and announces them; accepting a connected charger asks it to boot; deactivating drops it. */
  update(stationId: number, change: StationChange): Promise<StationView>;
  /** update with active false: the charger loses its connection now and is refused at its next handshake. */
  deactivate(stationId: number): Promise<StationView>;
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

}

const DEACTIVATED_REASON = 'Station deactivated';

/** After commit: tell the live connection (registrationStatus gating, OCPP 1.6 §4.2) and the dashboards. */
export function announceStation(d: Pick<ServiceDeps, 'events' | 'clock'>, s: Station): void {
  d.events.emit('station.updated', {
    stationId: s.id, chargeBoxId: s.chargeBoxId, name: s.name, location: s.location,
    registrationStatus: s.registrationStatus, active: s.active, securityProfile: s.securityProfile, leniency: s.leniency,
    at: d.clock.now(),
  });
}

export function makeStationService(d: ServiceDeps, policy: StationPolicy, commands: ChargerPort = noChargerLink.commands): StationService {
  const registration = makeStationRegistration(d, policy, commands);
  const view = ({ passwordHash, previousPasswordHash, pendingPasswordHash, ...station }: Station): StationView => ({
    ...station, online: commands.isOnline(station.id), hasPassword: passwordHash !== null,
    passwordPending: pendingPasswordHash !== null, previousPasswordValid: previousPasswordHash !== null,
  });
  const announce = (s: Station): void => announceStation(d, s);

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
    if (typeof change.siteId === 'number') await store.sites.getSite(d.db, change.siteId);
    const touchesSite = change.siteId !== undefined || change.maxCurrentA !== undefined || change.priority !== undefined;
    const before = change.registrationStatus || touchesSite ? await store.stations.getStation(d.db, stationId) : null;
    const station = await store.stations.updateStation(d.db, stationId, change, d.clock.now());
    announce(station);
    // The site it left and the one it is in now re-balance (load management, issue 17).
    if (touchesSite) {
      const fields = Object.keys(change).filter((k) => change[k as keyof StationChange] !== undefined);
      for (const siteId of new Set([before?.siteId ?? null, station.siteId])) if (siteId !== null) announceSite(d, siteId, 'stations', { stationId, fields });
    }
    if (before && change.registrationStatus) registration.bootAfterAcceptance(before, station);
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
    async list(query: StationListQuery = {}): Promise<Page<StationListItem>> {
      const sort = query.sort ?? 'chargeBoxId';
      const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
      const rows = await store.stationList.listStationPage(d.db, { filter: query.filter ?? {}, sort, after: query.after ?? null, limit: limit + 1 });
      // online here is the database's (store/station-list.ts says why), so a row agrees with ?online=.
      const items = rows.map((r) => ({ ...view(r.station), online: r.online, connectors: r.connectors }));
      return pageOf(items, limit, (s) => stationCursorKey(sort, s));
    },
    view: async (stationId: number): Promise<StationView> => view(await store.stations.getStation(d.db, stationId)),
    async detail(stationId: number): Promise<StationDetail> {
      const station = await store.stations.getStation(d.db, stationId);
      const [connections, connectors, statuses, security] = await Promise.all([
        store.connections.listConnections(d.db, stationId),
        store.connectors.listConnectors(d.db, stationId),
        store.stations.getStationStatuses(d.db, stationId),
        // GetLog uploads and SignedUpdateFirmware progress: the latest status, when, and the requestId (issue 16).
        store.securityStatuses.getSecurityStatuses(d.db, stationId),
      ]);
      return {
        ...view(station), firmwareStatus: statuses.firmware, diagnosticsStatus: statuses.diagnostics, ...security, connectors, connections,
      };
    },
    update,
    deactivate: (stationId: number) => update(stationId, { active: false }),

    register,

    get: (stationId: number) => store.stations.getStation(d.db, stationId),
    findByChargeBoxId: (chargeBoxId: string) => store.stations.findStationByChargeBoxId(d.db, chargeBoxId),
    listConnections: (stationId: number) => store.connections.listConnections(d.db, stationId),
    statuses: (stationId: number) => store.stations.getStationStatuses(d.db, stationId),
    dataTransfers: (stationId: number) => store.chargerMessages.listDataTransfers(d.db, stationId),
  };
}
