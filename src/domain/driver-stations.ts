// What the driver app shows of the stations (issue 19): each connector's slot status and when it is next free,
// and the stations near a point. Nothing here names a booking's holder: a driver sees when, never who.
import type { ConnectorStatus } from './model.js';
import { slotStatus, type SlotFacts, type SlotStatus } from './slots.js';

/**
 * When the slot is next free: from the first instant from now that no confirmed or active booking covers, up to the
 * next such booking's start (null: nothing booked after it). A running session has no known end, so while the
 * slot is in use the window is counted as if it ended now and inUseNow says so: the car may still be there at
 * startsAt.
 */
export interface FreeWindow {
  startsAt: Date;
  endsAt: Date | null;
  inUseNow: boolean;
}

/** A connector as a driver sees it: live status, slot status, next free window; never a holder or a tag. */
export interface DriverConnector {
  connectorId: number;
  /** Its latest OCPP status; null before it reported (or while its station is deactivated). */
  status: ConnectorStatus | null;
  slotId: number;
  /** The slot's code, the one its QR carries ('<chargeBoxId>-<connectorId>'). */
  connectorCode: string;
  slotStatus: SlotStatus;
  /** null when the slot is inactive (out of service: no window can be promised). */
  nextFreeWindow: FreeWindow | null;
}

/** The facts of a driver's connector, as the store reads them in one statement. */
export interface DriverSlotFacts extends SlotFacts {
  slotId: number;
  stationId: number;
  connectorId: number;
  code: string;
  /** Its station is active and Accepted: a driver may use it. */
  stationInService: boolean;
  /** The first instant from now no holding booking covers, and the start of the holding booking after it. */
  freeFrom: Date;
  freeUntil: Date | null;
}

export function driverConnector(f: DriverSlotFacts): DriverConnector {
  // A deactivated or not (yet) Accepted station cannot charge anyone: out of service for drivers.
  const status: SlotStatus = f.stationInService ? slotStatus(f) : 'inactive';
  return {
    connectorId: f.connectorId,
    status: f.connectorStatus,
    slotId: f.slotId,
    connectorCode: f.code,
    slotStatus: status,
    nextFreeWindow: status === 'inactive' ? null : { startsAt: f.freeFrom, endsAt: f.freeUntil, inUseNow: status === 'in_use' },
  };
}

/** The mean Earth radius (IUGG), metres: the sphere the distances are measured on. */
export const EARTH_RADIUS_M = 6_371_008.8;

export interface Position { latitude: number; longitude: number }

/** Degrees of latitude and longitude that hold every point within the radius: the index range of stations near. */
export interface BoundingBox { minLatitude: number; maxLatitude: number; minLongitude: number; maxLongitude: number }

const degrees = (rad: number): number => (rad * 180) / Math.PI;

/**
 * The smallest latitude/longitude box around `center` that holds the circle of `radiusM` on the sphere
 * (J. P. Matuschek, "Finding Points Within a Distance of a Latitude/Longitude Using Bounding Coordinates": the
 * longitude half-width is asin(sin(r) / cos(lat))). Over a pole or across the antimeridian it takes every
 * longitude: a wider box, never a missed station; the distance itself is then measured exactly.
 */
export function boundingBox(center: Position, radiusM: number): BoundingBox {
  const angular = radiusM / EARTH_RADIUS_M;
  const minLatitude = center.latitude - degrees(angular);
  const maxLatitude = center.latitude + degrees(angular);
  const all = { minLatitude: Math.max(minLatitude, -90), maxLatitude: Math.min(maxLatitude, 90), minLongitude: -180, maxLongitude: 180 };
  if (minLatitude <= -90 || maxLatitude >= 90) return all;
  const ratio = Math.sin(angular) / Math.cos((center.latitude * Math.PI) / 180);
  if (ratio >= 1) return all;
  const halfWidth = degrees(Math.asin(ratio));
  const minLongitude = center.longitude - halfWidth;
  const maxLongitude = center.longitude + halfWidth;
  if (minLongitude < -180 || maxLongitude > 180) return all;
  return { minLatitude, maxLatitude, minLongitude, maxLongitude };
}
