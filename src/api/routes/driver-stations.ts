// The stations and connectors a driver chooses from (issue 19): live availability, and the connector a scanned QR
// code names. Only when a slot is booked, never by whom.
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { driverRoute, type RouteSpec } from '../route.js';
import { DEFAULT_PAGE_LIMIT } from '../../domain/paging.js';
import {
  DriverConnectorDetail, DriverStationQuery, DriverStationResponse, RADIUS_KM_DEFAULT, connectorCode,
} from '../schemas/driver-stations.js';

const CodeParam = z.object({ code: connectorCode('code') });

export function driverStationRoutes(s: Pick<Services, 'driverStations'>): RouteSpec[] {
  return [
    driverRoute({
      method: 'get', path: '/driver/stations', tag: 'driver', paged: true,
      summary: 'Stations in service (active, Accepted) with online and, per connector, its live status, slot status and next free '
        + 'window. By chargeBoxId a page at a time (limit, cursor); q: the start of the chargeBoxId or name. With near=lat,lng: '
        + `the nearest limit stations with a position within radiusKm (default ${RADIUS_KM_DEFAULT}), nearest first, each with `
        + 'distanceM, in one page (no cursor)',
      query: DriverStationQuery, response: DriverStationResponse,
      handle: ({ query }) => {
        const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
        if (query.near === undefined) return s.driverStations.list({ q: query.q, cursor: query.cursor, limit });
        return s.driverStations.near({ center: query.near, radiusM: (query.radiusKm ?? RADIUS_KM_DEFAULT) * 1000, q: query.q, limit });
      },
    }),
    driverRoute({
      method: 'get', path: '/driver/connectors/:code', tag: 'driver',
      summary: 'The connector a scanned QR code names (its slot code, any case): as in the stations list, with its station. '
        + '404 naming code when no connector has it',
      params: CodeParam, response: DriverConnectorDetail,
      handle: ({ params }) => s.driverStations.connector(params.code),
    }),
  ];
}
