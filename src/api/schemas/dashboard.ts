// The answer of GET /api/dashboard, as the client receives it (dates as ISO strings).
import { z } from 'zod';
import { RESERVATION_STATUSES } from '../../domain/bookings.js';

const id = z.number().int();
const at = z.iso.datetime();
const count = z.number().int().min(0);
const authorizationStatus = z.enum(['Accepted', 'Blocked', 'Expired', 'Invalid', 'ConcurrentTx'])
  .meta({ description: 'What the tag got at StartTransaction: anything but Accepted is a refused tag charging anyway' });
const counts = (description: string) => z.record(z.string(), count).meta({ description });

/** An attention list: its first rows and how many there are in all. */
const page = <T extends z.ZodType>(item: T, description: string) =>
  z.strictObject({ total: count, items: z.array(item) }).meta({ description });

const Faulted = z.strictObject({
  stationId: id, chargeBoxId: z.string(), connectorId: id, status: z.literal('Faulted'), errorCode: z.string(),
  since: at.meta({ description: 'The time of the Faulted report' }),
});

const Offline = z.strictObject({
  stationId: id, chargeBoxId: z.string(), name: z.string().nullable(), lastSeenAt: at.nullable().meta({ description: 'null: never seen' }),
});

const Reservation = z.strictObject({
  bookingId: id, code: z.string(), slotId: id, stationId: id, chargeBoxId: z.string(), connectorId: id,
  reservationStatus: z.enum(RESERVATION_STATUSES).nullable(), reservationNote: z.string().nullable(), startsAt: at, endsAt: at,
});

const AwaitingPayment = z.strictObject({
  sessionId: id, invoiceId: id, customerName: z.string().nullable(), totalMinor: z.number().int(), currency: z.string(),
  stoppedAt: at, stationId: id, connectorId: id, authorizationStatus: z.string(),
});

const Maintenance = z.strictObject({
  issueId: id, stationId: id, chargeBoxId: z.string(), connectorId: z.number().int().min(0).meta({ description: '0: the whole station' }),
  title: z.string(), status: z.enum(['open', 'in_progress']), source: z.enum(['staff', 'fault']), openedAt: at,
});

const ActiveSession = z.strictObject({
  sessionId: id, stationId: id, chargeBoxId: z.string(), connectorId: id, bookingId: id.nullable(), customerName: z.string().nullable(),
  idTag: z.string(), authorizationStatus, startedAt: at, durationS: count, energyWh: z.number().nullable(), powerW: z.number().nullable(),
  socPercent: z.number().nullable(),
  readingAt: at.nullable().meta({ description: 'When the charger took the reading these figures come from (null before the first)' }),
});

export const DashboardResponse = z.strictObject({
  generatedAt: at,
  stations: z.strictObject({ total: count, online: count, offline: count }).meta({ description: 'Active stations; online: a node holds its connection now' }),
  connectors: z.strictObject({
    total: count,
    byStatus: counts('Connectors of online stations by their OCPP status'),
    offline: count.meta({ description: 'Connectors of offline stations (their status is only the last reported)' }),
    underMaintenance: count,
  }),
  sessions: z.strictObject({ active: count, awaitingPayment: count }),
  slots: z.strictObject({
    total: count, byStatus: counts('Slots by their derived status: available, booked, in_use, inactive'),
    stationOffline: count.meta({ description: 'Slots of offline stations' }),
  }),
  energyTodayWh: z.number().meta({ description: 'Sessions stopped since local midnight (the server\'s time zone) in full, running ones so far' }),
  attention: z.strictObject({
    faulted: page(Faulted, 'Faulted connectors of online stations, the longest faulted first; total = connectors.byStatus.Faulted'),
    offline: page(Offline, 'Active stations offline, the most recently seen first (never seen last); total = stations.offline'),
    reservations: page(Reservation, 'Bookings whose window is open that the charger refused (Occupied, Faulted, Unavailable, Rejected), soonest first; counted up to 100'),
    awaitingPayment: page(AwaitingPayment, 'Unpaid invoices, the longest waiting first; total = sessions.awaitingPayment'),
    maintenance: page(Maintenance, 'Open service-affecting issues (staff, fault) of active stations, the longest open first'),
  }),
  activeSessions: page(ActiveSession, 'Running sessions, the most recently started first, with their live figures; total = sessions.active'),
});
