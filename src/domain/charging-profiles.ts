// Charging profiles as the central system keeps track of them (OCPP 1.6 §3.13, §5.5, §5.16): the ids and stack
// levels of the limits load management sends, which installed profiles a new one replaces on the charger, and
// which ones a ClearChargingProfile removes. Pure: the store loads a station's rows, these rules pick.

export type ProfilePurpose = 'ChargePointMaxProfile' | 'TxDefaultProfile' | 'TxProfile';
export const PROFILE_PURPOSES = ['ChargePointMaxProfile', 'TxDefaultProfile', 'TxProfile'] as const satisfies readonly ProfilePurpose[];

/** What a profile is known by on a charger: enough to tell what it replaces and what a clear matches. */
export interface ProfileKey {
  connectorId: number;
  chargingProfileId: number;
  stackLevel: number;
  purpose: ProfilePurpose;
}

/** The purposes load management sends: a session's limit, or the charger's fail-safe default. */
export type LimitPurpose = 'TxProfile' | 'TxDefaultProfile';

/**
 * Load management's profile ids: one per (purpose, connector), so each new limit REPLACES the previous one on the
 * charger by its id (§3.13.2), whoever of the load balancer or the fail-safe sent it. A band far above the small
 * ids staff type by hand (1, 7, 100): 1,700,000,000 + connector for a TxProfile, + 1,000 + connector for a
 * TxDefaultProfile (the fail-safe is 1,700,001,000, connector 0). Still an int32, as chargers store it.
 */
export const LOAD_PROFILE_ID_BASE = 1_700_000_000;
const TX_DEFAULT_OFFSET = 1_000;

export function loadProfileId(purpose: LimitPurpose, connectorId: number): number {
  return LOAD_PROFILE_ID_BASE + (purpose === 'TxDefaultProfile' ? TX_DEFAULT_OFFSET : 0) + connectorId;
}

/**
 * Load management's stack level, for both purposes. Within a purpose the highest stack level in force wins
 * (§3.13.2), so a staff profile at the 0 or 1 people commonly send does not override the site's limit; 5 stays
 * within the ChargeProfileMaxStackLevel chargers report (a charger whose maximum is lower answers Rejected, and is
 * then counted at its full rating: the safe side).
 */
export const LOAD_STACK_LEVEL = 5;

/**
 * The installed profiles a newly accepted one replaces: the same chargingProfileId anywhere on the charger, or the
 * same stackLevel and purpose on the same connector (§3.13.2; chargers keep that pair per connector, or a
 * TxProfile for connector 2 would wipe connector 1's).
 */
export function replacedBy<P extends ProfileKey>(installed: readonly P[], added: ProfileKey): P[] {
  return installed.filter((p) => p.chargingProfileId === added.chargingProfileId
    || (p.connectorId === added.connectorId && p.stackLevel === added.stackLevel && p.purpose === added.purpose));
}

/** ClearChargingProfile.req's criteria (§6.15); absent ones match anything. */
export interface ClearCriteria {
  id?: number;
  connectorId?: number;
  purpose?: ProfilePurpose;
  stackLevel?: number;
}

/** What a ClearChargingProfile the charger Accepted removed: the profile with that id alone when an id is given
 * (the other criteria are then ignored), otherwise every profile matching all the criteria given (§5.5). */
export function clearedBy<P extends ProfileKey>(installed: readonly P[], c: ClearCriteria): P[] {
  if (c.id !== undefined) return installed.filter((p) => p.chargingProfileId === c.id);
  return installed.filter((p) => (c.connectorId === undefined || p.connectorId === c.connectorId)
    && (c.purpose === undefined || p.purpose === c.purpose)
    && (c.stackLevel === undefined || p.stackLevel === c.stackLevel));
}

/**
 * The limit in amperes a profile sets now when it is one period in A, as load management sends (and staff may);
 * null for a profile in W or one whose schedule says more than one thing (its limit then depends on the moment).
 */
export function singleLimitA(profile: Record<string, unknown>): number | null {
  const schedule = profile.chargingSchedule as { chargingRateUnit?: unknown; chargingSchedulePeriod?: unknown } | undefined;
  const periods = schedule?.chargingSchedulePeriod;
  if (schedule?.chargingRateUnit !== 'A' || !Array.isArray(periods) || periods.length !== 1) return null;
  const limit = (periods[0] as { limit?: unknown }).limit;
  return typeof limit === 'number' ? limit : null;
}

/** A profile a charger accepted, as recorded (store/schema/load-management.ts charging_profiles). */
export interface InstalledProfile extends ProfileKey {
  stationId: number;
  transactionId: number | null;
  /** The csChargingProfiles as sent. */
  profile: Record<string, unknown>;
  /** 'staff:<account name>' | 'load-balancer' | 'failsafe' */
  source: string;
  acceptedAt: Date;
}
