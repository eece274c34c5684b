// The typed event bus: services emit after COMMIT; realtime/ and jobs listen. Listeners must not throw
// into the emitter, so each is isolated.
import type { Logger } from './logger.js';

export interface DomainEvents {
  'station.connected': { stationId: number; chargeBoxId: string; at: Date };
  'station.disconnected': { stationId: number; chargeBoxId: string; at: Date; reason: string };
  'station.booted': { stationId: number; chargeBoxId: string; registrationStatus: string; at: Date };
  'connector.status': {
    stationId: number; connectorId: number; status: string; errorCode: string; info: string | null; at: Date;
  };
  'session.started': { sessionId: number; stationId: number; connectorId: number; idTag: string; at: Date };
  'session.updated': {
    sessionId: number; stationId: number; connectorId: number;
    energyWh: number | null; powerW: number | null; socPercent: number | null; at: Date;
  };
  'session.stopped': { sessionId: number; stationId: number; connectorId: number; energyWh: number | null; at: Date };
}
export type EventName = keyof DomainEvents;
type Listener<E extends EventName> = (payload: DomainEvents[E]) => void;

export class EventBus {
  private readonly listeners = new Map<EventName, Set<Listener<never>>>();

  constructor(private readonly log: Logger) {}

  on<E extends EventName>(name: E, listener: Listener<E>): () => void {
    const set = this.listeners.get(name) ?? new Set();
    set.add(listener as Listener<never>);
    this.listeners.set(name, set);
    return () => set.delete(listener as Listener<never>);
  }

  emit<E extends EventName>(name: E, payload: DomainEvents[E]): void {
    for (const listener of this.listeners.get(name) ?? []) {
      try {
        (listener as Listener<E>)(payload);
      } catch (err) {
        this.log.error({ err, event: name }, 'event listener failed');
      }
    }
  }
}
