// The CLI's --site-test (issue 17 item 5): several chargers that share one site, their sessions starting one by
// one, each printing the limit it is told as it changes, and the sum of what the charging sessions may draw now
// against the site's limit (--site-limit-a), marked OVER when above it. The simulator speaks only OCPP: putting
// the chargers in a site is the operator's step (PATCH /api/stations/{id} { siteId, maxCurrentA }).
import type { ChargePoint, ReceivedProfile } from './charge-point.js';

export interface SiteWatchOptions {
  /** The site's maxCurrentA, to check the sum against; null: the sum is printed unchecked. */
  siteLimitA: number | null;
  print(line: string): void;
}

interface Told {
  /** The last TxDefaultProfile on connector 0 it Accepted (the site's fail-safe), A. */
  defaultA: number | null;
  /** The last TxProfile per connector it Accepted, A; gone with the session. */
  txA: Map<number, number>;
}

/** The A per phase of a one-period profile in A (as load management sends); null for anything else. */
function limitAOf(r: ReceivedProfile): number | null {
  const s = r.profile.chargingSchedule;
  return s.chargingRateUnit === 'A' && s.chargingSchedulePeriod.length === 1 ? s.chargingSchedulePeriod[0]!.limit : null;
}

export class SiteLimitWatch {
  private readonly chargers = new Map<ChargePoint, Told>();

  constructor(private readonly o: SiteWatchOptions) {}

  watch(cp: ChargePoint, connectors: number): void {
    const told: Told = { defaultA: null, txA: new Map() };
    this.chargers.set(cp, told);
    cp.on('profile', (r: ReceivedProfile) => {
      const limitA = limitAOf(r);
      const what = `${r.profile.chargingProfilePurpose} #${r.connectorId} ${limitA === null ? 'in W or stepped' : `${limitA} A`}`;
      if (r.status !== 'Accepted') return this.o.print(`${cp.identity} ${r.status} ${what}: it goes on at its own rating`);
      if (r.profile.chargingProfilePurpose === 'TxDefaultProfile' && r.connectorId === 0) told.defaultA = limitA;
      if (r.profile.chargingProfilePurpose === 'TxProfile' && limitA !== null) told.txA.set(r.connectorId, limitA);
      this.o.print(`${cp.identity} limit ${what}; ${this.sumLine(connectors)}`);
    });
    cp.on('sessionStopped', (e: { connectorId: number }) => {
      told.txA.delete(e.connectorId);
      this.o.print(`${cp.identity} #${e.connectorId} session ended; ${this.sumLine(connectors)}`);
    });
  }

  /** What the running sessions may draw now: a session's TxProfile, else its charger's fail-safe default. */
  private sumLine(connectors: number): string {
    let sumA = 0;
    let unknown = 0;
    for (const [cp, told] of this.chargers) {
      for (let c = 1; c <= connectors; c++) {
        if (!cp.session(c)) continue;
        const limitA = told.txA.get(c) ?? told.defaultA;
        if (limitA === null) unknown++;
        else sumA += limitA;
      }
    }
    const site = this.o.siteLimitA === null ? '' : ` of the site's ${this.o.siteLimitA} A${sumA > this.o.siteLimitA + 1e-9 ? ' OVER' : ''}`;
    const rest = unknown > 0 ? ` (+${unknown} session(s) with no limit told)` : '';
    return `sessions may draw ${sumA.toFixed(1)} A${site}${rest}`;
  }
}
