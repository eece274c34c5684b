// A driver books a slot for their app tag, lists, reads and cancels their own bookings (issue 19): the same
// rules and the same exclusion constraint as staff bookings (services/bookings.ts), recorded as driver:<customerId>.
// Another driver's booking is NotFound, never Forbidden.
import { driverActor, type DriverPrincipal } from '../domain/drivers.js';
import type { Booking } from '../domain/bookings.js';
import type { Page } from '../domain/paging.js';
import type { BookingListFilter, BookingListItem } from '../store/booking-list.js';
import type { PageRequest } from '../store/keyset.js';
import { AppError } from '../shared/errors.js';
import type { BookingService } from './bookings.js';
import type { DriverAccountService } from './driver-accounts.js';

export interface DriverBookingService {
  /** A booking of the slot for [startsAt, endsAt) with the driver's app tag; Conflict naming the overlap. */
  create(driver: DriverPrincipal, b: { slotId: number; startsAt: Date; endsAt: Date }): Promise<Booking>;
  list(driver: DriverPrincipal, f: Pick<BookingListFilter, 'status' | 'from' | 'to'>, page: PageRequest): Promise<Page<BookingListItem>>;
  get(driver: DriverPrincipal, bookingId: number): Promise<Booking>;
  cancel(driver: DriverPrincipal, bookingId: number): Promise<Booking>;
}

export function makeDriverBookingService(d: { bookings: BookingService; drivers: DriverAccountService }): DriverBookingService {
  const own = async (driver: DriverPrincipal, bookingId: number): Promise<Booking> => {
    const booking = await d.bookings.get(bookingId).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'NotFound') return null;
      throw err;
    });
    if (!booking || booking.customerId !== driver.customerId) {
      throw new AppError('NotFound', `booking ${bookingId} does not exist`, { field: 'bookingId' });
    }
    return booking;
  };

  return {
    async create(driver, b) {
      const { appIdTagId } = await d.drivers.account(driver.customerId);
      return d.bookings.create({ ...b, customerId: driver.customerId, idTagId: appIdTagId }, driverActor(driver));
    },
    list: (driver, f, page) => d.bookings.list({ ...f, customerId: driver.customerId }, page),
    get: own,
    async cancel(driver, bookingId) {
      await own(driver, bookingId);
      return d.bookings.cancel(bookingId);
    },
  };
}
