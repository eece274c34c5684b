// Reading meter samples back (they are written by store/meter-value-groups.ts, the one write path).
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { MeterSample } from '../domain/model.js';
import type { Db } from './db.js';
import { meterValues } from './schema/index.js';

/** Samples kept without a session (no transactionId, or one we do not know) of one charger, oldest first. */
export async function listUnlinkedSamples(db: Db, stationId: number): Promise<Array<MeterSample & { connectorId: number }>> {
  return db.select({
    connectorId: meterValues.connectorId, sampledAt: meterValues.sampledAt, measurand: meterValues.measurand,
    value: meterValues.value, unit: meterValues.unit, context: meterValues.context, phase: meterValues.phase,
    location: meterValues.location, format: meterValues.format,
  }).from(meterValues).where(and(eq(meterValues.stationId, stationId), isNull(meterValues.sessionId)))
    .orderBy(asc(meterValues.sampledAt), asc(meterValues.id));
}

export async function listSessionSamples(db: Db, sessionId: number): Promise<MeterSample[]> {
  return db.select({
    sampledAt: meterValues.sampledAt, measurand: meterValues.measurand, value: meterValues.value,
    unit: meterValues.unit, context: meterValues.context, phase: meterValues.phase,
    location: meterValues.location, format: meterValues.format,
  }).from(meterValues).where(and(eq(meterValues.sessionId, sessionId)))
    .orderBy(asc(meterValues.sampledAt), asc(meterValues.id));
}
