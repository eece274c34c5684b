// Answers the central system's commands on a new connection: each action to its handler in command-handlers.ts,
// the reply first, then the handler's follow-up (`after`) once the reply is on the wire (STYLE.md habit 4).
import type { OutboundAction } from '../src/ocpp/wire/index.js';
import { commandHandlers, type ChargerContext, type CommandHandlerFn } from './command-handlers.js';
import { describe, withoutAuthorizationKey } from './log-text.js';
import type { Link } from './rpc-link.js';

export interface CommandDispatch {
  ctx: ChargerContext;
  /** Tests hold an answer back here (options.ts beforeAnswer). */
  beforeAnswer(action: OutboundAction): Promise<void> | void;
  isClosed(): boolean;
  /** 'command' with { action, params, response } once the reply has gone. */
  emit(event: 'command', payload: { action: OutboundAction; params: unknown; response: unknown }): void;
  log(line: string): void;
}

export function answerCommands(link: Link, d: CommandDispatch): void {
  for (const action of Object.keys(commandHandlers) as OutboundAction[]) answer(link, action, d);
}

function answer<A extends OutboundAction>(link: Link, action: A, d: CommandDispatch): void {
  const handler: CommandHandlerFn<A> = commandHandlers[action];
  link.handle(action, async (req) => {
    await d.beforeAnswer(action);
    let answered;
    try {
      answered = handler(d.ctx, req);
    } catch (err) {
      d.log(`${action} handler failed: ${describe(err)}`);
      throw err;
    }
    // ocpp-rpc writes the reply in the microtasks that follow; setImmediate runs after it is on the wire.
    setImmediate(() => {
      if (d.isClosed()) return;
      d.log(`${action} ${JSON.stringify(withoutAuthorizationKey(req))} -> ${JSON.stringify(answered.response)}`);
      d.emit('command', { action, params: req, response: answered.response });
      answered.after?.().catch((err: unknown) => d.log(`${action} follow-up failed: ${describe(err)}`));
    });
    return answered.response;
  });
}
