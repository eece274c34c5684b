// The per-station rule of the OCPP 1.6 security whitepaper's security profiles, as a pure decision: the
// station's profile, what the transport proved (TLS, a client certificate) and the outcome of the password
// check go in; accept, or a refusal with its HTTP status and reason, comes out. auth.ts gathers the facts.
//
//   profile 1: HTTP Basic auth; plain ws or TLS (TLS is never weaker)
//   profile 2: HTTP Basic auth over TLS only
//   profile 3: TLS with a client certificate, trusted by our CA bundle, whose subject CN is the chargeBoxId.
//              The certificate is the credential: no Basic auth is required, and a password sent anyway is
//              not checked (the whitepaper's profile 3 authenticates the charger by its certificate alone).
//
// Status codes: 403 when the transport is wrong for the station's profile (no credential over that transport
// could succeed, so a 401 challenge would mislead); 401 when the credential (password or certificate) is
// missing or does not prove this chargeBoxId, as the whitepaper's 401 for failed charger authentication.
import type { SecurityProfile } from '../domain/stations.js';

export interface TransportFacts {
  /** The upgrade request came over TLS (wss). */
  tls: boolean;
  /** The client certificate the charger presented, or null when it presented none. */
  clientCert: { authorized: boolean; subjectCN: string | null } | null;
}

/** The password check's outcome (password-check.ts); 'not-set' when the station has no password (auto-registered);
 * 'matches-previous': the key a rotation replaced, valid until the charger's first connection with the new one. */
export type PasswordCheck = 'matches' | 'matches-previous' | 'wrong' | 'not-set' | 'not-checked';

export type SecurityVerdict = { accept: true } | { accept: false; status: 401 | 403; reason: string };

/** Profiles 1 and 2 authenticate the charger by HTTP Basic auth; profile 3 by its client certificate. */
export const usesBasicAuth = (profile: SecurityProfile): boolean => profile !== 3;

export function checkSecurityProfile(
  station: { chargeBoxId: string; securityProfile: SecurityProfile },
  transport: TransportFacts,
  password: PasswordCheck,
): SecurityVerdict {
  const profile = station.securityProfile;
  if (profile >= 2 && !transport.tls) return refuse(403, `Security profile ${profile} requires TLS (wss)`);
  if (profile === 3) return checkClientCert(station.chargeBoxId, transport.clientCert);
  // Fail closed: a password that was not checked never lets a Basic-auth station in.
  if (password === 'matches' || password === 'matches-previous' || password === 'not-set') return { accept: true };
  return refuse(401, 'Bad credentials');
}

function checkClientCert(chargeBoxId: string, cert: TransportFacts['clientCert']): SecurityVerdict {
  if (!cert) return refuse(401, 'Client certificate required (security profile 3)');
  if (!cert.authorized) return refuse(401, 'Client certificate not trusted');
  if (cert.subjectCN !== chargeBoxId) return refuse(401, 'Client certificate subject CN is not the chargeBoxId');
  return { accept: true };
}

const refuse = (status: 401 | 403, reason: string): SecurityVerdict => ({ accept: false, status, reason });
