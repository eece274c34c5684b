import type { DashboardService } from '../../services/dashboard.js';
import { route, type RouteSpec } from '../route.js';

export function dashboardRoutes(dashboard: DashboardService): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/dashboard', tag: 'dashboard', role: 'viewer',
      summary: 'Stations online/offline, connectors by OCPP status, active sessions, energy today, and each '
        + 'connector live: its OCPP status, maintenance (only an open issue naming it or its whole station), '
        + 'and the session charging on it',
      responseDescription: 'energyTodayWh counts sessions stopped since local midnight in full and running ones so far',
      handle: () => dashboard.snapshot(),
    }),
  ];
}
