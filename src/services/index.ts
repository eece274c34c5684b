import type { ServiceDeps } from './deps.js';
import { makeStationService, type StationPolicy, type StationService } from './stations.js';
import { makeSiteService, type SiteService } from './sites.js';
import { makeChargerService, type ChargerService } from './chargers.js';
import { makeConnectorService, type ConnectorService } from './connectors.js';
import { makeIdTagService, type IdTagService } from './id-tags.js';
import { makeSessionService, type SessionService } from './sessions.js';
import { makeStaffService, type StaffService } from './staff.js';
import { makeSignInLinkService, type SignInLinkService } from './sign-in-links.js';
import { makeCustomerService, type CustomerService } from './customers.js';
import { makeIssueService, type IssueService } from './maintenance-issues.js';
import { makeCommandService, noChargerLink, type CommandDeps, type CommandService } from './commands.js';
import { makeDashboardService, type DashboardService } from './dashboard.js';
import { makeSessionClosingService, type SessionClosingService } from './session-closing.js';
import { makeStatsService, type StatsService } from './stats.js';
import { makeBookingService, type BookingService } from './bookings.js';
import { makeSlotService, type SlotService } from './slots.js';
import { makeTariffService, type TariffService } from './tariffs.js';
import { makeInvoiceService, type InvoiceService } from './invoices.js';
import { makeExportService, type ExportService } from './exports.js';
import { makeProtocolViolationService, type ProtocolViolationService } from './protocol-violations.js';
import { makeCommandRecorder } from './command-recorder.js';
import { makeAuthorizationKeyService, type AuthorizationKeyService } from './authorization-keys.js';
import { makeSecurityProfileUpgrade } from './security-profile-upgrade.js';
import { makeCertificateSigningService, type CertificateSigningService } from './certificate-signing.js';
import type { ChargePointCa } from './certificate-issuer.js';
import { makeSecurityEventService, type SecurityEventService } from './security-events.js';
import { makeSecurityStatusService, type SecurityStatusService } from './security-statuses.js';
import { makeChargingProfileService, type ChargingProfileService } from './charging-profiles.js';
import { makeChargingProfileLedger } from './charging-profile-ledger.js';
import { makeLoadBalancer, type LoadBalancer } from './load-balancer.js';
import { makeDriverAccountService, type DriverAccountService, type DriverPolicy } from './driver-accounts.js';
import { makeDriverPaymentService, type DriverPaymentService } from './driver-payments.js';
import { makeDriverChargingService, type DriverChargingService } from './driver-charging.js';
import { makeDriverSessionService, type DriverSessionService } from './driver-sessions.js';
import { makeDriverBookingService, type DriverBookingService } from './driver-bookings.js';
import { DEFAULT_INVITATION_TTL_S, makeDriverInvitationService, type DriverInvitationService } from './driver-invitations.js';
import { makeDriverStationService, type DriverStationService } from './driver-stations.js';
import type { PaymentProvider } from '../domain/card-payments.js';

export interface ServicePolicy extends StationPolicy {
  adminToken: string | null;
  /** A booking nobody came for expires this long after its start. */
  noShowGraceMs: number;
  /** TLS_CA_FILE is configured: client certificates can be checked, so security profile 3 is possible. */
  clientCertificates?: boolean;
  /** The CA that signs chargers' certificates (SignCertificate); none: every SignCertificate is Rejected. */
  chargePointCa?: ChargePointCa | null;
  /** LOAD_BALANCE_INTERVAL_S (30 when absent). */
  loadBalanceIntervalS?: number;
  /** DRIVER_SIGNUP, DRIVER_TOKEN_TTL_S, DRIVER_INVITATION_TTL_S (sign-up open, 30 days, 7 days when absent). */
  drivers?: DriverPolicy;
  /** PUBLIC_URL: the origin of the links handed out (app invitations); null or absent: the request's own. */
  publicUrl?: string | null;
  /** PAYMENT_PROVIDER, wired by app.ts (src/payments/); absent: drivers' card payments are refused as unavailable. */
  paymentProvider?: PaymentProvider;
}

/** Every use case of the central system, each by its interface; the edges take the few they use. */
export interface Services {
  stations: StationService;
  sites: SiteService;
  chargers: ChargerService;
  commands: CommandService;
  authorizationKeys: AuthorizationKeyService;
  bookings: BookingService;
  slots: SlotService;
  connectors: ConnectorService;
  idTags: IdTagService;
  sessions: SessionService;
  staff: StaffService;
  signInLinks: SignInLinkService;
  customers: CustomerService;
  issues: IssueService;
  drivers: DriverAccountService;
  driverPayments: DriverPaymentService;
  driverCharging: DriverChargingService;
  driverSessions: DriverSessionService;
  driverBookings: DriverBookingService;
  driverInvitations: DriverInvitationService;
  driverStations: DriverStationService;
  tariffs: TariffService;
  invoices: InvoiceService;
  exports: ExportService;
  protocolViolations: ProtocolViolationService;
  dashboard: DashboardService;
  sessionClosing: SessionClosingService;
  stats: StatsService;
  certificates: CertificateSigningService;
  securityEvents: SecurityEventService;
  securityStatuses: SecurityStatusService;
  chargingProfiles: ChargingProfileService;
  loadBalancer: LoadBalancer;
}

/** Without a provider, no card is charged: every driver payment is refused as unavailable. */
const noPaymentProvider: PaymentProvider = {
  name: 'none',
  charge: () => Promise.resolve({ outcome: 'unavailable', reason: 'no payment provider is configured (PAYMENT_PROVIDER)' }),
};

export function createServices(d: ServiceDeps, policy: ServicePolicy, outbound: CommandDeps = noChargerLink): Services {
  const issues = makeIssueService(d);
  const recorder = makeCommandRecorder(d, outbound);
  const authorizationKeys = makeAuthorizationKeyService(d, { recorder, commands: outbound.commands });
  const profiles = makeSecurityProfileUpgrade(d, { recorder, clientCertificates: policy.clientCertificates === true });
  const ledger = makeChargingProfileLedger(d);
  const commands = makeCommandService(d, outbound, recorder, {
    change: (principal, station, key, value) => key === 'AuthorizationKey'
      ? authorizationKeys.changeByCommand(principal, station, value) : profiles.raise(principal, station, value),
  }, ledger);
  const staff = makeStaffService(d, policy);
  const invoices = makeInvoiceService(d);
  const slots = makeSlotService(d, (id) => outbound.commands.isOnline(id));
  const sessions = makeSessionService(d);
  const bookings = makeBookingService(d, { commands, noShowGraceMs: policy.noShowGraceMs, callTimeoutMs: outbound.callTimeoutMs });
  const driverPolicy = policy.drivers ?? { signupOpen: true, tokenTtlS: 30 * 86_400 };
  const drivers = makeDriverAccountService(d, driverPolicy);
  const chargingProfiles = makeChargingProfileService(d, { recorder, commands: outbound.commands, ledger });
  const driverStations = makeDriverStationService(d);
  return {
    stations: makeStationService(d, policy, outbound.commands),
    sites: makeSiteService(d),
    chargers: makeChargerService(d, policy, outbound.commands),
    commands,
    authorizationKeys,
    bookings,
    slots,
    connectors: makeConnectorService(d),
    idTags: makeIdTagService(d),
    sessions,
    staff,
    signInLinks: makeSignInLinkService(d),
    customers: makeCustomerService(d),
    issues,
    drivers,
    driverPayments: makeDriverPaymentService({ invoices, provider: policy.paymentProvider ?? noPaymentProvider, log: d.log }),
    driverCharging: makeDriverChargingService({ slots, commands, drivers, stations: driverStations }),
    driverSessions: makeDriverSessionService(d, sessions),
    driverBookings: makeDriverBookingService({ bookings, drivers }),
    driverInvitations: makeDriverInvitationService(d, {
      tokenTtlS: driverPolicy.tokenTtlS, invitationTtlS: driverPolicy.invitationTtlS ?? DEFAULT_INVITATION_TTL_S, publicUrl: policy.publicUrl ?? null,
    }),
    driverStations,
    tariffs: makeTariffService(d),
    invoices,
    exports: makeExportService(d),
    protocolViolations: makeProtocolViolationService(d),
    dashboard: makeDashboardService(d),
    sessionClosing: makeSessionClosingService(d),
    stats: makeStatsService(d),
    certificates: makeCertificateSigningService(d, { ca: policy.chargePointCa ?? null, recorder, commands: outbound.commands }),
    securityEvents: makeSecurityEventService(d),
    securityStatuses: makeSecurityStatusService(d),
    chargingProfiles,
    loadBalancer: makeLoadBalancer(d, { profiles: chargingProfiles, intervalS: policy.loadBalanceIntervalS ?? 30 }),
  };
}
