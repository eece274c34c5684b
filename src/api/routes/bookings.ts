// Bookings of slots (operator writes, viewer reads). Every id is an integer; the BK- code is for display.
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { RESERVATION_STATUSES } from '../../domain/bookings.js';
import { route, type RouteSpec } from '../route.js';
import { idField, idParam, idQuery, isoDateTime, paging } from '../validation.js';

const BookingId = z.object({ bookingId: idParam('bookingId') });

const NewBooking = z.strictObject({
  slotId: idField('slotId'),
  customerId: idField('customerId'),
  idTagId: idField('idTagId'),
  startsAt: isoDateTime('startsAt'),
  endsAt: isoDateTime('endsAt'),
});

const BookingQuery = z.strictObject({
  slotId: idQuery('slotId').optional(),
  stationId: idQuery('stationId').optional(),
  customerId: idQuery('customerId').optional(),
  status: z.enum(['confirmed', 'active', 'completed', 'cancelled', 'expired'], { error: 'status must be confirmed, active, completed, cancelled or expired' }).optional(),
  reservationStatus: z.enum(RESERVATION_STATUSES, { error: `reservationStatus must be one of ${RESERVATION_STATUSES.join(', ')}` }).optional(),
  from: isoDateTime('from').optional(),
  to: isoDateTime('to').optional(),
  ...paging,
});

export function bookingRoutes(s: Services): RouteSpec[] {
  return [
    route({
      method: 'post', path: '/bookings', tag: 'bookings', role: 'operator', status: 201,
      summary: 'Book a slot for [startsAt, endsAt) for a customer and one of their tags; 409 for an overlap, an '
        + 'inactive slot, a window over already, or a window begun on a slot not available now',
      body: NewBooking,
      handle: ({ body, principal }) => s.bookings.create(body, principal),
    }),
    route({
      method: 'get', path: '/bookings', tag: 'bookings', role: 'viewer',
      summary: 'Bookings, soonest first; filter by slot, station, holder (customer), status, the charger\'s answer to the reservation (reservationStatus) and time range (windows overlapping [from, to))',
      query: BookingQuery,
      handle: ({ query }) => {
        const { slotId, ...rest } = query;
        return s.bookings.list({ ...rest, ...(slotId === undefined ? {} : { slotIds: [slotId] }) });
      },
    }),
    route({
      method: 'get', path: '/bookings/:bookingId', tag: 'bookings', role: 'viewer', summary: 'One booking (its id is also the OCPP reservationId)',
      params: BookingId, handle: ({ params }) => s.bookings.get(params.bookingId),
    }),
    route({
      method: 'post', path: '/bookings/:bookingId/cancel', tag: 'bookings', role: 'operator',
      summary: 'Cancel a confirmed booking: frees the slot and sends CancelReservation if the charger holds it',
      params: BookingId, handle: ({ params }) => s.bookings.cancel(params.bookingId),
    }),
    route({
      method: 'post', path: '/bookings/:bookingId/complete', tag: 'bookings', role: 'operator',
      summary: 'Mark a confirmed or active booking completed (staff closing it by hand)',
      params: BookingId, handle: ({ params }) => s.bookings.complete(params.bookingId),
    }),
  ];
}
