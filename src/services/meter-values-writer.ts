// MeterValues are the bulk of what chargers send. Written one message per transaction, each pays its own
// BEGIN, lock, insert, update and COMMIT; under load the database connections queue up. They are committed in
// groups instead (shared/batcher.ts BatchQueue), each in ONE statement (store/meter-value-groups.ts: every sample,
// and every session's live figures), still before their answers go out. A StopTransaction's transactionData
// takes the same statement inside its group's transaction (services/session-stops.ts): one write path for samples.
import * as store from '../store/index.js';
import { latestReadings } from '../domain/meter-readings.js';
import { energySoFar } from '../domain/sessions.js';
import type { MeterSample } from '../domain/model.js';
import type { GroupMessage, LiveFigures } from '../store/meter-value-groups.js';
import type { ServiceDeps } from './deps.js';
import { BatchQueue } from '../shared/batcher.js';

export interface MeterValuesInput {
  stationId: number;
  connectorId: number;
  transactionId: number | null;
  samples: MeterSample[];
}

/** A running session's live figures after a message moved them. */
export interface LiveSession extends LiveFigures {
  energyWh: number | null;
}

/** What one message did: whether its transaction was unknown, and the session it moved (null when none). */
export interface MeterValuesOutcome {
  unknownTransaction: boolean;
  updated: LiveSession | null;
}

export interface WriterOptions {
  /** Groups written at once (shared/batcher.ts). */
  concurrency: number;
  /** Samples per group at most. */
  maxSamples: number;
}

export function makeMeterValuesWriter(d: ServiceDeps, o: WriterOptions) {
  async function writeAll(inputs: MeterValuesInput[]): Promise<MeterValuesOutcome[]> {
    const now = d.clock.now();
    const written = await store.meterValueGroups.writeMeterValueGroup(d.db, inputs.map((i) => asGroupMessage(i, now)), now);
    const moved = new Map(written.moved.map((f) => [f.sessionId, f]));
    return inputs.map((i): MeterValuesOutcome => {
      if (i.transactionId === null) return { unknownTransaction: false, updated: null };
      // A transaction of another charger is as unknown as one never issued.
      const known = written.known.has(`${i.transactionId}/${i.stationId}`);
      return { unknownTransaction: !known, updated: known ? withEnergy(moved.get(i.transactionId)) : null };
    });
  }

  const groups = new BatchQueue(writeAll, { concurrency: o.concurrency, maxWeight: o.maxSamples, weigh: (i: MeterValuesInput) => i.samples.length });
  return {
    /** Resolves once the message is committed (with others, or alone). */
    write: (input: MeterValuesInput): Promise<MeterValuesOutcome> => groups.add(input),
  };
}

/** A message with the readings its newest samples carry; future stamps count as of arrival (latestReadings). */
export const asGroupMessage = (i: MeterValuesInput, now: Date): GroupMessage => ({ ...i, readings: latestReadings(i.samples, now) });

/** The live figures with the energy so far (meter now − meter at start). */
function withEnergy(f: LiveFigures | undefined): LiveSession | null {
  return f ? { ...f, energyWh: energySoFar(f) } : null;
}
