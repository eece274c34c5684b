// What one charger may send on one connection (issue 6, abuse). The message size cap is ws's maxPayload
// (server.ts: ws closes with 1009 itself); here are the rest:
//
// - Calls: handled one at a time, each message id once (call-guard.ts). A charger with more than
//   `maxQueuedCalls` CALLs waiting is closed (1008 policy violation), not answered CALLERRORs: it breaks
//   OCPP-J 1.6 §4.1.1 by far, so it is broken or hostile; closing stops all it costs us at once, while CALLERRORs
//   would be parsed, validated and answered one by one. Closing loses nothing: what we admitted is still
//   handled and answered first, and an unanswered transaction message stays in the charger's queue and comes
//   again after it reconnects, where a CALLERROR could make it give the message up after
//   TransactionMessageAttempts.
// - Bad frames: more than `maxBadMessages` on one connection closes it (1002 protocol error). Counted are the
//   frames ocpp-rpc reports as 'badMessage' (not JSON, not an OCPP-J message, an answer to no CALL of ours) and
//   repeated message ids. They are counted over the connection's life, not in a row as ocpp-rpc's own
//   maxBadMessages does (any good frame resets that, so alternating good and bad frames would never trip it).
//   CALLs that are well formed but break the action's schema are not counted: strict mode answers each with
//   its CALLERROR, they wait their turn like any CALL, and a real charger's one quirk must not cost it its
//   connection every N messages (per-station leniency deals with quirks). A reconnect starts from zero.
import type { Logger } from '../shared/logger.js';
import { CallGuard } from './call-guard.js';
import { gateInboundCalls, onBadFrame, onMessageTooBig, type RpcConnection } from './rpc-adapter.js';

export interface ConnectionLimits {
  maxQueuedCalls: number;
  maxBadMessages: number;
}

export interface CloseFrame {
  code: number;
  reason: string;
}

export const TOO_MANY_CALLS: CloseFrame = { code: 1008, reason: 'Too many calls outstanding' };
export const TOO_MANY_BAD_FRAMES: CloseFrame = { code: 1002, reason: 'Too many bad frames' };
export const MESSAGE_TOO_BIG: CloseFrame = { code: 1009, reason: 'Message too big' };

// A charger resends a CALL it got no answer for within its own timeout, and sends nothing else meanwhile (one
// CALL outstanding), so the last few answered ids are the ones a repeat can name.
const REMEMBERED_IDS = 32;

export function limitConnection<S>(
  rpc: RpcConnection<S>, limits: ConnectionLimits, d: { log: Logger; close: (c: CloseFrame) => Promise<void> },
): void {
  const limiter = new ConnectionLimiter(limits, d);
  // Inline arrows over one object's methods: the fewest closures a connection keeps (memory per connection).
  gateInboundCalls(rpc, (messageId, run) => limiter.admit(messageId, run));
  onBadFrame(rpc, () => limiter.countBadFrame());
  // ws has already sent its 1009 and stopped reading; closing through here records why.
  onMessageTooBig(rpc, () => limiter.closeFor(MESSAGE_TOO_BIG));
  // Closing for any other reason (replaced, shutdown): what is still queued is refused by ocpp-rpc unhandled.
  rpc.on('closing', () => limiter.stop());
}

class ConnectionLimiter {
  private readonly guard: CallGuard;
  private badFrames = 0;
  private closing = false;

  constructor(private readonly limits: ConnectionLimits, private readonly d: { log: Logger; close: (c: CloseFrame) => Promise<void> }) {
    this.guard = new CallGuard({ maxQueuedCalls: limits.maxQueuedCalls, rememberedIds: REMEMBERED_IDS });
  }

  admit(messageId: string, run: () => Promise<void>): void {
    const admission = this.guard.admit(messageId, run);
    switch (admission) {
      case 'accepted':
      case 'stopped': // closing: dropped unanswered, the charger sends it again after it reconnects
        return;
      case 'duplicate':
        this.d.log.warn({ messageId: messageId.slice(0, 64) }, 'repeated message id dropped; the first is answered');
        this.countBadFrame();
        return;
      case 'overflow':
        this.closeFor(TOO_MANY_CALLS);
        return;
    }
  }

  countBadFrame(): void {
    this.badFrames += 1;
    if (this.badFrames > this.limits.maxBadMessages) this.closeFor(TOO_MANY_BAD_FRAMES);
  }

  closeFor(c: CloseFrame): void {
    if (this.closing) return;
    this.closing = true;
    this.guard.stop();
    this.d.log.warn({ code: c.code, reason: c.reason, badFrames: this.badFrames }, 'closing a charger past a connection limit');
    // What was admitted is answered first, then the close frame.
    this.guard.idle().then(() => this.d.close(c)).catch((err: unknown) => this.d.log.warn({ err }, 'closing a charger failed'));
  }

  stop(): void {
    this.guard.stop();
  }
}
