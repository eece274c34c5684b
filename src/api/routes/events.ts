import type { EventStream } from '../../realtime/event-stream.js';
import { route, type RouteSpec } from '../route.js';

export function eventRoutes(stream: EventStream): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/events', tag: 'events', role: 'viewer', streams: true,
      summary: 'Live events (Server-Sent Events); Last-Event-ID resumes after a reconnect. Also takes ?access_token=.',
      responseDescription: 'event: <name>, data: JSON. Names: station.online, station.offline, station.booted, '
        + 'station.updated, connector.status, session.started, session.updated, session.stopped, issue.changed, '
        + 'booking.changed, slot.changed, command.result, invoice.issued, invoice.paid, invoice.voided, site.updated, '
        + 'security.event, and resync (reload your state). session.started and session.stopped name the customer owning '
        + 'the session\'s tag (customerId, customerName: null for none), as invoice events do; booking.changed\'s booking '
        + 'names its holder (customerName).',
      async handle({ req, res }) {
        stream.subscribe(res, req.header('last-event-id') ?? undefined);
      },
    }),
  ];
}
