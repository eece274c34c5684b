// SecurityEventNotification (OCPP 1.6 security whitepaper edition 3): every event is stored as the charger sent
// it; a critical one (domain/security-events.ts) also opens a maintenance issue on the charger as a whole, or
// joins the one an earlier event of the same type opened while that is still open, so a charger repeating an
// event does not bury staff in issues. Announced as 'security.event' (and 'issue.changed') after commit.
import * as store from '../store/index.js';
import { inTransaction } from '../store/db.js';
import { AppError } from '../shared/errors.js';
import type { MaintenanceIssue } from '../domain/maintenance-issues.js';
import { isCriticalSecurityEvent, securityEventIssue, type SecurityEvent } from '../domain/security-events.js';
import type { ServiceDeps } from './deps.js';
import type { Page } from '../domain/paging.js';
import type { PageRequest } from '../store/keyset.js';
import { emitIssueChanged } from './maintenance-issues.js';

export interface SecurityEventReport {
  type: string;
  techInfo: string | null;
  /** The charger's timestamp of the event. */
  occurredAt: Date;
}

export interface SecurityEventService {
  /** Stores the event; a critical one opens or joins an issue. NotFound naming stationId for an unknown station. */
  record(stationId: number, report: SecurityEventReport): Promise<SecurityEvent>;
  /** For staff: newest first, paged; NotFound naming stationId for a station that does not exist. */
  list(stationId: number, page?: { limit?: number | undefined; offset?: number | undefined }): Promise<SecurityEvent[]>;
  /** For the API: newest first, keyset-paged (store/keyset.ts); NotFound naming stationId for an unknown station. */
  page(stationId: number, page: PageRequest): Promise<Page<SecurityEvent>>;
}

export function makeSecurityEventService(d: ServiceDeps): SecurityEventService {
  async function pageOf(stationId: number, page: PageRequest): Promise<Page<SecurityEvent>> {
    await store.stations.getStation(d.db, stationId); // 404 naming stationId
    return store.securityEvents.listSecurityEvents(d.db, stationId, page);
  }
  return {
    async record(stationId: number, report: SecurityEventReport): Promise<SecurityEvent> {
      const receivedAt = d.clock.now();
      const critical = isCriticalSecurityEvent(report.type);
      const { event, opened } = await inTransaction(d.db, async (tx) => {
        let opened: MaintenanceIssue | null = null;
        let issueId: number | null = null;
        if (critical) {
          if (!await store.securityEvents.lockStation(tx, stationId)) {
            throw new AppError('NotFound', `station ${stationId} does not exist`, { field: 'stationId' });
          }
          issueId = await store.securityEvents.findOpenIssueForEventType(tx, stationId, report.type);
          if (issueId === null) {
            opened = await store.maintenanceIssues.insertIssue(tx, securityEventIssue({ stationId, ...report }, receivedAt));
            issueId = opened.id;
          }
        }
        const stored = await store.securityEvents.insertSecurityEvent(tx, { stationId, ...report, receivedAt, critical, issueId });
        return { event: stored, opened };
      });
      if (opened) emitIssueChanged(d.events, 'opened', opened);
      d.events.emit('security.event', {
        eventId: event.id, stationId, type: event.type, techInfo: event.techInfo, critical, issueId: event.issueId,
        occurredAt: event.occurredAt, at: receivedAt,
      });
      if (critical) d.log.warn({ stationId, type: event.type, issueId: event.issueId }, 'critical security event');
      return event;
    },

    async list(stationId, page = {}) {
      return (await pageOf(stationId, { limit: page.limit ?? 100, ...(page.offset === undefined ? {} : { offset: page.offset }) })).items;
    },
    page: pageOf,
  };
}
