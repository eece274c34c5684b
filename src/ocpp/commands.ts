// Outbound CALLs (OCPP 1.6 section 5) on the registry's live connections: the ChargerCommands port that the
// services declare (services/ports.ts). Each ending is told apart by what ocpp-rpc did (rpc-adapter.ts
// callCharger), never by message text:
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
import type { LiveConnection, StationRegistry } from './registry.js';
import { callCharger, type AjvError, type ChargerCallResult } from './rpc-adapter.js';
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

/** "/chargingProfile/chargingSchedule/chargingSchedulePeriod/0/limit" → "chargingProfile.chargingSchedule.chargingSchedulePeriod.0.limit". */
function fieldOf(e: Partial<AjvError>): string {
  const parts = (e.instancePath ?? '').split('/').filter(Boolean);
  const named = e.params?.missingProperty ?? e.params?.additionalProperty;
  if (typeof named === 'string') parts.push(named);
  return parts.join('.') || 'body';
}

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
    const result = await callCharger(conn.rpc, action, payload, { callTimeoutMs: this.d.callTimeoutMs });
    // Strict mode has checked the answer against the action's .conf schema: it is an object.
    if (result.kind === 'answered') return { outcome: 'answered', response: result.response as CommandPayload };
    return this.failure(conn, action, result);
  }

  async disconnect(stationId: number, reason: string): Promise<void> {
    const conn = this.d.registry.get(stationId);
    if (!conn) return;
    this.d.log.info({ chargeBoxId: conn.station.chargeBoxId, reason }, 'disconnecting charger');
    await closeLive(conn, { code: DISCONNECT_CLOSE_CODE, reason });
    // The lifecycle removes it too, a few ticks later; online must read false as soon as this resolves.
    this.d.registry.remove(conn);
  }

  private failure(conn: LiveConnection, action: CommandAction, result: Exclude<ChargerCallResult, { kind: 'answered' }>): CommandResult {
    const who = conn.station.chargeBoxId;
    switch (result.kind) {
      case 'request-invalid': {
        const field = fieldOf(result.error);
        const message = result.error.message ?? 'breaks the OCPP 1.6 schema';
        throw new AppError('BadRequest', `${field}: ${message} (OCPP 1.6 ${action}.req)`, {
          fields: [{ field, in: 'body', message }],
        });
      }
      case 'timeout':
        throw new AppError('StationTimeout', `${who} did not answer ${action} within ${this.d.callTimeoutMs} ms`, {
          stationId: conn.station.id, chargeBoxId: who, action, timeoutMs: this.d.callTimeoutMs,
        });
      case 'answer-invalid':
        // Not a CALLERROR the charger sent: its CALLRESULT broke the schema, so there is no answer to forward.
        return { outcome: 'call-error', errorCode: result.code, errorDescription: `invalid ${action}.conf from the charger: ${result.description}` };
      case 'call-error':
        return { outcome: 'call-error', errorCode: result.code, errorDescription: result.description };
      case 'closed':
        return { outcome: 'went-down', reason: wentDownReason(action, result) };
      case 'failed':
        if (conn.closing) return { outcome: 'went-down', reason: wentDownReason(action, null) };
        throw result.error;
    }
  }
}

function outcomeOfError(err: unknown): CommandOutcome {
  if (!(err instanceof AppError)) return 'failed';
  if (err.code === 'StationOffline') return 'offline';
  if (err.code === 'StationTimeout') return 'timeout';
  return err.code === 'BadRequest' ? 'invalid-request' : 'failed';
}

function wentDownReason(action: CommandAction, closedWith: { code: number } | null): string {
  const how = closedWith ? `the connection closed (code ${closedWith.code})` : 'the connection was closed';
  // OCPP.md: some chargers answer a Hard Reset by dropping the connection without a Reset.conf.
  return action === 'Reset'
    ? `${how} while the Reset was outstanding: the charger went down to reset`
    : `${how} before the charger answered ${action}`;
}
