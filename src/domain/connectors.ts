// Status reports can arrive late (a charger replays its queue after an outage): the latest state of a
// connector is the report with the newest timestamp, not the last to arrive (OCPP.md, "order by their
// timestamps"). Without a charger timestamp, the time we received it stands in.
import type { ConnectorStatusReport } from './model.js';

export const reportTime = (r: Pick<ConnectorStatusReport, 'chargerTimestamp' | 'receivedAt'>): Date =>
  r.chargerTimestamp ?? r.receivedAt;
