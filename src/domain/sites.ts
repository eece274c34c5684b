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

/** A station of a site as staff see it there: what the allocator needs of it, and how to recognise it. */
export interface SiteStationView {
  stationId: number;
  chargeBoxId: string;
  name: string | null;
  /** The charger's rating, A per phase per connector; null: only the site limits it. */
  maxCurrentA: number | null;
  /** Higher first, under the 'priority' strategy. */
  priority: number;
}

export const SITE_DEFAULTS = { voltageV: 230, minCurrentA: 6, strategy: 'equal' } as const satisfies Partial<SiteSettings>;

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

interface SiteRule {
  /** The fields it relates; the first is named unless the caller changed another of them. */
  fields: Array<keyof SiteSettings>;
  broken(s: SiteSettings): boolean;
  message(s: SiteSettings): string;
}

const RULES: SiteRule[] = [
  {
    fields: ['minCurrentA', 'maxCurrentA'], broken: (s) => s.minCurrentA > s.maxCurrentA,
    message: (s) => `minCurrentA (${s.minCurrentA} A) must not be above maxCurrentA (${s.maxCurrentA} A)`,
  },
  {
    fields: ['failsafeCurrentA', 'maxCurrentA'], broken: (s) => s.failsafeCurrentA > s.maxCurrentA,
    message: (s) => `failsafeCurrentA (${s.failsafeCurrentA} A) must not be above maxCurrentA (${s.maxCurrentA} A)`,
  },
  {
    // 0 is a valid fail-safe (a charger that loses us stops charging); between 0 and the minimum a car cannot charge.
    fields: ['failsafeCurrentA', 'minCurrentA'], broken: (s) => s.failsafeCurrentA > 0 && s.failsafeCurrentA < s.minCurrentA,
    message: (s) => `failsafeCurrentA (${s.failsafeCurrentA} A) must be 0 or at least minCurrentA (${s.minCurrentA} A)`,
  },
];

/**
 * The first rule between a site's fields that these settings break (each field alone is checked at the edge), naming
 * the field the caller changed when it changed one of those the rule relates. The database holds the same rules as
 * CHECK constraints (store/schema/sites.ts).
 */
export function siteRuleBroken(s: SiteSettings, changed: readonly string[] = []): SiteRuleBroken | null {
  const rule = RULES.find((r) => r.broken(s));
  if (!rule) return null;
  return { field: rule.fields.find((f) => changed.includes(f)) ?? rule.fields[0]!, message: rule.message(s) };
}
