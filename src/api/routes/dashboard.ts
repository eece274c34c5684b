import type { DashboardService } from '../../services/dashboard.js';
import { DashboardResponse } from '../schemas/dashboard.js';
import { route, type RouteSpec } from '../route.js';

export function dashboardRoutes(dashboard: DashboardService): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/dashboard', tag: 'dashboard', role: 'viewer',
      summary: 'A fleet at a glance: stations online/offline, connectors by OCPP status, sessions, slots and energy today as '
        + 'counts, and the first 20 of what needs attention (faulted connectors, offline stations, refused reservations, '
        + 'unpaid invoices, open maintenance issues) and of the running sessions, each with its total. Never every connector: '
        + 'the stations and sessions lists page through the rest',
      responseDescription: 'energyTodayWh counts sessions stopped since local midnight (the server\'s time zone) in full and '
        + 'running ones so far. connectors.byStatus counts only connectors of online stations, connectors.offline the others '
        + '(their status is the last reported). A station is online while a node holds its connection. authorizationStatus '
        + 'marks a tag that was not Accepted. slots.stationOffline counts slots of offline stations',
      response: DashboardResponse,
      handle: () => dashboard.snapshot(),
    }),
  ];
}
