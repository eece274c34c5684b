// Drivers (issue 19): a driver is a customer who signed up for the app, or was invited by staff. The account
// is the customer record; it carries an email (unique without regard to case), a password hash and the app's
// id tag, the one RemoteStartTransaction uses for this driver.
import type { Principal } from './staff.js';

/** Who made a driver API request. */
export interface DriverPrincipal {
  customerId: number;
  name: string;
  /** The driver token's id: what sign-out revokes. */
  tokenId: number;
}

/** A driver account as the driver (and staff) see it: never its password hash nor its tokens' hashes. */
export interface DriverAccount {
  customerId: number;
  name: string;
  email: string;
  /** The id tag issued for the app (APP…), the one the app's remote starts use. */
  appIdTag: string;
  /** That tag's id (GET /api/id-tags), the one the driver's bookings hold. */
  appIdTagId: number;
  createdAt: Date;
}

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;
export const PASSWORD_RULE = `a password of ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`;

// What the app's id tags look like: APP and 12 hex digits, 15 of OCPP's 20 (CiString20).
export const APP_ID_TAG_PREFIX = 'APP';

/** Emails compare without regard to case (and surrounding spaces), as people type them. */
export const normalEmail = (email: string): string => email.trim().toLowerCase();

/** A driver's session as the app shows it: the figures so far and what it costs so far on its tariff. */
export interface DriverSessionFigures {
  durationS: number;
  /** The price so far (running) or the invoice's total (stopped), in minor units of currency. */
  costSoFarMinor: number;
  currency: string;
}

/** The command log's actor for what a driver's app sends (a remote start or stop): driver:<customerId>. */
export const driverActorName = (customerId: number): string => `driver:${customerId}`;

/** A driver acting through the paths staff use (remote start and stop, bookings), recorded as driver:<customerId>.
 *  The role only passes those paths' checks; nothing a driver sends carries force. */
export const driverActor = (driver: DriverPrincipal): Principal => ({ accountId: null, name: driverActorName(driver.customerId), role: 'operator' });
