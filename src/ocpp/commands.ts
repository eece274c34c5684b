// Outbound CALLs (OCPP 1.6 section 5) on the registry's live connections: the ChargerCommands port that the
// services declare (services/ports.ts). Each ending is told apart by what ocpp-rpc did, never by message text:
//   not in the registry (or closing)             → AppError StationOffline, nothing sent
//   our payload broke strict mode's schema check  → AppError BadRequest naming the field, nothing sent
//   TimeoutError                                  → AppError StationTimeout
//   RPCError from the charger's CALLERROR         → outcome call-error, its code and description forwarded
//   the socket closed while we waited             → outcome went-down, at once (OCPP.md: after a Reset, that
//                                                   is the Reset happening; do not wait for the timeout)
import type { CommandAction } from '../domain/commands.js';
import type { ChargerCommands, CommandPayload, CommandResult } from '../services/ports.js';
import { AppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { closeLive } from './connection-lifecycle.js';
import type { LiveConnection, StationRegistry, StationSession } from './registry.js';
import { isRpcError, isTimeoutError, type RpcConnection } from './rpc.js';
import type { CommandOutcome, OcppMetrics } from './instrumentation.js';

// 1008 "policy violation" (RFC 6455 §7.4.1): the charger may reconnect, and its handshake is then refused.
const DISCONNECT_CLOSE_CODE = 1008;

export interface OcppCommandsDeps {
  registry: StationRegistry;
  callTimeoutMs: number;
  log: Logger;
  /** Told how each command ended (the metrics); none: not counted. */
  metrics?: Pick<OcppMetrics, 'commandFinished'>;
}

interface AjvError { instancePath?: string; keyword?: string; message?: string; params?: Record<string, unknown> }

/** ocpp-rpc's strict mode reports a schema failure as an event before it rejects; this tells ours (the
 * request, never sent) from the charger's (its answer) by the payload object, which ocpp-rpc passes through. */
interface CallWatch {
  payload: CommandPayload;
  requestInvalid: AjvError | null;
  answerInvalid: boolean;
  closedWith: { code: number; reason: string } | null;
}

interface ValidationFailure { params: unknown; outbound: boolean; isCall: boolean; error: { details?: { errors?: AjvError[] } } }

// One pair of listeners per connection, whatever the number of commands queued on it (callConcurrency 1).
const watchesOf = new WeakMap<RpcConnection<StationSession>, Set<CallWatch>>();

function watchesFor(rpc: RpcConnection<StationSession>): Set<CallWatch> {
  const existing = watchesOf.get(rpc);
  if (existing) return existing;
  const set = new Set<CallWatch>();
  watchesOf.set(rpc, set);
  rpc.on('strictValidationFailure', (e: ValidationFailure) => {
    for (const w of set) {
      if (e.params !== w.payload) continue;
      if (e.outbound && e.isCall) w.requestInvalid = e.error.details?.errors?.[0] ?? {};
      if (!e.outbound && !e.isCall) w.answerInvalid = true;
    }
  });
  rpc.on('disconnect', (e: { code: number; reason: unknown }) => {
    for (const w of set) w.closedWith = { code: e.code, reason: String(e.reason ?? '') };
  });
  return set;
}

/** "/chargingProfile/chargingSchedule/chargingSchedulePeriod/0/limit" → "chargingProfile.chargingSchedule.chargingSchedulePeriod.0.limit". */
function fieldOf(e: AjvError): string {
  const parts = (e.instancePath ?? '').split('/').filter(Boolean);
  const named = e.params?.missingProperty ?? e.params?.additionalProperty;
  if (typeof named === 'string') parts.push(named);
  return parts.join('.') || 'body';
}

const rpcErrorCode = (err: unknown): string => {
  const code = (err as { rpcErrorCode?: unknown }).rpcErrorCode;
  return typeof code === 'string' ? code : 'GenericError';
};

export class OcppCommands implements ChargerCommands {
  constructor(private readonly d: OcppCommandsDeps) {}

  isOnline(stationId: number): boolean {
    const conn = this.d.registry.get(stationId);
    return conn !== undefined && !conn.closing;
  }

  async send(stationId: number, action: CommandAction, payload: CommandPayload): Promise<CommandResult> {
    try {
      const result = await this.attempt(stationId, action, payload);
      this.d.metrics?.commandFinished(action, result.outcome);
      return result;
    } catch (err) {
      this.d.metrics?.commandFinished(action, outcomeOfError(err));
      throw err;
    }
  }

  private async attempt(stationId: number, action: CommandAction, payload: CommandPayload): Promise<CommandResult> {
    const conn = this.d.registry.get(stationId);
    if (!conn || conn.closing) {
      throw new AppError('StationOffline', `station ${stationId} is not connected; ${action} was not sent`, { stationId, action });
    }
    const watch: CallWatch = { payload, requestInvalid: null, answerInvalid: false, closedWith: null };
    const watches = watchesFor(conn.rpc);
    watches.add(watch);
    try {
      const response = await conn.rpc.call(action, payload, { callTimeoutMs: this.d.callTimeoutMs });
      // Strict mode has checked the answer against the action's .conf schema: it is an object.
      return { outcome: 'answered', response: response as CommandPayload };
    } catch (err) {
      return this.failure(conn, action, err, watch);
    } finally {
      watches.delete(watch);
    }
  }

  async disconnect(stationId: number, reason: string): Promise<void> {
    const conn = this.d.registry.get(stationId);
    if (!conn) return;
    this.d.log.info({ chargeBoxId: conn.station.chargeBoxId, reason }, 'disconnecting charger');
    await closeLive(conn, { code: DISCONNECT_CLOSE_CODE, reason });
    // The lifecycle removes it too, a few ticks later; online must read false as soon as this resolves.
    this.d.registry.remove(conn);
  }

  private failure(conn: LiveConnection, action: CommandAction, err: unknown, watch: CallWatch): CommandResult {
    const who = conn.station.chargeBoxId;
    if (watch.requestInvalid) {
      const field = fieldOf(watch.requestInvalid);
      const message = watch.requestInvalid.message ?? 'breaks the OCPP 1.6 schema';
      throw new AppError('BadRequest', `${field}: ${message} (OCPP 1.6 ${action}.req)`, {
        fields: [{ field, in: 'body', message }],
      });
    }
    if (isTimeoutError(err)) {
      throw new AppError('StationTimeout', `${who} did not answer ${action} within ${this.d.callTimeoutMs} ms`, {
        stationId: conn.station.id, chargeBoxId: who, action, timeoutMs: this.d.callTimeoutMs,
      });
    }
    if (isRpcError(err) && watch.answerInvalid) {
      // Not a CALLERROR the charger sent: its CALLRESULT broke the schema, so there is no answer to forward.
      const detail = err instanceof Error ? err.message : '';
      return { outcome: 'call-error', errorCode: rpcErrorCode(err), errorDescription: `invalid ${action}.conf from the charger: ${detail}` };
    }
    if (isRpcError(err)) {
      return { outcome: 'call-error', errorCode: rpcErrorCode(err), errorDescription: err instanceof Error ? err.message : '' };
    }
    if (conn.closing || watch.closedWith) return { outcome: 'went-down', reason: wentDownReason(action, watch) };
    throw err;
  }
}

function outcomeOfError(err: unknown): CommandOutcome {
  if (!(err instanceof AppError)) return 'failed';
  if (err.code === 'StationOffline') return 'offline';
  if (err.code === 'StationTimeout') return 'timeout';
  return err.code === 'BadRequest' ? 'invalid-request' : 'failed';
}

function wentDownReason(action: CommandAction, watch: CallWatch): string {
  const how = watch.closedWith ? `the connection closed (code ${watch.closedWith.code})` : 'the connection was closed';
  // OCPP.md: some chargers answer a Hard Reset by dropping the connection without a Reset.conf.
  return action === 'Reset'
    ? `${how} while the Reset was outstanding: the charger went down to reset`
    : `${how} before the charger answered ${action}`;
}
