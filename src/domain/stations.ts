// chargeBoxIdentity is a CiString48 in OCPP 1.6 and the last segment of the charger's URL: printable ASCII
// without '/' or spaces. The handshake and station registration both use this one rule, or a station could
// be registered that can never connect.
export const CHARGE_BOX_ID_PATTERN = /^[\x21-\x2e\x30-\x7e]{1,48}$/;

/** OCPP 1.6 security whitepaper profiles: 1 Basic auth over ws, 2 Basic auth over TLS, 3 TLS client certificate. */
export const SECURITY_PROFILES = [1, 2, 3] as const;
export type SecurityProfile = (typeof SECURITY_PROFILES)[number];

/**
 * Schema checks an operator may relax for one charger that breaks the OCPP 1.6 schemas (ocpp/leniency.ts):
 * an extra property, a timestamp that is not RFC 3339, a number sent as a numeric string.
 */
export const RELAXATIONS = ['extraProperty', 'malformedTimestamp', 'numericString'] as const;
export type Relaxation = (typeof RELAXATIONS)[number];

/**
 * What happens to a chargeBoxId we do not know when it connects (OCPP_AUTO_REGISTER): refused at the handshake
 * (off), registered Pending for staff to accept or reject (pending), or registered Accepted (accepted).
 */
export const AUTO_REGISTRATIONS = ['off', 'pending', 'accepted'] as const;
export type AutoRegistration = (typeof AUTO_REGISTRATIONS)[number];

export const isValidChargeBoxId = (id: string): boolean => CHARGE_BOX_ID_PATTERN.test(id);

/** A station by its names only, as lists and tiles show it. */
export interface StationBrief {
  id: number;
  chargeBoxId: string;
  name: string | null;
}
