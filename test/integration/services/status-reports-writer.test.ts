// StatusNotifications written in groups (shared/batcher.ts BatchQueue, store/connectors.ts recordStatusReports):
// reports written together land as if written one by one: all in the history, each connector on its newest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { aStation } from '../../helpers/seed.js';
import type { ConnectorStatus } from '../../../src/domain/model.js';
import * as store from '../../../src/store/index.js';
import { faultIssue } from '../../../src/domain/maintenance-issues.js';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app.stop(); });

const report = (stationId: number, connectorId: number, status: ConnectorStatus, at: string) => ({
  stationId, connectorId, status, errorCode: 'NoError', info: null, vendorId: null, vendorErrorCode: null, chargerTimestamp: new Date(at),
});

describe('status reports written in groups', () => {
  it('keeps every report of many concurrent stations, with each connector on its newest and its slot created', async () => {
    const stations = await Promise.all(Array.from({ length: 15 }, () => aStation(app.services)));
    await Promise.all(stations.flatMap((s) => [0, 1, 2].map((c) => app.services.connectors.recordStatus(report(s.id, c, 'Available', '2026-11-21T10:00:00Z')))));
    await Promise.all(stations.map((s) => app.services.connectors.recordStatus(report(s.id, 1, 'Charging', '2026-11-21T10:01:00Z'))));
    for (const s of stations) {
      expect((await app.services.connectors.list(s.id)).map((c) => [c.connectorId, c.status]))
        .toEqual([[0, 'Available'], [1, 'Charging'], [2, 'Available']]);
      expect(await app.services.connectors.history(s.id)).toHaveLength(4);
      expect((await app.services.slots.list({ stationId: s.id })).map((slot) => slot.connectorId)).toEqual([1, 2]);
    }
  });

  it('moves a connector to the newest of two reports in one group, names only that one as moved, and keeps both', async () => {
    const station = await aStation(app.services);
    await app.services.connectors.recordStatus(report(station.id, 1, 'Available', '2026-11-21T10:00:00Z'));
    const receivedAt = new Date();
    const moved = await store.connectors.recordStatusReports(app.database.db, [
      { report: { ...report(station.id, 1, 'Finishing', '2026-11-21T10:05:00Z'), receivedAt }, createSlot: false, fault: null },
      { report: { ...report(station.id, 1, 'Charging', '2026-11-21T10:03:00Z'), receivedAt }, createSlot: false, fault: null },
      { report: { ...report(station.id, 2, 'Available', '2026-11-21T10:00:00Z'), receivedAt }, createSlot: true, fault: null },
    ]);
    expect(moved.map((w) => w.changed?.status ?? null)).toEqual(['Finishing', null, 'Available']);
    expect((await app.services.connectors.list(station.id)).map((c) => [c.connectorId, c.status])).toEqual([[1, 'Finishing'], [2, 'Available']]);
    expect((await app.services.connectors.history(station.id)).map((h) => h.status))
      .toEqual(['Available', 'Charging', 'Finishing', 'Available']); // newest row first: the group kept its order
    // An older report written later moves nothing.
    const stale = await store.connectors.recordStatusReports(app.database.db, [
      { report: { ...report(station.id, 1, 'Preparing', '2026-11-21T10:04:00Z'), receivedAt }, createSlot: false, fault: null },
    ]);
    expect(stale.map((w) => w.changed)).toEqual([null]);
  });

  it('opens the issue of a fault that became the latest state in the same statement, once, and names it to later reports', async () => {
    const station = await aStation(app.services);
    const receivedAt = new Date();
    const faulted = (connectorId: number, at: string, errorCode: string) => {
      const r = { ...report(station.id, connectorId, 'Faulted', at), errorCode, receivedAt };
      return { report: r, createSlot: false, fault: faultIssue(r, receivedAt) };
    };
    const first = await store.connectors.recordStatusReports(app.database.db, [
      faulted(1, '2026-11-21T10:00:00Z', 'GroundFailure'), // not the newest of its group: opens nothing
      faulted(1, '2026-11-21T10:01:00Z', 'OverCurrentFailure'),
      { report: { ...report(station.id, 2, 'Available', '2026-11-21T10:00:00Z'), receivedAt }, createSlot: false, fault: null },
    ]);
    expect(first.map((w) => w.opened?.faultErrorCode ?? null)).toEqual([null, 'OverCurrentFailure', null]);
    const opened = first[1]!.opened!;
    expect(await app.services.issues.get(opened.id)).toMatchObject({ ...opened, comments: [] });
    expect(first.map((w) => w.openFaultIssueId)).toEqual([null, null, null]); // none was open before

    // A repeat lands on the open issue; an older fault moves nothing and opens nothing; a recovery names the issue.
    const later = await store.connectors.recordStatusReports(app.database.db, [
      faulted(1, '2026-11-21T10:02:00Z', 'OverCurrentFailure'),
      faulted(2, '2026-11-21T09:00:00Z', 'GroundFailure'),
    ]);
    expect(later.map((w) => [w.changed?.status ?? null, w.opened, w.openFaultIssueId]))
      .toEqual([['Faulted', null, opened.id], [null, null, null]]);
    const [cleared] = await store.connectors.recordStatusReports(app.database.db, [
      { report: { ...report(station.id, 1, 'Available', '2026-11-21T10:03:00Z'), receivedAt }, createSlot: false, fault: null },
    ]);
    expect(cleared).toMatchObject({ changed: { status: 'Available' }, opened: null, openFaultIssueId: opened.id });
    expect((await app.services.issues.list({ stationId: station.id })).map((i) => i.id)).toEqual([opened.id]);
  });

  it('fails only the report that fails: one for a station that does not exist', async () => {
    const station = await aStation(app.services);
    const results = await Promise.allSettled([
      app.services.connectors.recordStatus(report(station.id, 1, 'Available', '2026-11-21T10:00:00Z')),
      app.services.connectors.recordStatus(report(2_000_000_000, 1, 'Available', '2026-11-21T10:00:00Z')),
      app.services.connectors.recordStatus(report(station.id, 2, 'Available', '2026-11-21T10:00:00Z')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await app.services.connectors.list(station.id)).map((c) => c.connectorId)).toEqual([1, 2]);
  });
});
