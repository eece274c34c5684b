// The driver app's stations and connectors (issue 19): the query of GET /driver/stations (by chargeBoxId a page at a
// time, or the nearest to ?near=) and the answers, which never name a booking's holder, customer or id tag.
import { z } from 'zod';
import { CONNECTOR_STATUSES } from '../../domain/station-filters.js';
import type { Position } from '../../domain/driver-stations.js';
import { cursorParam, paging } from '../validation.js';
import { searchText } from './search-text.js';
import { SLOT_STATUSES } from './slots.js';

const int = z.number().int();
const instant = z.iso.datetime();

/** The key a page of the list ends on: chargeBoxId, then the id (domain/paging.ts). */
export const DRIVER_STATION_CURSOR = ['string', 'number'] as const;

export const RADIUS_KM_DEFAULT = 50;
export const RADIUS_KM_MAX = 500;

const NEAR_RULE = 'near must be latitude,longitude in WGS 84 degrees (latitude -90 to 90, longitude -180 to 180), e.g. 52.3702,4.8952';
const DECIMAL = /^[-+]?[0-9]{1,3}(\.[0-9]{1,15})?$/;

const near = z.string().max(100, NEAR_RULE).transform((text, ctx): Position => {
  const parts = text.split(',').map((p) => p.trim());
  const [lat, lng] = parts.map(Number);
  const valid = parts.length === 2 && parts.every((p) => DECIMAL.test(p)) && lat !== undefined && lng !== undefined
    && Math.abs(lat) <= 90 && Math.abs(lng) <= 180;
  if (!valid) {
    ctx.addIssue({ code: 'custom', message: NEAR_RULE });
    return z.NEVER;
  }
  return { latitude: lat, longitude: lng };
}).meta({ description: 'latitude,longitude (WGS 84 degrees): the nearest stations with a position, nearest first, each with distanceM' });

const RADIUS_RULE = `radiusKm must be a number of kilometres above 0 and at most ${RADIUS_KM_MAX}`;
const radiusKm = z.string().regex(/^[0-9]{1,3}(\.[0-9]{1,6})?$/, RADIUS_RULE).transform(Number)
  .refine((km) => km > 0 && km <= RADIUS_KM_MAX, RADIUS_RULE)
  .meta({ description: `With near: how far to look, km (default ${RADIUS_KM_DEFAULT}, at most ${RADIUS_KM_MAX})` });

export const DriverStationQuery = z.strictObject({
  q: searchText('The start of the chargeBoxId or of the name, without case').optional(),
  near: near.optional(),
  radiusKm: radiusKm.optional(),
  limit: paging.limit,
  cursor: cursorParam(DRIVER_STATION_CURSOR).optional(),
}).superRefine((query, ctx) => {
  if (query.near !== undefined && query.cursor !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['cursor'], message: 'cursor pages the list by chargeBoxId; a near answer is one page (the nearest limit stations), without a cursor' });
  }
  if (query.near === undefined && query.radiusKm !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['radiusKm'], message: 'radiusKm goes with near' });
  }
});

/** A slot code as the QR carries it (the chargeBoxId, a dash, the connector): any case. */
export const connectorCode = (name: string) => z.string({ error: `${name} must be a connector code (a string)` })
  .min(1, `${name} must be 1 to 64 characters`).max(64, `${name} must be 1 to 64 characters`);

const FreeWindow = z.strictObject({
  startsAt: instant.meta({ description: 'The first instant from now that no confirmed booking covers (now when none does)' }),
  endsAt: instant.nullable().meta({ description: 'The start of the next confirmed booking; null: nothing booked after startsAt' }),
  inUseNow: z.boolean().meta({
    description: 'A car is charging on it now: a session has no known end, so startsAt is counted as if it ended now and the car may still be there',
  }),
});

export const DriverConnectorResponse = z.strictObject({
  connectorId: int,
  status: z.enum(CONNECTOR_STATUSES).nullable().meta({ description: 'Its latest OCPP status (live); null before it reported' }),
  slotId: int,
  connectorCode: z.string().meta({ description: 'The code its QR carries: the chargeBoxId, a dash and the connector number' }),
  slotStatus: z.enum(SLOT_STATUSES).meta({ description: 'Now: available, booked (by anyone: never said whom), in_use, inactive (out of service)' }),
  nextFreeWindow: FreeWindow.nullable().meta({ description: 'When it is next free, up to the next booking; null while inactive' }),
});

const StationFields = {
  id: int,
  chargeBoxId: z.string(),
  name: z.string().nullable(),
  location: z.string().nullable(),
  online: z.boolean().meta({ description: 'Its charger is connected now' }),
};

export const DriverStationResponse = z.strictObject({
  ...StationFields,
  latitude: z.number().nullable().meta({ description: 'WGS 84 degrees; null when staff set no position' }),
  longitude: z.number().nullable(),
  distanceM: int.nullable().meta({ description: 'With near: metres from that point (great circle), rounded; null without near' }),
  connectors: z.array(DriverConnectorResponse).meta({ description: 'Its outlets, by connectorId' }),
});

export const DriverConnectorDetail = z.strictObject({
  ...DriverConnectorResponse.shape,
  station: z.strictObject(StationFields),
});
