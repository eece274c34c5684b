import type { ServiceDeps } from './deps.js';
import { makeStationService, type StationPolicy } from './stations.js';
import { makeConnectorService } from './connectors.js';
import { makeIdTagService } from './id-tags.js';
import { makeSessionService } from './sessions.js';
import { makeStaffService } from './staff.js';
import { makeSignInLinkService } from './sign-in-links.js';
import { makeCustomerService } from './customers.js';
import { makeIssueService } from './maintenance-issues.js';
import { makeCommandService, noChargerLink, type CommandDeps } from './commands.js';
import { makeDashboardService } from './dashboard.js';
import { makeBookingService } from './bookings.js';
import { makeSlotService } from './slots.js';
import { makeTariffService } from './tariffs.js';
import { makeInvoiceService } from './invoices.js';
import { makeExportService } from './exports.js';
import { makeProtocolViolationService } from './protocol-violations.js';

export interface ServicePolicy extends StationPolicy {
  adminToken: string | null;
  /** A booking nobody came for expires this long after its start. */
  noShowGraceMs: number;
}

export function createServices(d: ServiceDeps, policy: ServicePolicy, outbound: CommandDeps = noChargerLink) {
  const issues = makeIssueService(d);
  const commands = makeCommandService(d, outbound);
  const staff = makeStaffService(d, policy);
  return {
    stations: makeStationService(d, policy, outbound.commands),
    commands,
    bookings: makeBookingService(d, { commands, noShowGraceMs: policy.noShowGraceMs, callTimeoutMs: outbound.callTimeoutMs }),
    slots: makeSlotService(d, (id) => outbound.commands.isOnline(id)),
    connectors: makeConnectorService(d),
    idTags: makeIdTagService(d),
    sessions: makeSessionService(d),
    staff,
    signInLinks: makeSignInLinkService(d),
    customers: makeCustomerService(d),
    issues,
    tariffs: makeTariffService(d),
    invoices: makeInvoiceService(d),
    exports: makeExportService(d),
    protocolViolations: makeProtocolViolationService(d),
    dashboard: makeDashboardService(d, { isOnline: (id) => outbound.commands.isOnline(id), openIssues: () => issues.listOpen() }),
  };
}
export type Services = ReturnType<typeof createServices>;
