// GET /api/dashboard: what is charging right now, for whom, how much; which connector is broken.
import * as store from '../store/index.js';
import { maintenanceFor, type Maintenance, type OpenIssueRef } from '../domain/monitoring.js';
import type { AuthorizationStatus, Connector } from '../domain/model.js';
import type { SessionView } from '../domain/model.js';
import type { AwaitingPayment } from '../domain/invoices.js';
import { NEEDS_ATTENTION, type ReservationStatus } from '../domain/bookings.js';
import type { ServiceDeps } from './deps.js';
import { slotViews } from './slots.js';

export interface DashboardSources {
  isOnline(stationId: number): boolean;
  openIssues(): Promise<OpenIssueRef[]>;
}

export interface ActiveSessionLive {
  sessionId: number;
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

export interface ConnectorLive extends Connector {
  chargeBoxId: string;
  stationName: string | null;
  /** The station is connected now. When not, `status` is only the last one it reported. */
  online: boolean;
  maintenance: Maintenance | null;
  activeSession: ActiveSessionLive | null;
}

function startOfDay(now: Date): Date {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d;
}

function toLive(s: SessionView, bookingId: number | null, now: Date): ActiveSessionLive {
  return {
    sessionId: s.id, bookingId, customerName: s.customer?.name ?? null, idTag: s.idTag,
    authorizationStatus: s.authorizationStatus, startedAt: s.startedAt,
    durationS: Math.max(0, Math.round((now.getTime() - s.startedAt.getTime()) / 1000)),
    energyWh: s.energyWh, powerW: s.latestPowerW, socPercent: s.latestSocPercent, readingAt: s.latestMeterAt,
  };
}

// The list shows the longest-waiting ones; sessions.awaitingPayment counts them all.
const AWAITING_SHOWN = 100;

const countBy = <T>(items: T[], key: (t: T) => string): Record<string, number> =>
  items.reduce<Record<string, number>>((acc, t) => ({ ...acc, [key(t)]: (acc[key(t)] ?? 0) + 1 }), {});

/** The tiles' numbers. An offline station's last reported status is history, not the truth now: its connectors
 * are counted apart (connectors.offline), never as Available. */
function counts(stations: Array<{ id: number }>, live: ConnectorLive[], slots: Array<{ stationId: number; status: string }>,
  isOnline: (stationId: number) => boolean) {
  const online = stations.filter((s) => isOnline(s.id)).length;
  const reachable = live.filter((c) => c.online);
  return {
    stations: { total: stations.length, online, offline: stations.length - online },
    connectors: {
      total: live.length,
      byStatus: countBy(reachable, (c) => c.status),
      offline: live.length - reachable.length,
      underMaintenance: live.filter((c) => c.maintenance !== null).length,
    },
    slots: {
      total: slots.length,
      byStatus: countBy(slots, (s) => s.status),
      stationOffline: slots.filter((s) => !isOnline(s.stationId)).length,
    },
  };
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

export interface DashboardSnapshot extends ReturnType<typeof counts> {
  generatedAt: Date;
  sessions: { active: number; awaitingPayment: number };
  energyTodayWh: number;
  connectorsLive: ConnectorLive[];
  awaitingPayment: AwaitingPayment[];
  /** What staff should act on: refused reservations (Occupied, Faulted, Unavailable wait for Available; Rejected never retries). */
  attention: { reservations: ReservationAttention[] };
}

export interface DashboardService {
  snapshot(): Promise<DashboardSnapshot>;
}

async function reservationsNeedingAttention(d: ServiceDeps, now: Date, chargeBoxOf: (stationId: number) => string): Promise<ReservationAttention[]> {
  return (await store.bookings.listReservationsInStatus(d.db, now, NEEDS_ATTENTION)).map(({ booking: b, stationId, connectorId }) => ({
    bookingId: b.id, code: b.code, slotId: b.slotId, stationId, chargeBoxId: chargeBoxOf(stationId), connectorId,
    reservationStatus: b.reservationStatus, reservationNote: b.reservationNote, startsAt: b.startsAt, endsAt: b.endsAt,
  }));
}

export function makeDashboardService(d: ServiceDeps, sources: DashboardSources): DashboardService {
  return {
    async snapshot() {
      const now = d.clock.now();
      const [stations, outlets, active, issues, energyTodayWh, slots, unpaidCount, awaitingPayment] = await Promise.all([
        store.dashboard.listActiveStations(d.db),
        store.dashboard.listOutlets(d.db),
        store.sessionViews.listSessionViews(d.db, { state: 'active', limit: 10_000 }),
        sources.openIssues(),
        store.sessionViews.energyDeliveredSinceWh(d.db, startOfDay(now)),
        slotViews(d.db, now),
        store.invoices.countUnpaid(d.db),
        store.billingViews.listAwaitingPayment(d.db, AWAITING_SHOWN),
      ]);
      const byId = new Map(stations.map((s) => [s.id, s]));
      const bookingOf = new Map((await store.bookings.listBookingsOfSessions(d.db, active.map((s) => s.id)))
        .map((b) => [b.sessionId, b.id]));
      // Newest first: if a charger lost a Stop, the session it runs now is the one shown.
      const sessionOn = new Map<string, SessionView>();
      for (const s of active) if (!sessionOn.has(`${s.stationId}/${s.connectorId}`)) sessionOn.set(`${s.stationId}/${s.connectorId}`, s);
      const connectorsLive: ConnectorLive[] = outlets.map((c) => {
        const session = sessionOn.get(`${c.stationId}/${c.connectorId}`);
        return {
          ...c, chargeBoxId: byId.get(c.stationId)?.chargeBoxId ?? '', stationName: byId.get(c.stationId)?.name ?? null,
          online: sources.isOnline(c.stationId), maintenance: maintenanceFor(c.stationId, c.connectorId, issues),
          activeSession: session ? toLive(session, bookingOf.get(session.id) ?? null, now) : null,
        };
      });
      return {
        generatedAt: now,
        ...counts(stations, connectorsLive, slots, sources.isOnline),
        sessions: { active: active.length, awaitingPayment: unpaidCount },
        energyTodayWh,
        connectorsLive,
        awaitingPayment,
        attention: { reservations: await reservationsNeedingAttention(d, now, (id) => byId.get(id)?.chargeBoxId ?? '') },
      };
    },
  };
}
