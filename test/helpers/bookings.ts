// Builders for booking tests: a customer with a tag, and a booted station's slots.
import { randomBytes } from 'node:crypto';
import type { App } from '../../src/app.js';
import { api } from './api.js';
import { waitFor } from './wait-for.js';

export interface Holder { customerId: number; idTagId: number; idTag: string }

export async function aHolder(app: App, name = 'Holder'): Promise<Holder> {
  const customer = await api(app).post('/customers', { name });
  const idTag = `B${randomBytes(5).toString('hex')}`;
  const tag = await api(app).post('/id-tags', { idTag, customerId: customer.body.id });
  if (tag.status !== 201) throw new Error(`could not create tag: ${JSON.stringify(tag.body)}`);
  return { customerId: customer.body.id, idTagId: tag.body.id, idTag };
}

/** The slot ids of a station by connector number (the station must have reported its connectors). */
export async function slotsOf(app: App, stationId: number): Promise<Record<number, number>> {
  const slots = (await api(app).get(`/slots?stationId=${stationId}`)).body as Array<{ id: number; connectorId: number }>;
  return Object.fromEntries(slots.map((s) => [s.connectorId, s.id]));
}

export const inMinutes = (from: Date, minutes: number): string => new Date(from.getTime() + minutes * 60_000).toISOString();

/** The holder's booking of the station's connector 1 for the hour from a minute after `now`; its id (201 expected). */
export async function aBookingFromNow(app: App, stationId: number, holder: Holder, now: Date): Promise<number> {
  const made = await api(app).post('/bookings', {
    slotId: (await slotsOf(app, stationId))[1], customerId: holder.customerId, idTagId: holder.idTagId,
    startsAt: inMinutes(now, 1), endsAt: inMinutes(now, 61),
  });
  if (made.status !== 201) throw new Error(`booking refused: ${made.status} ${JSON.stringify(made.body)}`);
  return made.body.id as number;
}

/** The booking once its ReserveNow has ended (a creation answers before the charger does): GET until its
 * reservationStatus is no longer 'sending'. */
export async function afterReserveNow(app: App, bookingId: number): Promise<{ reservationStatus: string | null } & Record<string, unknown>> {
  return waitFor(async () => {
    const b = (await api(app).get(`/bookings/${bookingId}`)).body as { reservationStatus: string | null };
    return b.reservationStatus === 'sending' ? undefined : b;
  });
}
