// A driver's own sessions (issue 19): the list, and one session with its figures and its cost so far. Another
// driver's session is NotFound, never Forbidden: the answer does not confirm that it exists.
import * as store from '../store/index.js';
import type { Page } from '../domain/paging.js';
import { priceSession } from '../domain/pricing.js';
import type { DriverPrincipal, DriverSessionFigures } from '../domain/drivers.js';
import type { SessionFilters } from '../domain/session-filters.js';
import type { PageRequest } from '../store/keyset.js';
import { AppError } from '../shared/errors.js';
import type { ServiceDeps } from './deps.js';
import type { SessionDetail, SessionService } from './sessions.js';

export type DriverSessionDetail = SessionDetail & DriverSessionFigures;

export interface DriverSessionService {
  /** The driver's sessions, newest first, a page at a time; state narrows to running or stopped ones. */
  list(driver: DriverPrincipal, f: Pick<SessionFilters, 'state'>, page: PageRequest): ReturnType<SessionService['listPage']>;
  /** One of the driver's sessions with its duration and cost so far. */
  detail(driver: DriverPrincipal, sessionId: number): Promise<DriverSessionDetail>;
  /** The ids of the driver's running sessions: those the driver's event stream follows from its start. */
  runningIds(driver: DriverPrincipal): Promise<number[]>;
}

// A driver runs a session per car at a time at most; far more than any driver runs at once.
const RUNNING_AT_MOST = 500;

export function makeDriverSessionService(d: ServiceDeps, sessions: SessionService): DriverSessionService {
  /** Running: priced on its tariff as if it stopped now (idle fees, which need the stop, not yet counted).
   *  Stopped: its invoice's total. */
  async function figures(s: SessionDetail): Promise<DriverSessionFigures> {
    const end = s.stoppedAt ?? d.clock.now();
    const durationS = Math.max(0, Math.round((end.getTime() - s.startedAt.getTime()) / 1000));
    if (s.invoice) return { durationS, costSoFarMinor: s.invoice.totalMinor, currency: s.invoice.currency };
    const tariff = await store.tariffs.findTariffForStation(d.db, s.stationId);
    const priced = priceSession(tariff, { energyWh: s.energyWh ?? 0, minutes: durationS / 60, idleMinutes: 0 });
    return { durationS, costSoFarMinor: priced.totalMinor, currency: priced.currency };
  }

  return {
    list: (driver, f, page): Promise<Page<Awaited<ReturnType<SessionService['listPage']>>['items'][number]>> =>
      sessions.listPage({ ...f, customerId: driver.customerId }, page),

    async detail(driver, sessionId) {
      const session = await sessions.detail(sessionId).catch((err: unknown) => {
        if (err instanceof AppError && err.code === 'NotFound') return null;
        throw err;
      });
      if (!session || session.customer?.id !== driver.customerId) {
        throw new AppError('NotFound', `session ${sessionId} does not exist`, { field: 'sessionId' });
      }
      return { ...session, ...(await figures(session)) };
    },

    async runningIds(driver) {
      const page = await sessions.listPage({ state: 'active', customerId: driver.customerId }, { limit: RUNNING_AT_MOST });
      return page.items.map((s) => s.id);
    },
  };
}
