// The answers of the slots routes: a slot with its status now, as the client receives it (dates as ISO strings).
import { z } from 'zod';
import { CONNECTOR_STATUSES } from '../../domain/station-filters.js';
import type { SlotStatus } from '../../domain/slots.js';
import { BookingResponse } from './bookings.js';

const id = z.number().int();

export const SLOT_STATUSES = ['available', 'booked', 'in_use', 'inactive'] as const satisfies readonly SlotStatus[];

export const SlotResponse = z.strictObject({
  id,
  stationId: id,
  connectorId: id,
  code: z.string().meta({ description: 'The chargeBoxId, a dash and the connector number' }),
  status: z.enum(SLOT_STATUSES),
  connectorStatus: z.enum(CONNECTOR_STATUSES).nullable().meta({ description: 'Its latest OCPP status; null before any' }),
  maintenance: z.strictObject({ issueId: id, title: z.string(), scope: z.enum(['connector', 'station']) }).nullable(),
  sessionId: id.nullable().meta({ description: 'The session running on the connector' }),
  currentBooking: BookingResponse.nullable().meta({ description: 'The confirmed or active booking whose window covers now' }),
  nextBookings: z.array(BookingResponse).meta({ description: 'Confirmed bookings still to come, soonest first' }),
  awaitingPayment: z.strictObject({ sessionId: id, bookingId: id.nullable(), invoiceId: id }).nullable()
    .meta({ description: 'The connector\'s newest session with an unpaid invoice, until it is paid' }),
  stationOnline: z.boolean(),
});
