// The operator's console: every domain event (emitted by the services after commit) becomes one line in
// activity-lines.ts's words, at info for what an operator follows and debug for the rest. The event's facts go
// under ACTIVITY_KEY, so JSON logs keep them for machines while the pretty console shows the sentence alone.
import { ACTIVITY_KEY, type Logger } from '../shared/logger.js';
import type { EventBus } from '../shared/events.js';
import { DEBUG_ONLY_EVENTS, describeEvent } from './activity-lines.js';

/** Events that name the charger (station.*, command.result) teach the name the others are then said by. */
function chargeBoxIdIn(payload: object): string | null {
  const chargeBoxId = (payload as { chargeBoxId?: unknown }).chargeBoxId;
  return typeof chargeBoxId === 'string' ? chargeBoxId : null;
}

/** Subscribes to every event; returns the unsubscribe. */
export function logActivity(events: EventBus, log: Logger): () => void {
  const names = new Map<number, string>();
  const station = (stationId: number) => names.get(stationId) ?? `station ${stationId}`;
  return events.onAny((name, payload) => {
    const chargeBoxId = chargeBoxIdIn(payload);
    if (chargeBoxId !== null) names.set((payload as { stationId: number }).stationId, chargeBoxId);
    if (DEBUG_ONLY_EVENTS.has(name) && !log.isLevelEnabled('debug')) return;
    const line = describeEvent(name, payload, station);
    if (!log.isLevelEnabled(line.level)) return;
    log[line.level]({ [ACTIVITY_KEY]: { event: name, ...payload } }, line.msg);
  });
}
