// The answers of the bookings routes, as the client receives them (dates as ISO strings).
import { z } from 'zod';
import { RESERVATION_STATUSES } from '../../domain/bookings.js';

export const BOOKING_STATUSES = ['confirmed', 'active', 'completed', 'cancelled', 'expired'] as const;

const id = z.number().int();
const at = z.iso.datetime();

export const BookingResponse = z.strictObject({
  id: id.meta({ description: 'Also the OCPP reservationId' }),
  code: z.string().meta({ description: 'For display: BK- and the id, six digits at least' }),
  slotId: id,
  customerId: id,
  idTag: z.string(),
  startsAt: at,
  endsAt: at,
  status: z.enum(BOOKING_STATUSES),
  sessionId: id.nullable(),
  reservationStatus: z.enum(RESERVATION_STATUSES).nullable()
    .meta({ description: 'The charger\'s answer to ReserveNow, or why there is none; null until sent' }),
  reservationNote: z.string().nullable(),
  reservationSentAt: at.nullable(),
  createdBy: z.string(),
  createdAt: at,
  updatedAt: at,
});

/** A booking in the list: with what a calendar shows beside it, so a day's calendar is one call. */
export const BookingListItemResponse = BookingResponse.extend({
  customerName: z.string().meta({ description: 'The holder\'s name' }),
  stationId: id,
  connectorId: id,
  chargeBoxId: z.string(),
  slotCode: z.string(),
});
