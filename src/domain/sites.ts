// Sites: chargers that share one grid connection (issue 17, load management). Every current is amperes PER PHASE
// with at most one decimal: OCPP 1.6 §7.13 (ChargingSchedulePeriod.limit) accepts at most one digit of fraction, so
// a tenth of an ampere is the finest limit a charger can be told. Inside, currents are counted in whole tenths
// (integers), so sums are exact and "never above the site's limit" holds without rounding slack.

export type LoadStrategy = 'equal' | 'priority';
export const LOAD_STRATEGIES = ['equal', 'priority'] as const satisfies readonly LoadStrategy[];

export type SitePhases = 1 | 3;

export interface SiteSettings {
  name: string;
  /** The grid connection's limit, per phase. */
  maxCurrentA: number;
  phases: SitePhases;
  /** Phase-to-neutral voltage: turns a measured power into a current per phase. */
  voltageV: number;
  /** No running session gets less (IEC 61851-1: a car cannot charge below 6 A); below it a session is paused at 0. */
  minCurrentA: number;
  /** What each connector may draw when it hears nothing from us (the TxDefaultProfile of item 3). */
  failsafeCurrentA: number;
  strategy: LoadStrategy;
}

export interface Site extends SiteSettings {
  id: number;
  createdAt: Date;
  updatedAt: Date;
}

export const SITE_DEFAULTS = { phases: 3, voltageV: 230, minCurrentA: 6, strategy: 'equal' } as const satisfies Partial<SiteSettings>;

/** Bounds of a current anyone may enter (a site's or a charger's), in A per phase. */
export const MAX_CURRENT_A = 10_000;

export const toTenths = (a: number): number => Math.round(a * 10);
export const fromTenths = (tenths: number): number => tenths / 10;
/** A current entered with more than one decimal cannot be told to a charger (OCPP 1.6 §7.13). */
export const hasAtMostOneDecimal = (a: number): boolean => Math.abs(a * 10 - Math.round(a * 10)) < 1e-9;

export interface SiteRuleBroken {
  field: keyof SiteSettings;
  message: string;
}

/**
 * The rules between a site's fields (each field alone is checked at the edge). The database holds the same ones
 * as CHECK constraints (store/schema/sites.ts); here they get a message naming the field.
 */
export function siteRuleBroken(s: SiteSettings): SiteRuleBroken | null {
  if (s.minCurrentA > s.maxCurrentA) {
    return { field: 'minCurrentA', message: `minCurrentA (${s.minCurrentA} A) must not be above maxCurrentA (${s.maxCurrentA} A)` };
  }
  if (s.failsafeCurrentA > s.maxCurrentA) {
    return { field: 'failsafeCurrentA', message: `failsafeCurrentA (${s.failsafeCurrentA} A) must not be above maxCurrentA (${s.maxCurrentA} A)` };
  }
  // 0 is a valid fail-safe (a charger that loses us stops charging); between 0 and the minimum a car cannot charge.
  if (s.failsafeCurrentA > 0 && s.failsafeCurrentA < s.minCurrentA) {
    return { field: 'failsafeCurrentA', message: `failsafeCurrentA must be 0 or at least minCurrentA (${s.minCurrentA} A)` };
  }
  return null;
}
