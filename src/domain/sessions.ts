// The charging session's stop rule: energy = meterStop − meterStart (OCPP.md), and what to record when the
// charger's figures do not add up. A stop is always accepted; an anomaly is recorded, never refused.
import type { Authorization, ChargingSession, IdTag } from './model.js';
import type { Booking } from './bookings.js';
import { authorizeTransaction } from './authorization.js';
import { isHolder } from './slots.js';

export type StopAnomaly = 'MeterWentBackwards' | 'StopBeforeStart';

export interface StopInput {
  meterStopWh: number;
  stoppedAt: Date;
}

export interface StopDecision {
  energyWh: number | null;
  anomaly: StopAnomaly | null;
}

export function decideStop(session: Pick<ChargingSession, 'meterStartWh' | 'startedAt'>, stop: StopInput): StopDecision {
  if (stop.meterStopWh < session.meterStartWh) return { energyWh: null, anomaly: 'MeterWentBackwards' };
  const energyWh = stop.meterStopWh - session.meterStartWh;
  if (stop.stoppedAt < session.startedAt) return { energyWh, anomaly: 'StopBeforeStart' };
  return { energyWh, anomaly: null };
}

/** Energy so far of a running session, from its latest register reading. */
export function energySoFar(s: Pick<ChargingSession, 'meterStartWh' | 'latestMeterWh'>): number | null {
  return s.latestMeterWh === null ? null : Math.max(0, s.latestMeterWh - s.meterStartWh);
}

export type SessionState = 'active' | 'completed';
export const sessionState = (s: Pick<ChargingSession, 'stoppedAt'>): SessionState =>
  s.stoppedAt === null ? 'active' : 'completed';

/** A StartTransaction as the charger sent it; its start key (station, connector, tag, time, meterStart) makes a
 * resend the same session. */
export interface StartRequest {
  stationId: number;
  connectorId: number;
  idTag: string;
  meterStartWh: number;
  startedAt: Date;
  reservationId: number | null;
}

/** A StopTransaction as the charger sent it (its transactionData apart). */
export interface StopRequest {
  stationId: number;
  transactionId: number;
  meterStopWh: number;
  stoppedAt: Date;
  reason: string | null;
  idTag: string | null;
}

/** What a StartTransaction is decided on, loaded at once (store/session-starts.ts). */
export interface StartFacts {
  /** The session a resend of this very start already made (same station, connector, tag, time, meterStart). */
  resent: ChargingSession | null;
  tag: IdTag | null;
  chargingElsewhere: boolean;
  /** The connector's bookable slot, if it has one. */
  slotId: number | null;
  /** The booking the charger named by reservationId (ReserveNow.reservationId is the booking's id). */
  reserved: Booking | null;
  /** The booking holding the slot at the start time, with its holder tag's parent. */
  covering: { booking: Booking; holderParentIdTag: string | null } | null;
}

export type StartDecision =
  | { kind: 'resent'; session: ChargingSession; authorization: Authorization }
  | { kind: 'new'; authorization: Authorization; fulfils: Booking | null };

/** A resend is answered as the first time: its stored status, with the tag's current expiry and parent. */
export function givenAuthorization(s: Pick<ChargingSession, 'authorizationStatus'>, tag: IdTag | null): Authorization {
  return { status: s.authorizationStatus, expiryDate: tag?.expiryDate ?? null, parentIdTag: tag?.parentIdTag ?? null };
}

/**
 * The booking a start on this slot fulfils, or the one it is refused for (someone else's, confirmed now).
 * The reservationId the charger held for us wins; else the booking covering the start, by holder.
 */
function bookingOfStart(f: StartFacts, idTag: string): { fulfils: Booking | null; refusedFor: Booking | null } {
  const none = { fulfils: null, refusedFor: null };
  if (f.slotId === null) return none;
  if (f.reserved?.slotId === f.slotId && f.reserved.status === 'confirmed') return { fulfils: f.reserved, refusedFor: null };
  const covering = f.covering;
  if (covering?.booking.status !== 'confirmed') return none;
  const holder = { idTag: covering.booking.idTag, parentIdTag: covering.holderParentIdTag };
  return isHolder({ idTag, parentIdTag: f.tag?.parentIdTag ?? null }, holder)
    ? { fulfils: covering.booking, refusedFor: null }
    : { fulfils: null, refusedFor: covering.booking };
}

/**
 * StartTransaction is always stored (OCPP.md). On a booked slot the holder's accepted start fulfils the booking;
 * anyone else's is answered Invalid, so a charger configured to stop on a refused tag does (StopTransactionOnInvalidId).
 */
export function decideStart(f: StartFacts, start: { idTag: string; now: Date }): StartDecision {
  if (f.resent) return { kind: 'resent', session: f.resent, authorization: givenAuthorization(f.resent, f.tag) };
  const authorization = authorizeTransaction(f.tag, { now: start.now, chargingElsewhere: f.chargingElsewhere });
  const link = bookingOfStart(f, start.idTag);
  if (link.refusedFor) return { kind: 'new', authorization: { ...authorization, status: 'Invalid' }, fulfils: null };
  return { kind: 'new', authorization, fulfils: authorization.status === 'Accepted' ? link.fulfils : null };
}
