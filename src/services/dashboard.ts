// GET /api/dashboard for a fleet (issue 18): counts as SQL aggregates, and the first page of what needs someone
// (faulted, offline, refused reservations, awaiting payment, maintenance) with each list's total, plus the most
// recent running sessions live. Never every connector: the station and session pages list the rest.
import * as store from '../store/index.js';
import * as attentionStore from '../store/dashboard-attention.js';
import type { AuthorizationStatus, SessionView } from '../domain/model.js';
import type { AwaitingPayment } from '../domain/invoices.js';
import {
  ATTENTION_SHOWN, type AttentionPage, type FaultedConnector, type MaintenanceAttention, type OfflineStation,
} from '../domain/dashboard.js';
import { NEEDS_ATTENTION, type ReservationStatus } from '../domain/bookings.js';
import { slotStatus } from '../domain/slots.js';
import type { ServiceDeps } from './deps.js';

export interface ActiveSessionLive {
  sessionId: number;
  stationId: number;
  chargeBoxId: string;
  connectorId: number;
  bookingId: number | null;
  customerName: string | null;
  idTag: string;
  /** What the tag got at StartTransaction: anything but Accepted is a refused tag charging anyway. */
  authorizationStatus: AuthorizationStatus;
  startedAt: Date;
  durationS: number;
  energyWh: number | null;
  powerW: number | null;
  socPercent: number | null;
  /** When the charger took the reading these figures come from (null before the first). The page keeps the newer of
   * this and the session.updated events it got meanwhile, so a refetch never shows an older reading. */
  readingAt: Date | null;
}

/** A booking whose window is open that its charger does not hold and will not by itself (domain/bookings.ts). */
export interface ReservationAttention {
  bookingId: number;
  code: string;
  slotId: number;
  stationId: number;
  chargeBoxId: string;
  connectorId: number;
  reservationStatus: ReservationStatus | null;
  reservationNote: string | null;
  startsAt: Date;
  endsAt: Date;
}

export interface DashboardSnapshot {
  generatedAt: Date;
  stations: { total: number; online: number; offline: number };
  /** byStatus counts only connectors of online stations; offline the others (their status is the last reported). */
  connectors: { total: number; byStatus: Record<string, number>; offline: number; underMaintenance: number };
  sessions: { active: number; awaitingPayment: number };
  slots: { total: number; byStatus: Record<string, number>; stationOffline: number };
  energyTodayWh: number;
  attention: {
    faulted: AttentionPage<FaultedConnector>;
    offline: AttentionPage<OfflineStation>;
    /** Refused reservations (Occupied, Faulted, Unavailable wait for Available; Rejected never retries). */
    reservations: AttentionPage<ReservationAttention>;
    awaitingPayment: AttentionPage<AwaitingPayment>;
    maintenance: AttentionPage<MaintenanceAttention>;
  };
  /** The most recently started running sessions; total = sessions.active. */
  activeSessions: AttentionPage<ActiveSessionLive>;
}

export interface DashboardService {
  snapshot(): Promise<DashboardSnapshot>;
}

/** Local midnight: the server's own day, as the exports' days (domain/export-range.ts) and the stats' buckets. */
function startOfDay(now: Date): Date {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d;
}

function toLive(s: SessionView, bookingId: number | null, now: Date): ActiveSessionLive {
  return {
    sessionId: s.id, stationId: s.stationId, chargeBoxId: s.chargeBoxId, connectorId: s.connectorId, bookingId,
    customerName: s.customer?.name ?? null, idTag: s.idTag, authorizationStatus: s.authorizationStatus, startedAt: s.startedAt,
    durationS: Math.max(0, Math.round((now.getTime() - s.startedAt.getTime()) / 1000)),
    energyWh: s.energyWh, powerW: s.latestPowerW, socPercent: s.latestSocPercent, readingAt: s.latestMeterAt,
  };
}

const add = (acc: Record<string, number>, key: string, n: number) => ({ ...acc, [key]: (acc[key] ?? 0) + n });

/** The tiles' numbers, from the aggregates. An offline station's last reported status is history, not the truth now:
 * its connectors are counted apart (connectors.offline), never as Available. */
async function counts(d: ServiceDeps, now: Date) {
  const stations = await store.dashboard.countStations(d.db);
  const outlets = await store.dashboard.countConnectors(d.db);
  const slotFacts = await store.dashboard.countSlotFacts(d.db, now);
  const sum = <T>(rows: T[], n: (r: T) => number) => rows.reduce((a, r) => a + n(r), 0);
  return {
    stations: { ...stations, offline: stations.total - stations.online },
    connectors: {
      total: sum(outlets, (c) => c.count),
      byStatus: outlets.reduce<Record<string, number>>((acc, c) => (c.status === null ? acc : add(acc, c.status, c.count)), {}),
      offline: sum(outlets.filter((c) => c.status === null), (c) => c.count),
      underMaintenance: sum(outlets, (c) => c.underMaintenance),
    },
    slots: {
      total: sum(slotFacts, (s) => s.count),
      byStatus: slotFacts.reduce<Record<string, number>>((acc, s) => add(acc, slotStatus(s), s.count), {}),
      stationOffline: sum(slotFacts.filter((s) => !s.stationOnline), (s) => s.count),
    },
  };
}

async function reservationsNeedingAttention(d: ServiceDeps, now: Date): Promise<AttentionPage<ReservationAttention>> {
  // At most 100 (the bookings read's own bound): refused reservations of open windows are few.
  const all = await store.bookings.listReservationsInStatus(d.db, now, NEEDS_ATTENTION);
  const shown = all.slice(0, ATTENTION_SHOWN);
  const names = new Map((await attentionStore.listStationBriefs(d.db, [...new Set(shown.map((r) => r.stationId))]))
    .map((s) => [s.id, s.chargeBoxId]));
  return {
    total: all.length,
    items: shown.map(({ booking: b, stationId, connectorId }) => ({
      bookingId: b.id, code: b.code, slotId: b.slotId, stationId, chargeBoxId: names.get(stationId) ?? '', connectorId,
      reservationStatus: b.reservationStatus, reservationNote: b.reservationNote, startsAt: b.startsAt, endsAt: b.endsAt,
    })),
  };
}

async function activeSessions(d: ServiceDeps, total: number, now: Date): Promise<AttentionPage<ActiveSessionLive>> {
  const running = await store.sessionViews.listSessionViews(d.db, { state: 'active', limit: ATTENTION_SHOWN });
  const bookingOf = new Map((await store.bookings.listBookingsOfSessions(d.db, running.map((s) => s.id))).map((b) => [b.sessionId, b.id]));
  return { total, items: running.map((s) => toLive(s, bookingOf.get(s.id) ?? null, now)) };
}

export function makeDashboardService(d: ServiceDeps): DashboardService {
  return {
    async snapshot() {
      const now = d.clock.now();
      const [tiles, activeCount, unpaid, energyTodayWh, faulted, offline, reservations, awaiting, maintenance] = await Promise.all([
        counts(d, now),
        store.sessions.countActiveSessions(d.db),
        store.invoices.countUnpaid(d.db),
        store.sessionViews.energyDeliveredSinceWh(d.db, startOfDay(now)),
        attentionStore.listFaulted(d.db, ATTENTION_SHOWN),
        attentionStore.listOffline(d.db, ATTENTION_SHOWN),
        reservationsNeedingAttention(d, now),
        store.billingViews.listAwaitingPayment(d.db, ATTENTION_SHOWN),
        attentionStore.listOpenServiceIssues(d.db, ATTENTION_SHOWN),
      ]);
      return {
        generatedAt: now,
        ...tiles,
        sessions: { active: activeCount, awaitingPayment: unpaid },
        energyTodayWh,
        attention: {
          faulted: { total: tiles.connectors.byStatus.Faulted ?? 0, items: faulted },
          offline: { total: tiles.stations.offline, items: offline },
          reservations,
          awaitingPayment: { total: unpaid, items: awaiting },
          maintenance,
        },
        activeSessions: await activeSessions(d, activeCount, now),
      };
    },
  };
}
