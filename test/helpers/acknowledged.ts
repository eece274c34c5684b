// What a simulated charger saw acknowledged (a CALLRESULT came: the central system took the message), and the
// check that the database holds each of those messages exactly once (OCPP.md: persist first, then answer).
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Acknowledgement, ChargePoint } from '../../simulators/charge-point.js';
import type { Db } from '../../src/store/db.js';
import { chargingSessions, meterValues, statusNotifications } from '../../src/store/schema/index.js';
import type {
  Inbound, MeterValue, MeterValuesReq, StartTransactionConf, StartTransactionReq, StatusNotificationReq, StopTransactionReq,
} from '../../src/ocpp/wire/index.js';

export class AckLog {
  /** Each with the time its CALLRESULT came. */
  readonly entries: Array<Acknowledgement & { atMs: number }> = [];

  constructor(readonly cp: ChargePoint) {
    cp.on('acknowledged', (a: Acknowledgement) => this.entries.push({ ...a, atMs: Date.now() }));
  }

  of<A extends keyof Inbound>(action: A): Array<{ request: Inbound[A]['req']; response: Inbound[A]['conf']; atMs: number }> {
    return this.entries.filter((e) => e.action === action) as Array<{ request: Inbound[A]['req']; response: Inbound[A]['conf']; atMs: number }>;
  }

  count(action: keyof Inbound): number {
    return this.entries.filter((e) => e.action === action).length;
  }
}

const ms = (iso: string): number => new Date(iso).getTime();

/** One reading as the database keys it (measurand and context defaulted as the central system does). */
function sampleKeys(transactionId: number, connectorId: number | null, mvs: MeterValue[] | undefined): string[] {
  return (mvs ?? []).flatMap((mv) => mv.sampledValue.map((sv) => JSON.stringify([
    transactionId, connectorId, ms(mv.timestamp), sv.measurand ?? 'Energy.Active.Import.Register', sv.context ?? 'Sample.Periodic',
    sv.phase ?? null, sv.location ?? null, sv.value,
  ])));
}

function countBy(keys: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

/**
 * Every problem found, empty when all is well: each acknowledged StartTransaction is one session row with the
 * id it was answered; each acknowledged StopTransaction stopped its session as sent; each acknowledged reading
 * (MeterValues and StopTransaction's transactionData) is one meter_values row of its session; each acknowledged
 * StatusNotification is in the history as often as it was acknowledged. With `drained` (the charger's
 * queue is empty, so every transaction message it sent was acknowledged in the end), also nothing more: no
 * session or reading that was not acknowledged, which a duplicate written on a resend would be.
 */
export async function checkAcknowledged(db: Db, stationId: number, log: AckLog, o: { drained: boolean }): Promise<string[]> {
  const problems: string[] = [];
  const sessions = await db.select().from(chargingSessions).where(eq(chargingSessions.stationId, stationId));
  const byId = new Map(sessions.map((s) => [s.id, s]));

  const starts = log.of('StartTransaction') as Array<{ request: StartTransactionReq; response: StartTransactionConf }>;
  for (const { request: req, response: conf } of starts) {
    const s = byId.get(conf.transactionId);
    const same = sessions.filter((x) => x.connectorId === req.connectorId && x.startedAt.getTime() === ms(req.timestamp) && x.idTag === req.idTag);
    if (!s) problems.push(`StartTransaction answered ${conf.transactionId} has no session row: ${JSON.stringify(req)}`);
    else if (s.connectorId !== req.connectorId || s.idTag !== req.idTag || s.meterStartWh !== req.meterStart || s.startedAt.getTime() !== ms(req.timestamp)) {
      problems.push(`session ${s.id} is not the StartTransaction acknowledged for it: ${JSON.stringify(req)}`);
    }
    if (same.length !== 1) problems.push(`StartTransaction ${JSON.stringify(req)} is ${same.length} session rows`);
  }
  const startedIds = new Set(starts.map((s) => s.response.transactionId));
  if (o.drained) {
    for (const s of sessions) if (!startedIds.has(s.id)) problems.push(`session ${s.id} (connector ${s.connectorId}) was never acknowledged`);
  }

  for (const { request: req } of log.of('StopTransaction') as Array<{ request: StopTransactionReq }>) {
    const s = byId.get(req.transactionId);
    if (!s) problems.push(`StopTransaction of ${req.transactionId}: no such session of this charger`);
    else if (s.stoppedAt?.getTime() !== ms(req.timestamp) || s.meterStopWh !== req.meterStop || s.stopReason !== (req.reason ?? null)
      || s.energyWh !== req.meterStop - s.meterStartWh) {
      problems.push(`session ${s.id} is not stopped as acknowledged: ${JSON.stringify({ stoppedAt: s.stoppedAt, meterStopWh: s.meterStopWh, stopReason: s.stopReason, energyWh: s.energyWh })} vs ${JSON.stringify(req)}`);
    }
  }

  const connectorOf = new Map(sessions.map((s) => [s.id, s.connectorId]));
  const acked = countBy([
    ...(log.of('MeterValues') as Array<{ request: MeterValuesReq }>).filter((e) => e.request.transactionId !== undefined)
      .flatMap((e) => sampleKeys(e.request.transactionId!, e.request.connectorId, e.request.meterValue)),
    ...(log.of('StopTransaction') as Array<{ request: StopTransactionReq }>)
      .flatMap((e) => sampleKeys(e.request.transactionId, connectorOf.get(e.request.transactionId) ?? null, e.request.transactionData)),
  ]);
  const rows = await db.select().from(meterValues).where(eq(meterValues.stationId, stationId));
  const stored = countBy(rows.map((r) => JSON.stringify([
    r.sessionId, r.connectorId, r.sampledAt.getTime(), r.measurand, r.context, r.phase, r.location, r.value,
  ])));
  for (const [key, n] of acked) {
    if (n !== 1) problems.push(`reading acknowledged ${n} times: ${key}`);
    if (stored.get(key) !== 1) problems.push(`acknowledged reading stored ${stored.get(key) ?? 0} times: ${key}`);
  }
  if (o.drained) for (const key of stored.keys()) if (!acked.has(key)) problems.push(`reading stored but never acknowledged: ${key}`);
  // Another charger's message naming one of these transactions must not feed it.
  const foreign = startedIds.size === 0 ? [] : await db.select().from(meterValues)
    .where(and(inArray(meterValues.sessionId, [...startedIds]), ne(meterValues.stationId, stationId)));
  if (foreign.length > 0) problems.push(`${foreign.length} readings of other chargers in these sessions`);

  const statuses = countBy((log.of('StatusNotification') as Array<{ request: StatusNotificationReq }>).map((e) => statusKey(
    e.request.connectorId, e.request.status, e.request.errorCode, e.request.timestamp ? ms(e.request.timestamp) : null)));
  const history = countBy((await db.select().from(statusNotifications).where(and(eq(statusNotifications.stationId, stationId))))
    .map((r) => statusKey(r.connectorId, r.status, r.errorCode, r.chargerTimestamp?.getTime() ?? null)));
  for (const [key, n] of statuses) {
    if (history.get(key) !== n) problems.push(`StatusNotification acknowledged ${n} times, stored ${history.get(key) ?? 0}: ${key}`);
  }
  return problems;
}

const statusKey = (connectorId: number, status: string, errorCode: string, at: number | null): string =>
  JSON.stringify([connectorId, status, errorCode, at]);
