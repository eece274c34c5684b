// POST /api/sessions/{id}/close (issue 18): staff close a session the charger will never stop. The simulator is the
// charger: it starts a session, sends a reading, goes silent; staff close it; then it sends its StopTransaction
// after all, which is accepted and kept on the session without a second invoice.
import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/test-app.js';
import { useStaffTestApp } from '../../helpers/staff-app.js';
import { aStation } from '../../helpers/seed.js';
import { bootedCharger } from '../../helpers/charger.js';
import { api } from '../../helpers/api.js';
import { aBookingFromNow, aHolder, afterReserveNow } from '../../helpers/bookings.js';
import type { ChargePoint } from '../../../simulators/charge-point.js';

let app: TestApp;
let operator: string;
let viewer: string;
useStaffTestApp((s) => ({ app, operator, viewer } = s));

// 30 ct/kWh, 2 ct/min, 50 ct per session, no idle fee, 19 % tax.
const TARIFF = {
  name: 'Standard', currency: 'EUR', pricePerKwhMinor: 30, pricePerMinuteMinor: 2, sessionFeeMinor: 50,
  idleFeePerMinuteMinor: 0, idleGraceMin: 10, taxRatePercent: 19,
};

async function aPricedCharger(): Promise<{ stationId: number; cp: ChargePoint }> {
  const station = await aStation(app.services);
  expect((await api(app).post('/tariffs', { ...TARIFF, stationIds: [station.id] })).status).toBe(201);
  return { stationId: station.id, cp: await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 }) };
}

const register = (wh: number, timestamp: string) =>
  ({ timestamp, sampledValue: [{ value: String(wh), measurand: 'Energy.Active.Import.Register' as const, unit: 'Wh' as const }] });

/** 10:00 from 1 000 Wh; a reading of 11 000 Wh at 10:30; then nothing. */
async function aSilentSession(cp: ChargePoint, idTag: string): Promise<number> {
  const { transactionId } = await cp.call('StartTransaction', { connectorId: 1, idTag, meterStart: 1_000, timestamp: '2025-03-01T10:00:00Z' });
  await cp.call('MeterValues', { connectorId: 1, transactionId, meterValue: [register(11_000, '2025-03-01T10:30:00Z')] });
  return transactionId as number;
}

const close = (sessionId: number, body: unknown, token = operator) => api(app, token).post(`/sessions/${sessionId}/close`, body);
const detail = async (sessionId: number) => (await api(app).get(`/sessions/${sessionId}`)).body;
const invoicesOf = async (stationId: number) => (await api(app).get(`/invoices?stationId=${stationId}`)).body as Array<{ sessionId: number; totalMinor: number }>;

describe('POST /api/sessions/{id}/close', () => {
  it('records a silent session as stopped by staff at its last reading, priced from it, once; a late StopTransaction is kept beside it', async () => {
    const { stationId, cp } = await aPricedCharger();
    const { idTag } = await aHolder(app, 'Ada Lovelace');
    const sessionId = await aSilentSession(cp, idTag);
    const stopped: Array<{ sessionId: number; energyWh: number | null; reason: string | null }> = [];
    const issued: Array<{ sessionId: number }> = [];
    const offs = [
      app.events.on('session.stopped', (e) => { if (e.sessionId === sessionId) stopped.push(e); }),
      app.events.on('invoice.issued', (e) => { if (e.sessionId === sessionId) issued.push(e); }),
    ];

    const closed = await close(sessionId, { reason: '  Charger decommissioned, never sent its stop  ' });
    // 10:00–10:30, 1 000 → 11 000 Wh: energy 10 kWh × 30 = 300, time 30 × 2 = 60, fee 50 → 410, tax 77.9 → 78, total 488.
    expect(closed).toMatchObject({
      status: 200,
      body: {
        sessionId, stationId, connectorId: 1, startedAt: '2025-03-01T10:00:00.000Z', stoppedAt: '2025-03-01T10:30:00.000Z',
        meterStartWh: 1_000, meterStopWh: 11_000, energyWh: 10_000, stopReason: 'Other', stopAnomaly: null,
        closedBy: expect.any(String), closedReason: 'Charger decommissioned, never sent its stop',
        invoice: { status: 'unpaid', totalMinor: 488, currency: 'EUR' },
      },
    });
    expect(await detail(sessionId)).toMatchObject({
      stoppedAt: '2025-03-01T10:30:00.000Z', meterStopWh: 11_000, energyWh: 10_000, stopReason: 'Other',
      closedBy: closed.body.closedBy, closedAt: closed.body.closedAt, closedReason: 'Charger decommissioned, never sent its stop',
      chargerStoppedAt: null, chargerMeterStopWh: null,
      invoice: { id: closed.body.invoice.id, totalMinor: 488 },
    });
    expect(stopped).toEqual([expect.objectContaining({ sessionId, energyWh: 10_000, reason: 'Other' })]);
    expect(issued).toHaveLength(1);

    // The charger comes back and stops the transaction after all: accepted as usual, kept on the session, not invoiced.
    const late = await cp.call('StopTransaction', {
      transactionId: sessionId, idTag, meterStop: 15_000, timestamp: '2025-03-01T12:00:00Z',
      transactionData: [register(15_000, '2025-03-01T12:00:00Z')],
    });
    expect(late.idTagInfo).toMatchObject({ status: 'Accepted' });
    const after = await detail(sessionId);
    expect(after).toMatchObject({
      stoppedAt: '2025-03-01T10:30:00.000Z', meterStopWh: 11_000, energyWh: 10_000,
      chargerStoppedAt: '2025-03-01T12:00:00.000Z', chargerMeterStopWh: 15_000, invoice: { id: closed.body.invoice.id, totalMinor: 488 },
    });
    expect(after.meterValues).toContainEqual(expect.objectContaining({ sampledAt: '2025-03-01T12:00:00.000Z', value: '15000' }));
    // A resend of that stop changes nothing.
    await cp.call('StopTransaction', { transactionId: sessionId, idTag, meterStop: 16_000, timestamp: '2025-03-01T12:05:00Z' });
    expect(await detail(sessionId)).toMatchObject({ chargerStoppedAt: '2025-03-01T12:00:00.000Z', chargerMeterStopWh: 15_000 });
    expect((await invoicesOf(stationId)).filter((i) => i.sessionId === sessionId)).toHaveLength(1);
    expect(stopped).toHaveLength(1);
    expect(issued).toHaveLength(1);
    offs.forEach((off) => off());
  });

  it('prices a session that sent no reading at 0 Wh from its start, and completes its booking as a stop does', async () => {
    const station = await aStation(app.services);
    const cp = await bootedCharger(app, station.chargeBoxId, { meterIntervalMs: 0 });
    const holder = await aHolder(app);
    const bookingId = await aBookingFromNow(app, station.id, holder, new Date(Date.now() - 60_000));
    await afterReserveNow(app, bookingId);
    const { transactionId } = await cp.startSession(1, holder.idTag);
    expect((await api(app).get(`/bookings/${bookingId}`)).body).toMatchObject({ status: 'active', sessionId: transactionId });
    const session = await detail(transactionId);

    const closed = await close(transactionId, { reason: 'Offline for days' });
    expect(closed.body).toMatchObject({ meterStopWh: session.meterStartWh, energyWh: 0, stoppedAt: session.startedAt });
    expect((await api(app).get(`/bookings/${bookingId}`)).body).toMatchObject({ status: 'completed', sessionId: transactionId });
  });

  it('refuses a session that is not running (409 naming sessionId), an unknown one (404), a bad reason (400) and a viewer (403)', async () => {
    const { stationId, cp } = await aPricedCharger();
    const sessionId = await aSilentSession(cp, (await aHolder(app)).idTag);

    for (const body of [{}, { reason: '' }, { reason: '   ' }, { reason: 'x'.repeat(501) }, { reason: 42 }, { reason: 'ok', extra: 1 }]) {
      const res = await close(sessionId, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.details.fields[0].field).toBe('extra' in body ? 'extra' : 'reason');
    }
    expect(await close(sessionId, { reason: 'Broken' }, viewer)).toMatchObject({ status: 403 });
    expect(await close(2_000_000_000, { reason: 'Broken' })).toMatchObject({ status: 404, body: { details: { field: 'sessionId' } } });
    expect(await close(0, { reason: 'Broken' })).toMatchObject({ status: 400 });
    expect((await detail(sessionId)).stoppedAt).toBeNull(); // none of these changed anything

    expect((await close(sessionId, { reason: 'Broken' })).status).toBe(200);
    expect(await close(sessionId, { reason: 'Again' })).toMatchObject({ status: 409, body: { error: 'Conflict', details: { field: 'sessionId' } } });
    const stoppedByCharger = await aSilentSession(cp, (await aHolder(app)).idTag).then(async (id) => {
      await cp.call('StopTransaction', { transactionId: id, meterStop: 12_000, timestamp: '2025-03-01T11:00:00Z' });
      return id;
    });
    expect(await close(stoppedByCharger, { reason: 'Too late' })).toMatchObject({ status: 409, body: { details: { field: 'sessionId' } } });
    expect((await detail(stoppedByCharger)).closedBy).toBeNull();
    expect((await invoicesOf(stationId)).filter((i) => i.sessionId === stoppedByCharger)).toHaveLength(1);
  });
});
