// The staff station list (issue 18): what an operator filters a fleet by, the orders it reads in, and the
// keyset each order pages on (domain/paging.ts).
import type { ConnectorStatus, RegistrationStatus } from './model.js';
import type { CursorKey, CursorShape } from './paging.js';

/** OCPP 1.6 ChargePointStatus (§7.7), the values of ?status=. */
export const CONNECTOR_STATUSES = [
  'Available', 'Preparing', 'Charging', 'SuspendedEVSE', 'SuspendedEV', 'Finishing', 'Reserved', 'Unavailable', 'Faulted',
] as const satisfies readonly ConnectorStatus[];

export const REGISTRATION_STATUSES = ['Accepted', 'Pending', 'Rejected'] as const satisfies readonly RegistrationStatus[];

/**
 * chargeBoxId: A→Z (the default); -lastSeenAt: the most recently seen first, never-seen stations last.
 * Each is one index range per page (store/schema/stations.ts).
 */
export const STATION_SORTS = ['chargeBoxId', '-lastSeenAt'] as const;
export type StationSort = (typeof STATION_SORTS)[number];

/** Every filter narrows (AND); an absent one does not filter. */
export interface StationFilter {
  /** Case-insensitive prefix of the chargeBoxId or of the name. */
  q?: string | undefined;
  /** Some connector (0, the charger as a whole, included) is in this status now. */
  status?: ConnectorStatus | undefined;
  /** It has an open connection (true) or none (false). */
  online?: boolean | undefined;
  siteId?: number | undefined;
  /** Some connector is Faulted now (true), or none is (false). */
  faulted?: boolean | undefined;
  /** It has an open service-affecting maintenance issue (true), or none (false). */
  maintenance?: boolean | undefined;
  active?: boolean | undefined;
  registrationStatus?: RegistrationStatus | undefined;
}

/** A cursor holds its sort's name first, so a cursor of one order given with another is refused (a 400). */
export const stationCursorShape: Record<StationSort, CursorShape> = {
  chargeBoxId: ['string', 'string', 'number'],
  '-lastSeenAt': ['string', 'date|null', 'number'],
};

/** Where the next page starts: after this station, in this order. */
export type StationAfter =
  | { sort: 'chargeBoxId'; chargeBoxId: string; id: number }
  | { sort: '-lastSeenAt'; lastSeenAt: Date | null; id: number };

export function stationCursorKey(sort: StationSort, s: { id: number; chargeBoxId: string; lastSeenAt: Date | null }): CursorKey {
  return sort === 'chargeBoxId' ? [sort, s.chargeBoxId, s.id] : [sort, s.lastSeenAt?.toISOString() ?? null, s.id];
}

/** A decoded cursor back to where it points, or null when it was made for another order. */
export function stationAfter(sort: StationSort, key: ReadonlyArray<string | number | Date | null>): StationAfter | null {
  const [of, at, id] = key;
  if (of !== sort || typeof id !== 'number') return null;
  if (sort === 'chargeBoxId') return typeof at === 'string' ? { sort, chargeBoxId: at, id } : null;
  return at === null || at instanceof Date ? { sort, lastSeenAt: at, id } : null;
}

/** A LIKE pattern matching what starts with `text`, its wildcards taken literally (PostgreSQL's default escape \). */
export function prefixPattern(text: string): string {
  return `${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
