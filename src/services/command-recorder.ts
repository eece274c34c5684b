// The command log around a CALL: recorded before it leaves, completed when it ends, reported as it ended.
// Offline and no-answer are errors for the operator who asked, never "done" (OCPP.md, "Central system →
// charger"; STYLE.md habit 5). What is recorded may differ from what is sent: an AuthorizationKey is recorded
// as *** (domain/security-configuration.ts), never in clear.
import * as store from '../store/index.js';
import { AppError, isAppError } from '../shared/errors.js';
import type { CommandAction, CommandEnd, CommandOutcome, CommandRecord } from '../domain/commands.js';
import type { CommandAnswer } from '../domain/charger-answers.js';
import type { Station } from '../domain/model.js';
import type { Principal } from '../domain/staff.js';
import type { Carried, ChargerPort, CommandPayload, CommandResult, OutboundCommand } from './ports.js';
import type { ServiceDeps } from './deps.js';

/** The outbound side the services are given: the port app.ts wires to ocpp/commands.ts, and its timeout. */
export interface CommandDeps {
  commands: ChargerPort;
  callTimeoutMs: number;
}

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

/** A staff command as it goes out (payload) and as the command log keeps it (logged). */
export interface StaffCommand {
  action: CommandAction;
  payload: CommandPayload;
  logged: CommandPayload;
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

/** How a typed command ended, as the command log keeps it. */
function endingOf(a: CommandAnswer<string>): Omit<CommandEnd, 'finishedAt'> {
  return a.outcome === 'answered' ? { outcome: 'answered', response: { status: a.status }, error: null }
    : { outcome: a.outcome, response: null, error: a.detail };
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

export interface CommandRecorder {
  /** A staff command: recorded (as `logged`), sent (as `payload`), reported; AppErrors for offline, timeout, a bad payload. */
  dispatch(principal: Principal, station: Station, command: StaffCommand): Promise<CommandReport>;
  /** A command the central system originates (its OCPP request, as it goes out), then its ending, as a value. */
  recorded<A extends CommandAnswer<string>>(principal: Principal, stationId: number, command: OutboundCommand<A>): Promise<A>;
}

export function makeCommandRecorder(d: ServiceDeps, o: CommandDeps): CommandRecorder {
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

  async function dispatch(principal: Principal, station: Station, command: StaffCommand): Promise<CommandReport> {
    const record = await store.commandLog.insertCommand(d.db, {
      stationId: station.id, action: command.action, payload: command.logged, requestedBy: principal.name, requestedAt: d.clock.now(),
    });
    let result: CommandResult;
    try {
      result = await o.commands.send(station.id, command.action, command.payload);
    } catch (err) {
      throw await failed(record, station, err);
    }
    await finish(record, station, { ...ending(result), nodeId: result.carriedBy ?? d.nodeId ?? null });
    return report(record, station, result);
  }

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

  return { dispatch, recorded };
}
