// A fault's automatic issue resolves itself when its connector reports a non-faulted status with NoError
// (domain/maintenance-issues.ts resolveClearedFault), with a note saying so; issue.changed follows, and with it
// the slot watcher makes the slot bookable again. Issues staff opened are never touched here.
import * as store from '../store/index.js';
import { inTransaction } from '../store/db.js';
import { resolveClearedFault, type MaintenanceIssue } from '../domain/maintenance-issues.js';
import type { Connector } from '../domain/model.js';
import type { ServiceDeps } from './deps.js';
import { emitIssueChanged } from './maintenance-issues.js';

/**
 * Resolves the connector's open fault issue when its new latest status says the fault cleared. The status
 * statement named that issue (store/connectors.ts recordStatusReports), so a report with none costs nothing here.
 */
export async function resolveClearedFaults(d: ServiceDeps, latest: Connector, openFaultIssueId: number): Promise<MaintenanceIssue | null> {
  if (latest.status === 'Faulted' || latest.errorCode !== 'NoError') return null;
  const resolved = await inTransaction(d.db, async (tx) => {
    const current = await store.maintenanceIssues.getIssueForUpdate(tx, openFaultIssueId);
    const at = d.clock.now();
    const outcome = resolveClearedFault(current, { status: latest.status, errorCode: latest.errorCode, at: latest.statusAt }, at);
    if (!outcome.ok) return null; // staff moved it meanwhile
    const issue = await store.maintenanceIssues.updateIssueStatus(tx, outcome.value.issue);
    await store.maintenanceIssues.insertComment(tx, { issueId: issue.id, author: 'charger', body: outcome.value.note, createdAt: at });
    return issue;
  });
  if (resolved) {
    d.log.info({ stationId: resolved.stationId, connectorId: resolved.connectorId, issueId: resolved.id }, 'cleared fault resolved its maintenance issue');
    emitIssueChanged(d.events, 'status', resolved);
  }
  return resolved;
}
