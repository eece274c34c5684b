// What a driver's event stream carries (issue 19, GET /api/driver/events): the driver's own sessions, bookings and
// invoices, and the public availability of connectors (slot.changed, connector.status: no personal data in them) so
// the app's station list stays live. Nothing else: no other driver's session, no charger, command, issue, site
// or security event. Every event name is decided here (the switch is exhaustive): a new event stays out of the
// drivers' streams until someone decides it belongs there.
import type { EventFilter, SentEvent } from './event-filter.js';

/**
 * The filter of one driver's stream. session.updated names only its session: the filter follows the driver's
 * sessions, those running when the stream opened (`runningSessionIds`, read by the caller) and those it sees
 * start, until it sees them stop. It is asked once per event in the stream's order (event-stream.ts).
 */
export function driverEventFilter(customerId: number, runningSessionIds: Iterable<number>): EventFilter {
  const sessions = new Set(runningSessionIds);
  const own = (c: { customerId: number | null }): boolean => c.customerId === customerId;
  return (e: SentEvent): boolean => {
    switch (e.name) {
      case 'session.started':
        if (!own(e.payload)) return false;
        sessions.add(e.payload.sessionId);
        return true;
      case 'session.updated':
        return sessions.has(e.payload.sessionId);
      case 'session.stopped': {
        const followed = sessions.delete(e.payload.sessionId);
        return followed || own(e.payload);
      }
      case 'booking.changed':
        return own(e.payload.booking);
      case 'invoice.issued':
      case 'invoice.paid':
      case 'invoice.voided':
        return own(e.payload);
      case 'slot.changed':
      case 'connector.status':
        return true;
      case 'station.online':
      case 'station.offline':
      case 'station.booted':
      case 'station.updated':
      case 'command.result':
      case 'issue.changed':
      case 'site.updated':
      case 'security.event':
        return false;
    }
  };
}
