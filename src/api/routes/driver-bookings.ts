// A driver's bookings (issue 19): the same rules and exclusion constraint as staff bookings, with the driver's
// app tag; another driver's booking is a 404.
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { driverRoute, type RouteSpec } from '../route.js';
import { idField, idParam, isoDateTime } from '../validation.js';
import { pagedQuery, splitPage } from '../schemas/paged-query.js';
import { BOOKING_STATUSES, BookingListItemResponse, BookingResponse } from '../schemas/bookings.js';

const BookingId = z.object({ bookingId: idParam('bookingId') });
const NewDriverBooking = z.strictObject({
  slotId: idField('slotId'),
  startsAt: isoDateTime('startsAt'),
  endsAt: isoDateTime('endsAt'),
});
const DriverBookingQuery = pagedQuery(['date', 'number'], {
  status: z.enum(BOOKING_STATUSES, { error: `status must be one of ${BOOKING_STATUSES.join(', ')}` }).optional(),
  from: isoDateTime('from').meta({ description: 'Bookings whose window ends after this' }).optional(),
  to: isoDateTime('to').meta({ description: 'Bookings whose window starts before this' }).optional(),
});

export function driverBookingRoutes(s: Pick<Services, 'driverBookings'>): RouteSpec[] {
  return [
    driverRoute({
      method: 'post', path: '/driver/bookings', tag: 'driver', status: 201, body: NewDriverBooking,
      summary: 'Book a slot for [startsAt, endsAt) with the driver\'s app tag: the same rules as staff bookings, and no two '
        + 'bookings of a slot overlap (409 naming the conflict)',
      response: BookingResponse,
      handle: ({ body, driver }) => s.driverBookings.create(driver, body),
    }),
    driverRoute({
      method: 'get', path: '/driver/bookings', tag: 'driver',
      summary: 'The driver\'s bookings, soonest first (startsAt then id), a page at a time; filter by status and window',
      query: DriverBookingQuery, paged: true, response: BookingListItemResponse,
      handle: ({ query, driver }) => {
        const { filter, page } = splitPage(query);
        return s.driverBookings.list(driver, filter, page);
      },
    }),
    driverRoute({
      method: 'get', path: '/driver/bookings/:bookingId', tag: 'driver', summary: 'One of the driver\'s bookings (404 for any other)',
      params: BookingId, response: BookingResponse,
      handle: ({ params, driver }) => s.driverBookings.get(driver, params.bookingId),
    }),
    driverRoute({
      method: 'post', path: '/driver/bookings/:bookingId/cancel', tag: 'driver',
      summary: 'Cancel one of the driver\'s confirmed bookings (409 once it started, ended or was cancelled)',
      params: BookingId, response: BookingResponse,
      handle: ({ params, driver }) => s.driverBookings.cancel(driver, params.bookingId),
    }),
  ];
}
