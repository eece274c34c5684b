import type { DashboardService } from '../../services/dashboard.js';
import { route, type RouteSpec } from '../route.js';

export function dashboardRoutes(dashboard: DashboardService): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/dashboard', tag: 'dashboard', role: 'viewer',
      summary: 'Stations online/offline, connectors by OCPP status, active sessions, energy today, and each '
        + 'connector live: its OCPP status, maintenance (only an open issue naming it or its whole station), '
        + 'and the session charging on it',
      responseDescription: 'energyTodayWh counts sessions stopped since local midnight in full and running ones so far. '
        + 'Each connector carries its station\'s online; connectors.byStatus counts only connectors of online stations, '
        + 'connectors.offline the others (their status is the last reported). activeSession.authorizationStatus and '
        + 'awaitingPayment[].authorizationStatus mark a tag that was not Accepted. slots.stationOffline counts slots of offline stations',
      handle: () => dashboard.snapshot(),
    }),
  ];
}
