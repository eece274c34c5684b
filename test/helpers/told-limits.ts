// What a site's simulated chargers were told, in the order they were told it (the simulator's 'profile' events,
// all in this process), and the promise load management makes over it: at every moment the limits in force on the
// running sessions add up to no more than the site, and every charger's measured power stays within its own.
// In force on a charger with a session: the last TxProfile it accepted since the session began, else its last
// accepted TxDefaultProfile (the site's fail-safe), else its full rating.
import type { ChargePoint, ReceivedProfile } from '../../simulators/charge-point.js';

interface Charger { cp: ChargePoint; ratingA: number; running: boolean; txLimitA: number | null; defaultA: number | null }

/** A current limit in A from a profile of one period (what load management sends). */
const limitOf = (r: ReceivedProfile): number | null => {
  const s = r.profile.chargingSchedule;
  return s.chargingRateUnit === 'A' ? s.chargingSchedulePeriod[0]?.limit ?? null : null;
};

export class ToldLimits {
  private readonly chargers = new Map<string, Charger>();
  /** Every moment the sum exceeded the site, or a charger drew more than its limit: empty when the promise held. */
  readonly breaches: string[] = [];
  /** The site's limit now: the test lowers it once the site has been patched AND re-profiled (the transition is checked apart). */
  siteMaxA: number;

  constructor(siteMaxA: number, private readonly wattsPerAmpere = 230 * 3) {
    this.siteMaxA = siteMaxA;
  }

  follow(cp: ChargePoint, ratingA: number): void {
    const c: Charger = { cp, ratingA, running: false, txLimitA: null, defaultA: null };
    this.chargers.set(cp.identity, c);
    const told = (r: ReceivedProfile) => {
      if (r.status !== 'Accepted') return;
      const purpose = r.profile.chargingProfilePurpose;
      if (purpose === 'TxProfile') c.txLimitA = limitOf(r);
      if (purpose === 'TxDefaultProfile') c.defaultA = limitOf(r);
      this.check(`${cp.identity} told ${purpose} ${limitOf(r)} A`);
    };
    for (const r of cp.receivedProfiles()) told(r); // the fail-safe may have come with the boot already
    cp.on('profile', told);
    cp.on('meterValues', (m: { powerW: number }) => {
      const limitA = this.inForceA(c);
      if (c.running && m.powerW > limitA * this.wattsPerAmpere + 1) this.breaches.push(`${cp.identity} drew ${m.powerW} W over its ${limitA} A`);
    });
  }

  /** Before the start is sent: from now on the charger draws. */
  started(cp: ChargePoint): void {
    const c = this.chargers.get(cp.identity)!;
    c.running = true;
    c.txLimitA = null;
    this.check(`${cp.identity} started`);
  }

  /** When the stop is asked: the charger stops drawing before it tells the central system. */
  stopped(cp: ChargePoint): void {
    const c = this.chargers.get(cp.identity)!;
    c.running = false;
    c.txLimitA = null;
  }

  /** The limit each charger follows now, by identity (0 when it has no session). */
  now(): Record<string, number> {
    return Object.fromEntries([...this.chargers].map(([id, c]) => [id, c.running ? this.inForceA(c) : 0]));
  }

  sumA(): number {
    return Math.round(Object.values(this.now()).reduce((a, b) => a + b, 0) * 10) / 10;
  }

  private inForceA(c: Charger): number {
    return c.txLimitA ?? c.defaultA ?? c.ratingA;
  }

  private check(after: string): void {
    const sum = this.sumA();
    if (sum > this.siteMaxA) this.breaches.push(`after ${after}: ${sum} A told in all, site ${this.siteMaxA} A (${JSON.stringify(this.now())})`);
  }
}
