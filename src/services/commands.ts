// Staff commands to chargers (OCPP 1.6 section 5): recorded before they leave, completed when they end, and
// reported as they ended. Offline and no-answer are errors for the operator who asked, never "done"
// (OCPP.md, "Central system → charger"; STYLE.md habit 5).
import * as store from '../store/index.js';
import { AppError, isAppError } from '../shared/errors.js';
import type { EventBus } from '../shared/events.js';
import type { CommandAction, CommandOutcome } from '../domain/commands.js';
import type { Station } from '../domain/model.js';
import type { Principal } from '../domain/staff.js';
import type { CommandEnd, CommandRecord } from '../domain/commands.js';
import type {
  CancelReservationAnswer, CommandAnswer, ReservationAnswer, ReservationRequest, TriggerMessageAnswer, TriggerableMessage,
} from '../domain/charger-answers.js';
import type { Carried, ChargerPort, CommandPayload, CommandResult, OutboundCommand } from './ports.js';
import type { ServiceDeps } from './deps.js';
import { checkRemoteStart } from './remote-start-guard.js';

/** The outbound side the services are given: the port app.ts wires to ocpp/commands.ts, and its timeout. */
export interface CommandDeps {
  commands: ChargerPort;
  callTimeoutMs: number;
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
  },
};

export interface CommandReport {
  commandId: number;
  stationId: number;
  chargeBoxId: string;
  action: CommandAction;
  outcome: CommandOutcome;
  /** answered: the charger's CALLRESULT payload. */
  response?: CommandPayload;
  /** call-error: the charger's CALLERROR, forwarded as the truth. */
  callError?: { errorCode: string; errorDescription: string };
  /** went-down: what happened; also why a waited-for transaction is missing. */
  reason?: string;
  /** RemoteStartTransaction with waitForTransaction: the transaction it started, null if none came in time. */
  transactionId?: number | null;
}

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

function ending(result: CommandResult): Omit<CommandEnd, 'finishedAt'> {
  switch (result.outcome) {
    case 'answered':
      return { outcome: 'answered', response: result.response, error: null };
    case 'call-error':
      return {
        outcome: 'call-error',
        response: { errorCode: result.errorCode, errorDescription: result.errorDescription },
        error: `CALLERROR ${result.errorCode}: ${result.errorDescription}`,
      };
    case 'went-down':
      return { outcome: 'went-down', response: null, error: result.reason };
  }
}

/** A string the port put in an AppError's details (cluster mode's cause and carrying node). */
function detailOf(err: AppError, key: 'cause' | 'carriedBy'): string | undefined {
  const value = (err.details as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'string' ? value : undefined;
}

function report(record: CommandRecord, station: Station, result: CommandResult): CommandReport {
  const base = { commandId: record.id, stationId: station.id, chargeBoxId: station.chargeBoxId, action: record.action };
  switch (result.outcome) {
    case 'answered':
      return { ...base, outcome: 'answered', response: result.response };
    case 'call-error':
      return { ...base, outcome: 'call-error', callError: { errorCode: result.errorCode, errorDescription: result.errorDescription } };
    case 'went-down':
      return { ...base, outcome: 'went-down', reason: result.reason };
  }
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
  list(stationId: number, page?: { limit?: number | undefined; offset?: number | undefined }): Promise<CommandRecord[]>;
}

/** How a typed command ended, as the command log keeps it. */
function endingOf(a: CommandAnswer<string>): Omit<CommandEnd, 'finishedAt'> {
  return a.outcome === 'answered' ? { outcome: 'answered', response: { status: a.status }, error: null }
    : { outcome: a.outcome, response: null, error: a.detail };
}

export function makeCommandService(d: ServiceDeps, o: CommandDeps): CommandService {
  async function finish(record: CommandRecord, station: Station, end: Omit<CommandEnd, 'finishedAt'>): Promise<void> {
    const at = d.clock.now();
    await store.commandLog.completeCommand(d.db, record.id, { ...end, finishedAt: at });
    if (end.outcome === null) return; // a failure of ours, logged by the API edge; there is no result to tell
    d.events.emit('command.result', {
      commandId: record.id, stationId: station.id, chargeBoxId: station.chargeBoxId, action: record.action,
      outcome: end.outcome, requestedBy: record.requestedBy, error: end.error, at,
      answerStatus: typeof end.response?.status === 'string' ? end.response.status : null,
    });
  }

  /** Records how a command failed to produce an answer, and returns the error for the operator. */
  async function failed(record: CommandRecord, station: Station, err: unknown): Promise<unknown> {
    const details = { stationId: station.id, chargeBoxId: station.chargeBoxId, action: record.action, commandId: record.id };
    const who = `charger ${station.chargeBoxId} (station ${station.id})`;
    if (isAppError(err, 'BadRequest')) {
      await store.commandLog.deleteCommand(d.db, record.id); // nothing was sent: a 400 leaves no trace
      return err;
    }
    if (isAppError(err, 'StationOffline')) {
      // Cluster mode tells why no node could carry it (cluster/remote-commands.ts): no holder, or NATS away.
      const cause = detailOf(err, 'cause');
      const message = cause ? `${who} is not connected: ${err.message}` : `${who} is not connected; ${record.action} was not sent`;
      await finish(record, station, { outcome: 'offline', response: null, error: message });
      return new AppError('StationOffline', message, cause ? { ...details, cause } : details);
    }
    if (isAppError(err, 'StationTimeout')) {
      const message = `${who} did not answer ${record.action} within ${o.callTimeoutMs} ms; whether it acted is unknown`;
      await finish(record, station, { outcome: 'timeout', response: null, error: message, nodeId: detailOf(err, 'carriedBy') ?? d.nodeId ?? null });
      return new AppError('StationTimeout', message, details);
    }
    await finish(record, station, { outcome: null, response: null, error: 'internal error' });
    return err;
  }

  async function run(record: CommandRecord, station: Station): Promise<CommandResult> {
    let result: CommandResult;
    try {
      result = await o.commands.send(station.id, record.action, record.payload);
    } catch (err) {
      throw await failed(record, station, err);
    }
    await finish(record, station, { ...ending(result), nodeId: result.carriedBy ?? d.nodeId ?? null });
    return result;
  }

  async function send(
    principal: Principal, stationId: number, action: CommandAction, payload: CommandPayload, opts: SendOptions = {},
  ): Promise<CommandReport> {
    const station = await store.stations.getStation(d.db, stationId);
    if (action === 'RemoteStartTransaction') {
      const connectorId = typeof payload.connectorId === 'number' ? payload.connectorId : null;
      await checkRemoteStart(d, principal, station, { connectorId, idTag: String(payload.idTag), force: opts.force === true }, d.clock.now());
    }
    const start = opts.waitForTransaction && action === 'RemoteStartTransaction'
      ? watchSessionStart(d.events, station.id, payload) : null;
    try {
      const record = await store.commandLog.insertCommand(d.db, {
        stationId: station.id, action, payload, requestedBy: principal.name, requestedAt: d.clock.now(),
      });
      const result = await run(record, station);
      const answer = report(record, station, result);
      if (!start || result.outcome !== 'answered' || result.response.status !== 'Accepted') return answer;
      // Bounded by the call timeout: an Accepted remote start need not lead to a transaction (OCPP 1.6 §5.11).
      const transactionId = await start.wait(o.callTimeoutMs);
      return transactionId === null
        ? { ...answer, transactionId, reason: `Accepted, but no StartTransaction arrived within ${o.callTimeoutMs} ms` }
        : { ...answer, transactionId };
    } finally {
      start?.stop();
    }
  }

  /** Records a command the central system originates (its OCPP request, as it goes out), then its ending. */
  async function recorded<A extends CommandAnswer<string>>(principal: Principal, stationId: number, command: OutboundCommand<A>): Promise<A> {
    const station = await store.stations.getStation(d.db, stationId);
    const record = await store.commandLog.insertCommand(d.db, {
      stationId, action: command.action, payload: command.request, requestedBy: principal.name, requestedAt: d.clock.now(),
    });
    let sent: Carried<A>;
    try {
      sent = await command.send(stationId);
    } catch (err) {
      await finish(record, station, { outcome: null, response: null, error: 'internal error' });
      throw err;
    }
    const carried = sent.answer.outcome === 'offline' ? {} : { nodeId: sent.carriedBy ?? d.nodeId ?? null };
    await finish(record, station, { ...endingOf(sent.answer), ...carried });
    return sent.answer;
  }

  return {
    send,
    stopTransaction: (principal, stationId, transactionId) =>
      send(principal, stationId, 'RemoteStopTransaction', { transactionId }),
    reserveNow: (principal, stationId, r) => recorded(principal, stationId, o.commands.reserveNow(r)),
    cancelReservation: (principal, stationId, reservationId) => recorded(principal, stationId, o.commands.cancelReservation(reservationId)),
    triggerMessage: (principal, stationId, message) => recorded(principal, stationId, o.commands.triggerMessage(message)),
    async list(stationId, page = {}) {
      await store.stations.getStation(d.db, stationId);
      return store.commandLog.listCommands(d.db, stationId, page);
    },
  };
}
