// Reply first, then call (STYLE.md habit 4; mobilityhouse's @after). A handler's answer is written by ocpp-rpc in
// the microtasks that follow the handler's return (rpc-adapter.ts hook 1: _onCall awaits the handler, then sends);
// setImmediate runs after them, so a CALL made here leaves after our CALLRESULT and never holds it up. What `work`
// throws is logged with the station's logger, not lost.
import type { Logger } from '../shared/logger.js';

export function afterReply(log: Logger, what: string, work: () => Promise<void>): void {
  setImmediate(() => {
    work().catch((err: unknown) => log.error({ err }, `${what} after the reply failed`));
  });
}
