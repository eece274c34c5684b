// GET /api/stations/{id}/charging-profiles (issue 17 item 3): what a charger has installed, by connector; any
// token reads it; an unknown station is a 404 naming stationId, a non-integer id a 400; it is in the OpenAPI document.
import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/test-app.js';
import { useStaffTestApp } from '../../helpers/staff-app.js';
import { api } from '../../helpers/api.js';
import { bootedCharger } from '../../helpers/charger.js';
import { randomChargeBoxId } from '../../helpers/seed.js';

let app: TestApp;
let viewer: string;
let operator: string;
useStaffTestApp((s) => ({ app, viewer, operator } = s));

const aProfile = (id: number, stackLevel: number, purpose: string) => ({
  chargingProfileId: id, stackLevel, chargingProfilePurpose: purpose, chargingProfileKind: 'Relative',
  chargingSchedule: { chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 7400 }] },
});

describe('GET /stations/{id}/charging-profiles', () => {
  it('lists what the charger accepted, by connector then purpose then stack level, for a viewer', async () => {
    const station = await api(app).post('/stations', { chargeBoxId: randomChargeBoxId(), password: false });
    const stationId = station.body.id as number;
    await bootedCharger(app, station.body.chargeBoxId);
    const set = (connectorId: number, profile: object) =>
      api(app, operator).post(`/stations/${stationId}/commands/SetChargingProfile`, { connectorId, csChargingProfiles: profile });
    await set(2, aProfile(1, 1, 'TxDefaultProfile'));
    await set(0, aProfile(2, 1, 'TxDefaultProfile'));
    await set(0, aProfile(3, 4, 'ChargePointMaxProfile'));
    await set(0, aProfile(4, 6, 'TxDefaultProfile'));

    const res = await api(app, viewer).get(`/stations/${stationId}/charging-profiles`);
    expect(res.status).toBe(200);
    expect(res.body.map((p: { connectorId: number; chargingProfileId: number }) => [p.connectorId, p.chargingProfileId]))
      .toEqual([[0, 3], [0, 4], [0, 2], [2, 1]]);
    expect(res.body[3]).toEqual({
      connectorId: 2, chargingProfileId: 1, stackLevel: 1, purpose: 'TxDefaultProfile', transactionId: null,
      profile: aProfile(1, 1, 'TxDefaultProfile'), source: expect.stringMatching(/^staff:operator-/), acceptedAt: expect.any(String),
    });
  });

  it('is an empty list for a station with none; 404 naming stationId; 400 for a non-integer id; 401 without a token', async () => {
    const station = await api(app).post('/stations', { chargeBoxId: randomChargeBoxId(), password: false });
    expect(await api(app, viewer).get(`/stations/${station.body.id}/charging-profiles`)).toEqual({ status: 200, body: [] });
    const missing = await api(app, viewer).get('/stations/2000000000/charging-profiles');
    expect(missing).toMatchObject({ status: 404, body: { error: 'NotFound', details: { field: 'stationId' } } });
    for (const id of ['abc', '1.5', '0']) {
      expect(await api(app, viewer).get(`/stations/${id}/charging-profiles`))
        .toMatchObject({ status: 400, body: { details: { fields: [{ field: 'stationId' }] } } });
    }
    expect((await api(app, null).get(`/stations/${station.body.id}/charging-profiles`)).status).toBe(401);
  });

  it('is in the OpenAPI document, for viewers', async () => {
    const doc = (await api(app, viewer).get('/openapi.json')).body as { paths: Record<string, { get?: Record<string, unknown> }> };
    const entry = doc.paths['/api/stations/{stationId}/charging-profiles']?.get;
    expect(entry).toBeDefined();
    expect(JSON.stringify(entry)).toContain('viewer');
  });
});
