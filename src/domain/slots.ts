// A slot is the bookable unit: one per connector. Its status is derived, never stored, from what the
// connector reports, the sessions and bookings on it, and open maintenance issues.
import type { ConnectorStatus } from './model.js';

export type SlotStatus = 'available' | 'booked' | 'in_use' | 'inactive';

export interface SlotFacts {
  /** The connector's latest OCPP status; null before it ever reported. */
  connectorStatus: ConnectorStatus | null;
  /** An open maintenance issue names this connector or its whole station. */
  underMaintenance: boolean;
  /** A charging session is running on the connector. */
  sessionRunning: boolean;
  /** A confirmed or active booking's window covers now. */
  bookedNow: boolean;
}

// A car is drawing (or paused drawing) power: the connector is in use even before its session reached us
// (a charger replaying an offline start), so a slot is never shown free while a car charges on it.
const OCCUPIED: readonly ConnectorStatus[] = ['Charging', 'SuspendedEV', 'SuspendedEVSE'];
const OUT_OF_SERVICE: readonly ConnectorStatus[] = ['Faulted', 'Unavailable'];

export function slotStatus(f: SlotFacts): SlotStatus {
  if (f.sessionRunning || (f.connectorStatus !== null && OCCUPIED.includes(f.connectorStatus))) return 'in_use';
  if (f.underMaintenance || (f.connectorStatus !== null && OUT_OF_SERVICE.includes(f.connectorStatus))) return 'inactive';
  if (f.bookedNow) return 'booked';
  return 'available';
}

export interface BookingHolder {
  idTag: string;
  parentIdTag: string | null;
}

/** Whether a tag may start charging on a slot in this status (the holder of the booking covering now). */
export function mayStartOn(status: SlotStatus, tag: BookingHolder, holder: BookingHolder | null): boolean {
  switch (status) {
    case 'available':
      return true;
    case 'booked':
      return holder !== null && isHolder(tag, holder);
    case 'in_use':
    case 'inactive':
      return false;
  }
}

// OCPP idTags are CiString20 (case-insensitive); a tag sharing the holder's parent belongs to the same
// account (a fleet card, a family), as OCPP 1.6 §4.2's parentIdTag means.
export function isHolder(tag: BookingHolder, holder: BookingHolder): boolean {
  const same = (a: string | null, b: string | null) => a !== null && b !== null && a.toLowerCase() === b.toLowerCase();
  return same(tag.idTag, holder.idTag) || same(tag.parentIdTag, holder.parentIdTag) || same(tag.parentIdTag, holder.idTag);
}

export interface Slot {
  id: number;
  stationId: number;
  connectorId: number;
  /** For people: '<chargeBoxId>-<connectorId>'. */
  code: string;
}
