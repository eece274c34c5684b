// The ChargePoint's options and their defaults.
import type { OutboundAction } from '../src/ocpp/wire/index.js';

export interface ChargePointOptions {
  url: string; // base endpoint, e.g. 'ws://127.0.0.1:8080/ocpp'; the identity is appended as the last segment
  /** Beyond the contract: more central-system addresses to fail over to. A reconnect that fails moves on to the
   * next address (round robin from `url`), as a charger with a backup address does when its node is gone. */
  backupUrls?: string[];
  identity: string; // chargeBoxId
  password?: string; // HTTP Basic auth (security profiles 1 and 2), user = identity
  /** For a wss:// url: the CA to trust, and a client certificate + key (security profile 3). PEM contents. */
  tls?: TlsOptions;
  connectors?: number;
  vendor?: string;
  model?: string;
  serialNumber?: string;
  firmwareVersion?: string;
  meterIntervalMs?: number; // MeterValues period during a session; MeterValueSampleInterval (s) changes it
  powerW?: number; // the charger's power; a charging profile or a nearly full battery may lower it
  /** The same car for every session; by default each session draws a realistic one (session-physics.ts). */
  batteryWh?: number;
  startSocPercent?: number;
  callTimeoutMs?: number;
  reconnect?: boolean; // reconnect by itself, with backoff, when the connection drops
  log?: (line: string) => void;
  /** Beyond the contract: false makes a Hard Reset drop the socket before its Reset.conf leaves. */
  answerHardReset?: boolean;
  /** Beyond the contract: the energy register of every connector at start, in Wh. */
  registerStartWh?: number;
  /** The StopTransactionOnInvalidId key at start (default true): stop at once when the tag is refused. */
  stopTransactionOnInvalidId?: boolean;
  /** Beyond the contract: false answers every ReserveNow Rejected, a charger that takes no reservations (OCPP 1.6 §7.38). */
  takesReservations?: boolean;
  /** Beyond the contract: false answers ChangeConfiguration AuthorizationKey Rejected (a charger that refuses a new key). */
  acceptsAuthorizationKey?: boolean;
  /** Beyond the contract: false answers every SetChargingProfile Rejected (a charger without smart charging). */
  acceptsChargingProfiles?: boolean;
  /** Phase voltage (default 230) and phases drawn on (default 3): a limit in A becomes W = A × voltageV × phases
   * (fewer when the profile's numberPhases says so), as on a site of that voltage and phases. */
  voltageV?: number;
  phases?: 1 | 3;
  /** The security profile it starts at (1 unless given); ChangeConfiguration SecurityProfile raises it. */
  securityProfile?: 1 | 2 | 3;
  /** The wss:// endpoint it moves to when raised to profile 2 or 3 (with `tls.ca`, and a client certificate for 3). */
  secureUrl?: string;
  /** Beyond the contract: awaited before a command from the central system is handled and answered, so a test
   * can hold the answer (a slow charger) until it resolves. */
  beforeAnswer?: (action: OutboundAction) => Promise<void> | void;
}

export interface TlsOptions { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer }

export type ResolvedOptions = Required<Omit<ChargePointOptions, 'password' | 'tls' | 'batteryWh' | 'startSocPercent' | 'secureUrl'>>
  & { password?: string; tls?: TlsOptions; batteryWh?: number; startSocPercent?: number; secureUrl?: string };

export function resolveOptions(o: ChargePointOptions): ResolvedOptions {
  // Drop explicit undefineds so they do not overwrite the defaults below.
  const given = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<ChargePointOptions>;
  const resolved: ResolvedOptions = {
    connectors: 2,
    vendor: 'ChargeSync',
    model: 'SimCharger',
    serialNumber: `SN-${o.identity}`,
    firmwareVersion: '1.0.0',
    meterIntervalMs: 10_000,
    powerW: 11_000,
    callTimeoutMs: 30_000,
    reconnect: false,
    log: () => {},
    answerHardReset: true,
    registerStartWh: 0,
    stopTransactionOnInvalidId: true,
    takesReservations: true,
    acceptsAuthorizationKey: true,
    acceptsChargingProfiles: true,
    voltageV: 230,
    phases: 3,
    securityProfile: 1,
    beforeAnswer: () => undefined,
    backupUrls: [],
    ...given,
    url: o.url,
    identity: o.identity,
  };
  if (!Number.isInteger(resolved.connectors) || resolved.connectors < 1) {
    throw new Error(`connectors must be a positive integer, got ${resolved.connectors}`);
  }
  if ((resolved.batteryWh ?? 1) <= 0 || resolved.powerW < 0 || resolved.meterIntervalMs < 0) {
    throw new Error('batteryWh must be positive, powerW and meterIntervalMs not negative');
  }
  if (!(resolved.voltageV > 0) || (resolved.phases !== 1 && resolved.phases !== 3)) {
    throw new Error(`voltageV must be positive and phases 1 or 3, got ${resolved.voltageV} V, ${String(resolved.phases)} phases`);
  }
  return resolved;
}
