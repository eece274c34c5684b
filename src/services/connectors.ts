// StatusNotification: every report is kept as history; the connector's latest state follows the newest one
// (the rule's one home: store/newest-wins.ts).
// A Faulted report that becomes the latest state opens a maintenance issue in the same statement, once per
// fault: repeats land on the open issue (a partial unique index). Every report takes one path: the group
// writer (store/connectors.ts recordStatusReports, one statement for many reports). A later non-faulted report
// with NoError resolves that automatic issue, with a note (services/fault-clearing.ts); issues staff opened stay
// with staff.
import * as store from '../store/index.js';
import { faultIssue } from '../domain/maintenance-issues.js';
import type { Connector, ConnectorStatusReport } from '../domain/model.js';
import type { StatusHistoryFilter, StatusReportRecord, StatusReportWrite } from '../store/connectors.js';
import type { PageRequest } from '../store/keyset.js';
import type { Page } from '../domain/paging.js';
import type { ServiceDeps } from './deps.js';
import { emitIssueChanged } from './maintenance-issues.js';
import { BatchQueue } from '../shared/batcher.js';
import { resolveClearedFaults } from './fault-clearing.js';

// As the MeterValues writer (services/sessions.ts): two groups in flight, up to 1,000 reports each.
const STATUS_WRITER = { concurrency: 2, maxWeight: 1_000 };

/** Connector status: StatusNotification's write path, and what staff read of it. */
export interface ConnectorService {
  /** StatusNotification: kept as history; the connector's state follows the newest report; a fault opens an issue. */
  recordStatus(report: Omit<ConnectorStatusReport, 'receivedAt'>): Promise<void>;
  /** The station's connectors with their latest status. */
  list(stationId: number): Promise<Connector[]>;
  /** The station's latest status reports, newest first (the first 100). */
  history(stationId: number): Promise<StatusReportRecord[]>;
  /** A page of the station's status reports, newest first, of one connector and a time range when asked; NotFound naming stationId. */
  historyPage(stationId: number, filter: StatusHistoryFilter, page: PageRequest): Promise<Page<StatusReportRecord>>;
}

export function makeConnectorService(d: ServiceDeps): ConnectorService {
  // Connectors whose slot this process has seen committed: their next reports skip the insert (a slot is
  // never deleted), which saves a statement on every StatusNotification after the first.
  const slotExists = new Set<string>();
  const statusReports = new BatchQueue((writes: StatusReportWrite[]) => store.connectors.recordStatusReports(d.db, writes), STATUS_WRITER);

  return {
    async recordStatus(report: Omit<ConnectorStatusReport, 'receivedAt'>): Promise<void> {
      const full = { ...report, receivedAt: d.clock.now() };
      const slotKey = `${full.stationId}/${full.connectorId}`;
      // A slot is created with its connector, and a fault's issue with the report, in the same statement.
      const createSlot = !slotExists.has(slotKey);
      const fault = full.status === 'Faulted' ? faultIssue(full, full.receivedAt) : null;
      const { changed, opened, openFaultIssueId } = await statusReports.add({ report: full, createSlot, fault });
      slotExists.add(slotKey);
      if (changed) {
        d.events.emit('connector.status', {
          stationId: changed.stationId, connectorId: changed.connectorId, status: changed.status,
          errorCode: changed.errorCode, info: changed.info, at: changed.statusAt,
        });
      }
      if (changed && openFaultIssueId !== null) await resolveClearedFaults(d, changed, openFaultIssueId);
      if (opened) {
        // The operator's line is issue.changed's (observability/activity-log.ts).
        d.log.debug({ stationId: opened.stationId, connectorId: opened.connectorId, issueId: opened.id }, 'fault opened a maintenance issue');
        emitIssueChanged(d.events, 'opened', opened);
      }
    },
    list: (stationId: number) => store.connectors.listConnectors(d.db, stationId),
    history: async (stationId: number) => (await store.connectors.listStatusHistory(d.db, stationId, {}, { limit: 100 })).items,
    async historyPage(stationId, filter, page) {
      await store.stations.getStation(d.db, stationId);
      return store.connectors.listStatusHistory(d.db, stationId, filter, page);
    },
  };
}
