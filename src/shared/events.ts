// The typed event bus: services emit after COMMIT; realtime/ and jobs listen. Listeners must not throw
// into the emitter, so each is isolated. A payload is read-only once emitted: listeners share it, and the live
// stream puts it in JSON only when a client is sent it (realtime/event-stream.ts).
//
// In cluster mode (issue 15) an event also comes from other nodes (cluster/event-relay.ts receiveRemote). A
// listener that reacts with work of its own (a refresh, a ReserveNow, a log line) hears this node's events
// only (`on`, `onAny`): the node where it happened does that work, once. A listener that keeps a view of the
// cluster current (a connected charger's cached station, a RemoteStart waiting for its StartTransaction, a
// cache of slot statuses) hears every node's (`onClusterWide`). On one node the two are the same.
import type { Logger } from './logger.js';

/** customerId, customerName: the customer owning the session's tag when the invoice was issued (null: none). */
interface InvoiceEvent {
  invoiceId: number; number: string; sessionId: number; stationId: number; connectorId: number;
  status: string; totalMinor: number; currency: string; at: Date;
  customerId: number | null; customerName: string | null;
}

export interface DomainEvents {
  /** connectionId: the connection's row (store/connections.ts); nodeId: the cluster node holding it, null on a
   * single node. A listener keeping who is online (cluster/presence.ts) drops a station only when the offline's
   * connectionId is the one it holds: a replaced connection closes after its successor opened. */
  'station.online': { stationId: number; chargeBoxId: string; at: Date; connectionId: number; nodeId: string | null };
  'station.offline': { stationId: number; chargeBoxId: string; at: Date; reason: string; connectionId: number; nodeId: string | null };
  /** siteId: the site the station belongs to (load management), null for none: its listeners skip the others unread. */
  'station.booted': {
    stationId: number; chargeBoxId: string; registrationStatus: string; at: Date;
    vendor: string; model: string; firmwareVersion: string | null; siteId: number | null;
  };
  /** Staff changed a station; a connected charger follows it at once (ocpp/server.ts). Never carries secrets. */
  'station.updated': {
    stationId: number; chargeBoxId: string; name: string | null; location: string | null;
    registrationStatus: 'Accepted' | 'Pending' | 'Rejected'; active: boolean;
    securityProfile: 1 | 2 | 3; leniency: string[]; at: Date;
  };
  /** A staff command to a charger ended (services/commands.ts); outcome as in domain/commands.ts. */
  'command.result': {
    commandId: number; stationId: number; chargeBoxId: string; action: string; outcome: string;
    requestedBy: string; error: string | null; at: Date;
    /** The status field of the charger's answer (Accepted, Rejected, ...), when it had one. */
    answerStatus: string | null;
  };
  'connector.status': {
    stationId: number; connectorId: number; status: string; errorCode: string; info: string | null; at: Date;
  };
  /** authorizationStatus: what the StartTransaction was answered for the tag (the session runs whatever it is).
   * customerId, customerName: the customer owning the session's tag (tags compare without case), null for none:
   * staff see who charges, and a driver's stream (api/routes/driver-events.ts) picks the driver's own. */
  'session.started': {
    sessionId: number; stationId: number; connectorId: number; idTag: string; authorizationStatus: string; at: Date;
    customerId: number | null; customerName: string | null;
  };
  'session.updated': {
    sessionId: number; stationId: number; connectorId: number;
    energyWh: number | null; powerW: number | null; socPercent: number | null; at: Date;
  };
  'session.stopped': {
    sessionId: number; stationId: number; connectorId: number; energyWh: number | null; at: Date;
    idTag: string; authorizationStatus: string; startedAt: Date; reason: string | null;
    /** As on session.started: the customer owning the session's (starting) tag. */
    customerId: number | null; customerName: string | null;
  };
  /** A booking was created or changed status, or its reservation on the charger changed. customerName: its holder's. */
  'booking.changed': {
    change: 'created' | 'status' | 'reservation';
    booking: {
      id: number; code: string; slotId: number; customerId: number; customerName: string; idTag: string; startsAt: Date; endsAt: Date;
      status: string; sessionId: number | null; reservationStatus: string | null; reservationNote: string | null;
    };
  };
  /** An invoice was issued (a session stopped), paid or voided; emitted after commit. */
  'invoice.issued': InvoiceEvent;
  'invoice.paid': InvoiceEvent;
  'invoice.voided': InvoiceEvent;
  /** A slot's derived status changed (available, booked, in_use, inactive), or its station went on or offline
   * (then stationOnline says which; the status stays what it was derived as). */
  'slot.changed': { slotId: number; code: string; stationId: number; connectorId: number; status: string; at: Date; stationOnline?: boolean };
  /** A maintenance issue was opened, moved to another status, or commented on; `issue` is the issue as it is now. */
  'issue.changed': {
    change: 'opened' | 'status' | 'comment';
    issue: {
      id: number; stationId: number; connectorId: number; title: string; description: string | null;
      status: string; source: string; faultErrorCode: string | null; openedBy: string;
      openedAt: Date; updatedAt: Date; resolvedAt: Date | null; closedAt: Date | null;
    };
  };
  /** A site changed (load management, issue 17): its settings (fields: those given), its stations (stationId joined,
   * left or changed its maxCurrentA or priority), it was removed, or the load balancer gave its sessions new limits
   * (GET /api/sites/{id} has them). */
  'site.updated': {
    siteId: number; change: 'settings' | 'stations' | 'removed' | 'balanced'; stationId: number | null; fields: string[]; at: Date;
  };
  /** A charger's SecurityEventNotification was stored (services/security-events.ts). critical: the whitepaper's
   * flag for the type; issueId: the maintenance issue a critical one opened or joined. */
  'security.event': {
    eventId: number; stationId: number; type: string; techInfo: string | null; critical: boolean;
    issueId: number | null; occurredAt: Date; at: Date;
  };
}
export type EventName = keyof DomainEvents;
type Listener<E extends EventName> = (payload: DomainEvents[E]) => void;
export type AnyListener = <E extends EventName>(name: E, payload: DomainEvents[E]) => void;

export class EventBus {
  private readonly listeners = new Map<EventName, Set<Listener<never>>>();
  private readonly wideListeners = new Map<EventName, Set<Listener<never>>>();
  private readonly anyListeners = new Set<AnyListener>();

  constructor(private readonly log: Logger) {}

  /** This node's events of one name. */
  on<E extends EventName>(name: E, listener: Listener<E>): () => void {
    return addTo(this.listeners, name, listener);
  }

  /** Every node's events of one name: this node's as they are emitted, the others' as they arrive. */
  onClusterWide<E extends EventName>(name: E, listener: Listener<E>): () => void {
    return addTo(this.wideListeners, name, listener);
  }

  /** Every event, whatever its name (the live stream to staff). */
  onAny(listener: AnyListener): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }

  emit<E extends EventName>(name: E, payload: DomainEvents[E]): void {
    for (const listener of this.listeners.get(name) ?? []) this.isolated(name, () => (listener as Listener<E>)(payload));
    for (const listener of this.wideListeners.get(name) ?? []) this.isolated(name, () => (listener as Listener<E>)(payload));
    for (const listener of this.anyListeners) this.isolated(name, () => listener(name, payload));
  }

  /** Whether any listener hears other nodes' events of this name: the relay decodes only those (most have none). */
  hasClusterWide(name: EventName): boolean {
    return (this.wideListeners.get(name)?.size ?? 0) > 0;
  }

  /** An event another node emitted (cluster/event-relay.ts): only the cluster-wide listeners hear it. */
  receiveRemote<E extends EventName>(name: E, payload: DomainEvents[E]): void {
    for (const listener of this.wideListeners.get(name) ?? []) this.isolated(name, () => (listener as Listener<E>)(payload));
  }

  private isolated(name: EventName, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error({ err, event: name }, 'event listener failed');
    }
  }
}

function addTo<E extends EventName>(map: Map<EventName, Set<Listener<never>>>, name: E, listener: Listener<E>): () => void {
  const set = map.get(name) ?? new Set();
  set.add(listener as Listener<never>);
  map.set(name, set);
  return () => set.delete(listener as Listener<never>);
}
