// Whether staff may remote start on a connector now (issue 12): not on a connector under maintenance (an open
// issue naming it or its whole station), and not on a slot whose booking covering now is held by someone else.
// Staff may override either with `force`; the decision only says what stands in the way.
// Without a connectorId the charger picks the connector (OCPP 1.6 §5.11), so only what covers the whole
// station can be judged: a whole-station issue. Bookings are per connector and are checked only when one is named.
import { isHolder, type BookingHolder } from './slots.js';
import type { Maintenance } from './monitoring.js';

export type RemoteStartBlock =
  | { reason: 'maintenance'; issueId: number; scope: Maintenance['scope']; title: string }
  | { reason: 'booked'; bookingId: number; slotId: number; endsAt: Date };

export interface RemoteStartFacts {
  /** The connector named in the request; null when the charger is to choose. */
  connectorId: number | null;
  /** The open issue covering that connector (or, with no connector, the whole station), if any. */
  maintenance: Maintenance | null;
  /** The confirmed or active booking covering now on that connector's slot, with its holder. */
  booking: { id: number; slotId: number; endsAt: Date; holder: BookingHolder } | null;
  /** The tag the charge is started for. */
  tag: BookingHolder;
}

export function remoteStartBlock(f: RemoteStartFacts): RemoteStartBlock | null {
  if (f.maintenance && (f.connectorId !== null || f.maintenance.scope === 'station')) {
    return { reason: 'maintenance', issueId: f.maintenance.issueId, scope: f.maintenance.scope, title: f.maintenance.title };
  }
  if (f.connectorId !== null && f.booking && !isHolder(f.tag, f.booking.holder)) {
    return { reason: 'booked', bookingId: f.booking.id, slotId: f.booking.slotId, endsAt: f.booking.endsAt };
  }
  return null;
}
