// What the OCPP edge tells the metrics (observability/metrics.ts implements it): connections, every inbound
// CALL with the answer it got, handler time, and how each outbound command ended. The answers are read from ocpp-rpc's events, not from our handlers, because strict
// mode answers a schema-violating CALL (and an unknown action) before any handler of ours runs.
import type { EventEmitter } from 'node:events';

export interface OcppMetrics {
  connectionOpened(): void;
  connectionClosed(): void;
  /** An inbound CALL was answered: result 'ok' or the CALLERROR code. */
  callAnswered(action: string, result: string): void;
  handlerSeconds(action: string, seconds: number): void;
  /** An outbound command ended (ocpp/commands.ts): outcome as in CommandOutcome. */
  commandFinished(action: string, outcome: CommandOutcome): void;
}

/** How an outbound command ended: the charger's answer, or why there was none. */
export type CommandOutcome = 'answered' | 'call-error' | 'went-down' | 'offline' | 'timeout' | 'invalid-request' | 'failed';

export const noOcppMetrics: OcppMetrics = {
  connectionOpened: () => undefined, connectionClosed: () => undefined,
  callAnswered: () => undefined, handlerSeconds: () => undefined, commandFinished: () => undefined,
};

/** A charger chooses the action name: anything we do not serve is counted as 'unknown', so a charger cannot
 * create a time series per made-up name. */
export const UNKNOWN_ACTION = 'unknown';

// ocpp-rpc sends these codes corrected for OCPP 1.6 (errata v1.0 §5, lib/client.js _onCall) but its events carry
// the error as thrown; count what went on the wire.
const ocpp16Spelling: Record<string, string> = {
  FormatViolation: 'FormationViolation',
  OccurenceConstraintViolation: 'OccurrenceConstraintViolation',
};

interface CallEvent { outbound: boolean; method: string; error?: { rpcErrorCode?: unknown } }
interface BadMessageEvent { response: unknown[] | null }

/**
 * Counts this connection's open and close and each CALL it answered. Attach it after the server's own
 * 'badMessage' listener: that one rewrites the error code of the answer in place (server.ts toOcpp16ErrorCode).
 */
export function instrumentConnection(rpc: EventEmitter, m: OcppMetrics, served: ReadonlySet<string>): void {
  const action = (method: string) => (served.has(method) ? method : UNKNOWN_ACTION);
  m.connectionOpened();
  rpc.once('close', () => m.connectionClosed());
  // Exactly one of these per CALL that ocpp-rpc processed (lib/client.js _onCall); outbound ones are our CALLs.
  rpc.on('callResult', (e: CallEvent) => {
    if (!e.outbound) m.callAnswered(action(e.method), 'ok');
  });
  rpc.on('callError', (e: CallEvent) => {
    if (e.outbound) return;
    const code = typeof e.error?.rpcErrorCode === 'string' ? e.error.rpcErrorCode : 'GenericError';
    m.callAnswered(action(e.method), ocpp16Spelling[code] ?? code);
  });
  // A frame that is not a well-formed CALL has no action we can trust; a CALLERROR answers it unless it was a
  // malformed answer of the charger's, which gets no reply ('ignored').
  rpc.on('badMessage', (e: BadMessageEvent) => {
    const code = e.response?.[2];
    m.callAnswered(UNKNOWN_ACTION, typeof code === 'string' ? code : 'ignored');
  });
}
