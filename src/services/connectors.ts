// StatusNotification: every report is kept as history; the connector's latest state follows the newest one.
// A Faulted report that becomes the latest state opens a maintenance issue in the same transaction, once per
// fault: repeats land on the open issue (a partial unique index). A later non-faulted report with NoError
// resolves that automatic issue, with a note (services/fault-clearing.ts); issues staff opened stay with staff.
import * as store from '../store/index.js';
import { inTransaction, type Db } from '../store/db.js';
import { faultIssue, type MaintenanceIssue } from '../domain/maintenance-issues.js';
import type { Connector, ConnectorStatusReport } from '../domain/model.js';
import type { ServiceDeps } from './deps.js';
import { emitIssueChanged } from './maintenance-issues.js';
import { makeGroupCommit } from './group-commit.js';
import { resolveClearedFaults } from './fault-clearing.js';

// As the MeterValues writer (services/sessions.ts): two groups in flight, up to 1,000 reports each.
const STATUS_WRITER = { concurrency: 2, maxWeight: 1_000, weigh: () => 1 };

/** The new issue a fault opened, or null (not a fault, a stale report, or the fault's issue is open already). */
async function openFaultIssue(tx: Db, changed: Connector | null, at: Date): Promise<MaintenanceIssue | null> {
  if (changed?.status !== 'Faulted') return null;
  return store.maintenanceIssues.insertFaultIssueOnce(tx, faultIssue(changed, at));
}

export function makeConnectorService(d: ServiceDeps) {
  // Connectors whose slot this process has seen committed: their next reports skip the insert (a slot is
  // never deleted), which saves a statement on every StatusNotification after the first.
  const slotExists = new Set<string>();
  const statusReports = makeGroupCommit(
    (reports: Array<{ report: ConnectorStatusReport; createSlot: boolean }>) => store.connectors.recordStatusReports(d.db, reports),
    STATUS_WRITER,
  );

  return {
    async recordStatus(report: Omit<ConnectorStatusReport, 'receivedAt'>): Promise<void> {
      const full = { ...report, receivedAt: d.clock.now() };
      const slotKey = `${full.stationId}/${full.connectorId}`;
      // A slot is created with its connector, in the same statement or transaction.
      const createSlot = !slotExists.has(slotKey);
      // Most reports are written in groups (one statement for many); a fault also opens an issue, so it takes a
      // transaction of its own.
      const { changed, opened } = full.status !== 'Faulted'
        ? { changed: await statusReports.write({ report: full, createSlot }), opened: null }
        : await inTransaction(d.db, async (tx) => {
          await store.connectors.insertStatusNotification(tx, full);
          const latest = await store.connectors.upsertConnectorIfNewer(tx, full);
          if (createSlot) await store.slots.insertSlotOnce(tx, full.stationId, full.connectorId);
          return { changed: latest, opened: await openFaultIssue(tx, latest, full.receivedAt) };
        });
      slotExists.add(slotKey);
      if (changed) {
        d.events.emit('connector.status', {
          stationId: changed.stationId, connectorId: changed.connectorId, status: changed.status,
          errorCode: changed.errorCode, info: changed.info, at: changed.statusAt,
        });
      }
      if (changed && !opened) await resolveClearedFaults(d, changed);
      if (opened) {
        // The operator's line is issue.changed's (observability/activity-log.ts).
        d.log.debug({ stationId: opened.stationId, connectorId: opened.connectorId, issueId: opened.id }, 'fault opened a maintenance issue');
        emitIssueChanged(d.events, 'opened', opened);
      }
    },
    list: (stationId: number) => store.connectors.listConnectors(d.db, stationId),
    history: (stationId: number) => store.connectors.listStatusHistory(d.db, stationId),
  };
}
export type ConnectorService = ReturnType<typeof makeConnectorService>;
