// Smart charging (OCPP 1.6 section 3.13): the installed charging profiles, the power limit they impose on a
// connector at a given moment, and the composite schedule a GetCompositeSchedule asks for. How connectors share a
// ChargePointMaxProfile is in profile-sharing.ts.
import type { ChargingProfile, ChargingSchedule, ChargingSchedulePeriod, Outbound } from '../src/ocpp/wire/index.js';

type Purpose = ChargingProfile['chargingProfilePurpose'];
type RateUnit = ChargingSchedule['chargingRateUnit'];

// Section 7.13: a period's numberPhases defaults to 3.
const DEFAULT_PHASES = 3;
const RECURRENCE_MS = { Daily: 86_400_000, Weekly: 604_800_000 } as const;

/** How a limit in amperes per phase becomes watts on this charger: its phase voltage, and the phases it (and the
 * car) can draw on; a period allowing fewer phases (numberPhases) draws on fewer. */
export interface Electrical {
  voltageV: number;
  phases: 1 | 3;
}

/** A SetChargingProfile as the charger received it: when it applied, where, and what it answered. */
export interface ReceivedProfile {
  atMs: number;
  connectorId: number;
  profile: ChargingProfile;
  status: 'Accepted' | 'Rejected';
}

export interface ProfileSettings extends Electrical {
  maxStackLevel: number;
  /** false: a charger that refuses every SetChargingProfile (Rejected), as one without smart charging does. */
  accepts: boolean;
  /** Told of each SetChargingProfile as it applies, in order. */
  onReceived?: (r: ReceivedProfile) => void;
  /** Called before the profiles change (a set, a clear): a limit changes from now on, so the sessions' meters
   * first catch up under the limit in force until now, rather than count the time since their last sample at the new one. */
  beforeChange?: () => void;
}

interface Installed {
  connectorId: number;
  profile: ChargingProfile;
}

/** Where a limit applies: a connector (0 = the whole charger) and the session running on it, if any. */
export interface ProfileScope {
  connectorId: number;
  sessionStartMs: number | null;
  transactionId: number | null;
}

export class ChargingProfiles {
  private installed: Installed[] = [];
  private readonly log: ReceivedProfile[] = [];

  constructor(private readonly s: ProfileSettings) {}

  /** Every SetChargingProfile received, in order (RemoteStartTransaction's profile too). */
  get received(): readonly ReceivedProfile[] {
    return this.log;
  }

  set(connectorId: number, profile: ChargingProfile, session: { transactionId: number | null } | null)
    : 'Accepted' | 'Rejected' {
    this.s.beforeChange?.();
    const status = this.install(connectorId, profile, session);
    const received = { atMs: Date.now(), connectorId, profile, status };
    this.log.push(received);
    this.s.onReceived?.(received);
    return status;
  }

  private install(connectorId: number, profile: ChargingProfile, session: { transactionId: number | null } | null)
    : 'Accepted' | 'Rejected' {
    if (!this.s.accepts) return 'Rejected';
    if (profile.stackLevel < 0 || profile.stackLevel > this.s.maxStackLevel) return 'Rejected';
    if (profile.chargingProfilePurpose === 'ChargePointMaxProfile' && connectorId !== 0) return 'Rejected';
    if (profile.chargingProfilePurpose === 'TxProfile') {
      // A TxProfile without a running transaction is rejected (section 5.16.2).
      if (connectorId === 0 || !session) return 'Rejected';
      if (profile.transactionId !== undefined && profile.transactionId !== session.transactionId) return 'Rejected';
    }
    // The same id, or the same stack level and purpose on the same connector, replaces a profile (section 5.16).
    this.installed = this.installed.filter((i) => i.profile.chargingProfileId !== profile.chargingProfileId
      && !(i.connectorId === connectorId && i.profile.stackLevel === profile.stackLevel
        && i.profile.chargingProfilePurpose === profile.chargingProfilePurpose));
    this.installed.push({ connectorId, profile });
    return 'Accepted';
  }

  clear(req: Outbound['ClearChargingProfile']['req']): 'Accepted' | 'Unknown' {
    this.s.beforeChange?.();
    // With an id, the other criteria are ignored (section 5.5).
    const matches = (i: Installed): boolean => (req.id !== undefined
      ? i.profile.chargingProfileId === req.id
      : (req.connectorId === undefined || i.connectorId === req.connectorId)
        && (req.chargingProfilePurpose === undefined || i.profile.chargingProfilePurpose === req.chargingProfilePurpose)
        && (req.stackLevel === undefined || i.profile.stackLevel === req.stackLevel));
    const before = this.installed.length;
    this.installed = this.installed.filter((i) => !matches(i));
    return this.installed.length < before ? 'Accepted' : 'Unknown';
  }

  /** A TxProfile lives as long as its transaction. */
  endTransaction(connectorId: number): void {
    this.installed = this.installed.filter(
      (i) => !(i.connectorId === connectorId && i.profile.chargingProfilePurpose === 'TxProfile'));
  }

  /** The lowest limit in force, in W, or null when no profile limits this scope now. */
  limitW(scope: ProfileScope, nowMs: number): number | null {
    const limits = [this.stationMaxW(scope, nowMs), this.connectorLimitW(scope, nowMs)].filter((l): l is number => l !== null);
    return limits.length > 0 ? Math.min(...limits) : null;
  }

  /** The ChargePointMaxProfile in force: the whole charger's limit (section 3.13.1), shared by its connectors. */
  stationMaxW(scope: ProfileScope, nowMs: number): number | null {
    return this.highestActive(0, 'ChargePointMaxProfile', scope, nowMs);
  }

  /**
   * The connector's own limit (section 3.13.1): a TxProfile while its transaction runs overrules the
   * TxDefaultProfile; the connector's own TxDefaultProfile overrules connector 0's, which applies to every
   * connector without one. Within a purpose the highest stack level in force wins (section 3.13.2).
   */
  connectorLimitW(scope: ProfileScope, nowMs: number): number | null {
    if (scope.connectorId === 0) return null;
    return (scope.sessionStartMs !== null ? this.highestActive(scope.connectorId, 'TxProfile', scope, nowMs) : null)
      ?? this.highestActive(scope.connectorId, 'TxDefaultProfile', scope, nowMs)
      ?? this.highestActive(0, 'TxDefaultProfile', scope, nowMs);
  }

  compositeSchedule(scope: ProfileScope, durationS: number, unit: RateUnit, nowMs: number, maxPowerW: number)
    : ChargingSchedule {
    const boundariesMs = new Set<number>([0]);
    for (const i of this.installed) {
      for (const offsetMs of periodStartsMs(i.profile, scope, nowMs)) {
        if (offsetMs > 0 && offsetMs < durationS * 1000) boundariesMs.add(offsetMs);
      }
    }
    const periods: ChargingSchedulePeriod[] = [];
    for (const offsetMs of [...boundariesMs].sort((a, b) => a - b)) {
      const limitW = Math.min(maxPowerW, this.limitW(scope, nowMs + offsetMs) ?? Infinity);
      const limit = roundToTenth(unit === 'W' ? limitW : limitW / (this.s.voltageV * this.s.phases));
      if (periods.at(-1)?.limit !== limit) periods.push({ startPeriod: Math.floor(offsetMs / 1000), limit });
    }
    return {
      duration: durationS, startSchedule: new Date(nowMs).toISOString(), chargingRateUnit: unit,
      chargingSchedulePeriod: periods,
    };
  }

  private highestActive(connectorId: number, purpose: Purpose, scope: ProfileScope, nowMs: number): number | null {
    const candidates = this.installed
      .filter((i) => i.connectorId === connectorId && i.profile.chargingProfilePurpose === purpose)
      .sort((a, b) => b.profile.stackLevel - a.profile.stackLevel);
    for (const { profile } of candidates) {
      const limit = activeLimitW(profile, scope, nowMs, this.s);
      if (limit !== null) return limit;
    }
    return null;
  }
}

function scheduleStartMs(p: ChargingProfile, scope: ProfileScope, nowMs: number): number | null {
  const explicit = p.chargingSchedule.startSchedule ? Date.parse(p.chargingSchedule.startSchedule) : null;
  switch (p.chargingProfileKind) {
    case 'Absolute':
      return explicit ?? scope.sessionStartMs ?? nowMs;
    case 'Relative':
      return scope.sessionStartMs ?? nowMs;
    case 'Recurring': {
      if (explicit === null) return null;
      const periodMs = RECURRENCE_MS[p.recurrencyKind ?? 'Daily'];
      return nowMs < explicit ? explicit : explicit + Math.floor((nowMs - explicit) / periodMs) * periodMs;
    }
  }
}

function activeLimitW(p: ChargingProfile, scope: ProfileScope, nowMs: number, e: Electrical): number | null {
  if (p.validFrom && Date.parse(p.validFrom) > nowMs) return null;
  if (p.validTo && Date.parse(p.validTo) <= nowMs) return null;
  const startMs = scheduleStartMs(p, scope, nowMs);
  if (startMs === null || startMs > nowMs) return null;
  const offsetS = (nowMs - startMs) / 1000;
  const s = p.chargingSchedule;
  if (s.duration !== undefined && offsetS >= s.duration) return null;
  const period = s.chargingSchedulePeriod.filter((x) => x.startPeriod <= offsetS).at(-1);
  if (!period) return null;
  if (s.chargingRateUnit === 'W') return period.limit;
  return period.limit * e.voltageV * Math.min(e.phases, period.numberPhases ?? DEFAULT_PHASES);
}

function periodStartsMs(p: ChargingProfile, scope: ProfileScope, nowMs: number): number[] {
  const startMs = scheduleStartMs(p, scope, nowMs);
  if (startMs === null) return [];
  const offsets = p.chargingSchedule.chargingSchedulePeriod.map((x) => startMs + x.startPeriod * 1000 - nowMs);
  if (p.chargingSchedule.duration !== undefined) offsets.push(startMs + p.chargingSchedule.duration * 1000 - nowMs);
  if (p.validFrom) offsets.push(Date.parse(p.validFrom) - nowMs);
  if (p.validTo) offsets.push(Date.parse(p.validTo) - nowMs);
  return offsets;
}

function roundToTenth(x: number): number {
  return Math.round(x * 10) / 10;
}
