// StatusNotification: every report is kept as history; the connector's latest state follows the newest one.
// A Faulted report that becomes the latest state opens a maintenance issue in the same transaction, once per
// fault: repeats land on the open issue (a partial unique index), and only staff resolve it, since a charger
// reporting Available again says the fault cleared, not that someone looked at it.
import * as store from '../store/index.js';
import { inTransaction, type Db } from '../store/db.js';
import { faultIssue, type MaintenanceIssue } from '../domain/maintenance-issues.js';
import type { Connector, ConnectorStatusReport } from '../domain/model.js';
import type { ServiceDeps } from './deps.js';
import { emitIssueChanged } from './maintenance-issues.js';

/** The new issue a fault opened, or null (not a fault, a stale report, or the fault's issue is open already). */
async function openFaultIssue(tx: Db, changed: Connector | null, at: Date): Promise<MaintenanceIssue | null> {
  if (changed?.status !== 'Faulted') return null;
  return store.maintenanceIssues.insertFaultIssueOnce(tx, faultIssue(changed, at));
}

export function makeConnectorService(d: ServiceDeps) {
  return {
    async recordStatus(report: Omit<ConnectorStatusReport, 'receivedAt'>): Promise<void> {
      const full = { ...report, receivedAt: d.clock.now() };
      const { changed, opened } = await inTransaction(d.db, async (tx) => {
        await store.connectors.insertStatusNotification(tx, full);
        const latest = await store.connectors.upsertConnectorIfNewer(tx, full);
        await store.slots.insertSlotOnce(tx, full.stationId, full.connectorId); // a slot is created with its connector
        return { changed: latest, opened: await openFaultIssue(tx, latest, full.receivedAt) };
      });
      if (changed) {
        d.events.emit('connector.status', {
          stationId: changed.stationId, connectorId: changed.connectorId, status: changed.status,
          errorCode: changed.errorCode, info: changed.info, at: changed.statusAt,
        });
      }
      if (opened) {
        d.log.info({ stationId: opened.stationId, connectorId: opened.connectorId, issueId: opened.id }, 'fault opened a maintenance issue');
        emitIssueChanged(d.events, 'opened', opened);
      }
    },
    list: (stationId: number) => store.connectors.listConnectors(d.db, stationId),
    history: (stationId: number) => store.connectors.listStatusHistory(d.db, stationId),
  };
}
export type ConnectorService = ReturnType<typeof makeConnectorService>;
