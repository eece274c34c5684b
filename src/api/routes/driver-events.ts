// The driver's live stream (issue 19): the staff stream's machinery (realtime/event-stream.ts: backlog,
// Last-Event-ID resume, resync) with the driver's filter (realtime/driver-event-filter.ts): the driver's own
// sessions, bookings and invoices, and connectors' availability. A browser's EventSource cannot send headers, so
// the token may come as ?access_token= (a streaming route allows it: api/router.ts).
import type { Services } from '../../services/index.js';
import type { EventStream } from '../../realtime/event-stream.js';
import { driverEventFilter } from '../../realtime/driver-event-filter.js';
import { driverRoute, type RouteSpec } from '../route.js';

export function driverEventRoutes(s: Pick<Services, 'driverSessions'>, stream: EventStream): RouteSpec[] {
  return [
    driverRoute({
      method: 'get', path: '/driver/events', tag: 'driver', streams: true,
      summary: 'The driver\'s live events (Server-Sent Events): their own sessions, bookings and invoices, and connectors\' '
        + 'availability; Last-Event-ID resumes after a reconnect. Also takes ?access_token=.',
      responseDescription: 'event: <name>, data: JSON. Names: session.started, session.updated, session.stopped (the driver\'s '
        + 'sessions), booking.changed, invoice.issued, invoice.paid, invoice.voided (the driver\'s), slot.changed and '
        + 'connector.status (every connector), and resync (reload your state).',
      async handle({ req, res, driver }) {
        // Read before subscribing: a session starting meanwhile comes as its session.started.
        const running = await s.driverSessions.runningIds(driver);
        stream.subscribe(res, req.header('last-event-id') ?? undefined, driverEventFilter(driver.customerId, running));
      },
    }),
  ];
}
