// StatusNotification: every report is kept as history; the connector's latest state follows the newest one.
import * as store from '../store/index.js';
import { inTransaction } from '../store/db.js';
import type { ConnectorStatusReport } from '../domain/model.js';
import type { ServiceDeps } from './deps.js';

export function makeConnectorService(d: ServiceDeps) {
  return {
    async recordStatus(report: Omit<ConnectorStatusReport, 'receivedAt'>): Promise<void> {
      const full = { ...report, receivedAt: d.clock.now() };
      const changed = await inTransaction(d.db, async (tx) => {
        await store.connectors.insertStatusNotification(tx, full);
        return store.connectors.upsertConnectorIfNewer(tx, full);
      });
      if (changed) {
        d.events.emit('connector.status', {
          stationId: changed.stationId, connectorId: changed.connectorId, status: changed.status,
          errorCode: changed.errorCode, info: changed.info, at: changed.statusAt,
        });
      }
    },
    list: (stationId: number) => store.connectors.listConnectors(d.db, stationId),
    history: (stationId: number) => store.connectors.listStatusHistory(d.db, stationId),
  };
}
export type ConnectorService = ReturnType<typeof makeConnectorService>;
