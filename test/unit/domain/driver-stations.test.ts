import { describe, expect, it } from 'vitest';
import { boundingBox, driverConnector, EARTH_RADIUS_M, type DriverSlotFacts } from '../../../src/domain/driver-stations.js';

const now = new Date('2026-12-03T10:00:00Z');
const later = new Date('2026-12-03T11:00:00Z');
const facts = (o: Partial<DriverSlotFacts> = {}): DriverSlotFacts => ({
  slotId: 7, stationId: 3, connectorId: 1, code: 'CP001-1', stationInService: true, connectorStatus: 'Available',
  underMaintenance: false, sessionRunning: false, bookedNow: false, freeFrom: now, freeUntil: later, ...o,
});

describe('driverConnector', () => {
  it.each([
    ['free now until a booking', facts(), 'available', { startsAt: now, endsAt: later, inUseNow: false }],
    ['booked now: free after it', facts({ bookedNow: true, freeFrom: later, freeUntil: null }), 'booked', { startsAt: later, endsAt: null, inUseNow: false }],
    ['in use: counted from now, and said so', facts({ sessionRunning: true }), 'in_use', { startsAt: now, endsAt: later, inUseNow: true }],
    ['faulted: no window', facts({ connectorStatus: 'Faulted' }), 'inactive', null],
    ['its station out of service: no window', facts({ stationInService: false }), 'inactive', null],
  ] as const)('%s', (_name, f, slotStatus, window) => {
    expect(driverConnector(f)).toEqual({
      connectorId: 1, status: f.connectorStatus, slotId: 7, connectorCode: 'CP001-1', slotStatus, nextFreeWindow: window,
    });
  });
});

describe('boundingBox', () => {
  const kmPerDegree = (EARTH_RADIUS_M * Math.PI) / 180 / 1000;

  it('spans the radius in latitude and, wider by 1/cos(latitude), in longitude', () => {
    const box = boundingBox({ latitude: 60, longitude: 10 }, 50_000);
    expect(box.maxLatitude - 60).toBeCloseTo(50 / kmPerDegree, 6);
    expect(60 - box.minLatitude).toBeCloseTo(50 / kmPerDegree, 6);
    // At 60°, a degree of longitude is half as long: about twice as many degrees (a little more on the sphere).
    expect(box.maxLongitude - 10).toBeGreaterThan((2 * 50) / kmPerDegree);
    expect(box.maxLongitude - 10).toBeLessThan((2.01 * 50) / kmPerDegree);
  });

  it.each([
    ['across the antimeridian', { latitude: 0, longitude: 179.9 }],
    ['over a pole', { latitude: 89.9, longitude: 0 }],
  ])('takes every longitude %s', (_name, center) => {
    expect(boundingBox(center, 50_000)).toMatchObject({ minLongitude: -180, maxLongitude: 180 });
  });
});
