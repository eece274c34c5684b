// Staff commands to chargers (OCPP 1.6 section 5), through the command log (command-recorder.ts): recorded
// before they leave, completed when they end, and reported as they ended. Offline and no-answer are errors for
// the operator who asked, never "done" (OCPP.md, "Central system → charger"; STYLE.md habit 5).
import * as store from '../store/index.js';
import { AppError } from '../shared/errors.js';
import type { EventBus } from '../shared/events.js';
import type { CommandAction, CommandRecord } from '../domain/commands.js';
import type { Station } from '../domain/model.js';
import type { Principal } from '../domain/staff.js';
import { securityKeyOf, type SecurityKey } from '../domain/security-configuration.js';
import type {
  CancelReservationAnswer, ReservationAnswer, ReservationRequest, TriggerMessageAnswer, TriggerableMessage,
} from '../domain/charger-answers.js';
import type { CommandPayload } from './ports.js';
import type { ServiceDeps } from './deps.js';
import type { Page } from '../domain/paging.js';
import type { PageRequest } from '../store/keyset.js';
import type { CommandDeps, CommandRecorder, CommandReport } from './command-recorder.js';
import { checkRemoteStart } from './remote-start-guard.js';
import type { ChargingProfileLedger } from './charging-profile-ledger.js';

export type { CommandDeps, CommandReport } from './command-recorder.js';

/** ChangeConfiguration of a key that changes how the charger authenticates (services/security-configuration.ts). */
export interface SecurityConfiguration {
  change(principal: Principal, station: Station, key: SecurityKey, value: string): Promise<CommandReport>;
}

const offline = (stationId: number, action: CommandAction) => ({ outcome: 'offline' as const, detail: `station ${stationId} is not connected; ${action} was not sent` });

const unsent = (action: CommandAction, request: CommandPayload) =>
  ({ action, request, send: (stationId: number) => Promise.resolve({ answer: offline(stationId, action) }) });

/** For services built without an OCPP edge (scripts, tests of the store): every charger is offline. */
export const noChargerLink: CommandDeps = {
  callTimeoutMs: 0,
  commands: {
    send: (stationId, action) => Promise.reject(new AppError('StationOffline', offline(stationId, action).detail)),
    isOnline: () => false,
    disconnect: () => Promise.resolve(),
    reserveNow: (r) => unsent('ReserveNow', { reservationId: r.reservationId }),
    cancelReservation: (reservationId) => unsent('CancelReservation', { reservationId }),
    triggerMessage: (requestedMessage) => unsent('TriggerMessage', { requestedMessage }),
    certificateSigned: (certificateChain) => unsent('CertificateSigned', { certificateChain }),
    setCurrentLimit: (limit) => unsent('SetChargingProfile', { connectorId: limit.connectorId }),
    clearChargingProfile: (id) => unsent('ClearChargingProfile', { id }),
  },
};

export interface SendOptions {
  /** RemoteStartTransaction only: after Accepted, wait for the StartTransaction it causes. */
  waitForTransaction?: boolean;
  /** RemoteStartTransaction only: start even under maintenance or on someone else's booking (logged with the account). */
  force?: boolean;
}

/** Listens for the StartTransaction a RemoteStartTransaction causes: same station, idTag (CiString, OCPP 1.6
 * §2.2: case-insensitive) and, when given, connector. Subscribed before the CALL leaves, so none is missed. */
function watchSessionStart(events: EventBus, stationId: number, req: CommandPayload) {
  const idTag = String(req.idTag).toLowerCase();
  const connectorId = typeof req.connectorId === 'number' ? req.connectorId : null;
  let sessionId: number | null = null;
  let wake = (): void => undefined;
  const stop = events.onClusterWide('session.started', (e) => {
    if (e.stationId !== stationId || e.idTag.toLowerCase() !== idTag) return;
    if (connectorId !== null && e.connectorId !== connectorId) return;
    sessionId ??= e.sessionId;
    wake();
  });
  const wait = async (timeoutMs: number): Promise<number | null> => {
    if (sessionId === null) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        wake = () => { clearTimeout(timer); resolve(); };
      });
    }
    return sessionId;
  };
  return { wait, stop };
}

export interface CommandService {
  /** A staff command with its OCPP payload: recorded, sent, reported as it ended (errors for offline/timeout). */
  send(principal: Principal, stationId: number, action: CommandAction, payload: CommandPayload, opts?: SendOptions): Promise<CommandReport>;
  /** RemoteStopTransaction for a session (OCPP 1.6 §5.12): for the sessions API's stop. */
  stopTransaction(principal: Principal, stationId: number, transactionId: number): Promise<CommandReport>;
  /** The commands the central system originates, recorded in the command log like staff's, answered as values. */
  reserveNow(principal: Principal, stationId: number, r: ReservationRequest): Promise<ReservationAnswer>;
  cancelReservation(principal: Principal, stationId: number, reservationId: number): Promise<CancelReservationAnswer>;
  triggerMessage(principal: Principal, stationId: number, message: TriggerableMessage): Promise<TriggerMessageAnswer>;
  /** Newest first, keyset-paged (store/keyset.ts); NotFound naming stationId for an unknown station. */
  list(stationId: number, page: PageRequest): Promise<Page<CommandRecord>>;
}

export function makeCommandService(
  d: ServiceDeps, o: CommandDeps, recorder: CommandRecorder, security: SecurityConfiguration,
  profiles: Pick<ChargingProfileLedger, 'recordStaffCommand'>,
): CommandService {
  /** A profile staff set or cleared is in the ledger of what chargers have installed (GET .../charging-profiles).
   * The charger has acted by now: a failure to record it is logged, not turned into an error for staff. */
  async function recordProfiles(principal: Principal, stationId: number, action: CommandAction, payload: CommandPayload, answer: CommandReport) {
    if (answer.outcome !== 'answered') return;
    await profiles.recordStaffCommand(principal, stationId, action, payload, answer.response?.status)
      .catch((err: unknown) => d.log.error({ err, stationId, action, commandId: answer.commandId }, 'recording the charging profile failed'));
  }

  async function send(
    principal: Principal, stationId: number, action: CommandAction, payload: CommandPayload, opts: SendOptions = {},
  ): Promise<CommandReport> {
    const station = await store.stations.getStation(d.db, stationId);
    const securityKey = action === 'ChangeConfiguration' ? securityKeyOf(payload.key) : null;
    // Keys that change how the charger authenticates take their own path, whoever asks (issue 16 items 3, 4).
    if (securityKey) return security.change(principal, station, securityKey, String(payload.value));
    if (action === 'RemoteStartTransaction') {
      const connectorId = typeof payload.connectorId === 'number' ? payload.connectorId : null;
      await checkRemoteStart(d, principal, station, { connectorId, idTag: String(payload.idTag), force: opts.force === true }, d.clock.now());
    }
    const start = opts.waitForTransaction && action === 'RemoteStartTransaction'
      ? watchSessionStart(d.events, station.id, payload) : null;
    try {
      const answer = await recorder.dispatch(principal, station, { action, payload, logged: payload });
      await recordProfiles(principal, station.id, action, payload, answer);
      if (!start || answer.outcome !== 'answered' || answer.response?.status !== 'Accepted') return answer;
      // Bounded by the call timeout: an Accepted remote start need not lead to a transaction (OCPP 1.6 §5.11).
      const transactionId = await start.wait(o.callTimeoutMs);
      return transactionId === null
        ? { ...answer, transactionId, reason: `Accepted, but no StartTransaction arrived within ${o.callTimeoutMs} ms` }
        : { ...answer, transactionId };
    } finally {
      start?.stop();
    }
  }

  return {
    send,
    stopTransaction: (principal, stationId, transactionId) =>
      send(principal, stationId, 'RemoteStopTransaction', { transactionId }),
    reserveNow: (principal, stationId, r) => recorder.recorded(principal, stationId, o.commands.reserveNow(r)),
    cancelReservation: (principal, stationId, reservationId) => recorder.recorded(principal, stationId, o.commands.cancelReservation(reservationId)),
    triggerMessage: (principal, stationId, message) => recorder.recorded(principal, stationId, o.commands.triggerMessage(message)),
    async list(stationId, page) {
      await store.stations.getStation(d.db, stationId);
      return store.commandLog.listCommands(d.db, stationId, page);
    },
  };
}
