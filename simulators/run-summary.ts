// How the whole simulator run is going, for the CLI's summary line (every --summary-s seconds): chargers online,
// sessions running, energy delivered, messages the central system answered, and errors.
import type { ChargePoint } from './charge-point.js';

export interface RunFigures {
  chargersOnline: number;
  chargersTotal: number;
  sessionsRunning: number;
  energyWh: number;
  messagesSent: number;
  errors: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function formatSummary(f: RunFigures): string {
  return `summary: ${f.chargersOnline}/${f.chargersTotal} chargers online, ${plural(f.sessionsRunning, 'session')} running, `
    + `${(f.energyWh / 1000).toFixed(2)} kWh delivered, ${plural(f.messagesSent, 'message')} sent, ${plural(f.errors, 'error')}`;
}

/** Counts as the chargers go; figures() reads the running sessions at that moment. */
export class RunTally {
  private readonly chargers: Array<{ cp: ChargePoint; connectors: number }> = [];
  private finishedWh = 0;
  private messages = 0;
  private errorCount = 0;

  watch(cp: ChargePoint, connectors: number): void {
    this.chargers.push({ cp, connectors });
    // 'acknowledged': a CALL of the charger's that the central system answered (simulators/rpc-link.ts).
    cp.on('acknowledged', () => { this.messages += 1; });
    cp.on('sessionStopped', (e: { energyWh: number }) => { this.finishedWh += e.energyWh; });
  }

  /** A failure the run could not get past by itself: a session that could not start or stop. */
  countError(): void {
    this.errorCount += 1;
  }

  figures(): RunFigures {
    let sessionsRunning = 0;
    let runningWh = 0;
    for (const { cp, connectors } of this.chargers) {
      for (let c = 1; c <= connectors; c++) {
        const session = cp.session(c);
        if (!session) continue;
        sessionsRunning += 1;
        runningWh += session.energyWh;
      }
    }
    return {
      chargersOnline: this.chargers.filter(({ cp }) => cp.isOnline).length, chargersTotal: this.chargers.length,
      sessionsRunning, energyWh: this.finishedWh + runningWh, messagesSent: this.messages, errors: this.errorCount,
    };
  }
}
