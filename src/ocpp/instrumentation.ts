// What the OCPP edge tells the metrics (observability/metrics.ts implements it): connections, every inbound
// CALL with the answer it got, handler time, and how each outbound command ended. The answers are read from ocpp-rpc's events, not from our handlers, because strict
// mode answers a schema-violating CALL (and an unknown action) before any handler of ours runs.
import { onBadFrame, onInboundAnswer, type RpcConnection } from './rpc-adapter.js';

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

/** Counts this connection's open and close and each CALL it answered, with the code that went on the wire. */
export function instrumentConnection<S>(rpc: RpcConnection<S>, m: OcppMetrics, served: ReadonlySet<string>): void {
  m.connectionOpened();
  rpc.on('close', () => m.connectionClosed()); // once per connection; `once` would add a wrapper
  // Exactly one per CALL that ocpp-rpc handled; our own CALLs are not counted here.
  onInboundAnswer(rpc, (method, result) => m.callAnswered(actionLabel(method, served), result));
  // A frame that is not a well-formed CALL has no action we can trust; a CALLERROR answers it unless it was a
  // malformed answer of the charger's, which gets no reply ('ignored').
  onBadFrame(rpc, (frame) => m.callAnswered(UNKNOWN_ACTION, frame.answeredWith ?? 'ignored'));
}

function actionLabel(method: string, served: ReadonlySet<string>): string {
  return served.has(method) ? method : UNKNOWN_ACTION;
}
