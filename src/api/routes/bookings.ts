// Bookings of slots (operator writes, viewer reads). Every id is an integer; the BK- code is for display.
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { RESERVATION_STATUSES } from '../../domain/bookings.js';
import { route, type RouteSpec } from '../route.js';
import { idField, idParam, idQuery, isoDateTime } from '../validation.js';
import { pagedQuery, splitPage } from '../schemas/paged-query.js';
import { BOOKING_STATUSES, BookingListItemResponse, BookingResponse } from '../schemas/bookings.js';

const BookingId = z.object({ bookingId: idParam('bookingId') });

const NewBooking = z.strictObject({
  slotId: idField('slotId'),
  customerId: idField('customerId'),
  idTagId: idField('idTagId'),
  startsAt: isoDateTime('startsAt'),
  endsAt: isoDateTime('endsAt'),
});

const BookingQuery = pagedQuery(['date', 'number'], {
  slotId: idQuery('slotId').optional(),
  stationId: idQuery('stationId').optional(),
  customerId: idQuery('customerId').optional(),
  status: z.enum(BOOKING_STATUSES, { error: `status must be one of ${BOOKING_STATUSES.join(', ')}` }).optional(),
  reservationStatus: z.enum(RESERVATION_STATUSES, { error: `reservationStatus must be one of ${RESERVATION_STATUSES.join(', ')}` }).optional(),
  from: isoDateTime('from').meta({ description: 'Bookings whose window ends after this' }).optional(),
  to: isoDateTime('to').meta({ description: 'Bookings whose window starts before this' }).optional(),
  q: z.string().trim().min(1, 'q must not be empty').max(200, 'q must be at most 200 characters')
    .meta({ description: 'A booking code (BK-000123) or the start of the holder\'s name, without regard to case' }).optional(),
});

export function bookingRoutes(s: Services): RouteSpec[] {
  return [
    route({
      method: 'post', path: '/bookings', tag: 'bookings', role: 'operator', status: 201,
      summary: 'Book a slot for [startsAt, endsAt) for a customer and one of their tags; 409 for an overlap, an '
        + 'inactive slot, a window over already, or a window begun on a slot not available now',
      body: NewBooking, response: BookingResponse,
      handle: ({ body, principal }) => s.bookings.create(body, principal),
    }),
    route({
      method: 'get', path: '/bookings', tag: 'bookings', role: 'viewer',
      summary: 'Bookings, soonest first (startsAt then id), paged (limit, cursor; offset for older clients), each with the '
        + 'holder\'s name, the slot\'s code and the station\'s chargeBoxId; filter by slot, station, holder (customer), status, '
        + 'the charger\'s answer to the reservation (reservationStatus), time range (windows overlapping [from, to): a '
        + 'day\'s calendar) and q (a booking code or the start of the holder\'s name)',
      query: BookingQuery, paged: true, response: BookingListItemResponse,
      handle: ({ query }) => {
        const { filter, page } = splitPage(query);
        return s.bookings.list(filter, page);
      },
    }),
    route({
      method: 'get', path: '/bookings/:bookingId', tag: 'bookings', role: 'viewer', summary: 'One booking (its id is also the OCPP reservationId)',
      params: BookingId, response: BookingResponse, handle: ({ params }) => s.bookings.get(params.bookingId),
    }),
    route({
      method: 'post', path: '/bookings/:bookingId/cancel', tag: 'bookings', role: 'operator',
      summary: 'Cancel a confirmed booking: frees the slot and sends CancelReservation if the charger holds it',
      params: BookingId, response: BookingResponse, handle: ({ params }) => s.bookings.cancel(params.bookingId),
    }),
    route({
      method: 'post', path: '/bookings/:bookingId/complete', tag: 'bookings', role: 'operator',
      summary: 'Mark a confirmed or active booking completed (staff closing it by hand)',
      params: BookingId, response: BookingResponse, handle: ({ params }) => s.bookings.complete(params.bookingId),
    }),
  ];
}
