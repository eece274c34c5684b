// Status reports can arrive late (a charger replays its queue after an outage): the latest state of a
// connector is the report with the newest timestamp, not the last to arrive (OCPP.md, "order by their
// timestamps"). Without a charger timestamp, the time we received it stands in. A timestamp in the future
// (a charger clock running ahead) counts as the time we received it, or it would freeze the connector's
// status until real time caught up with it; the charger's own timestamp stays in the history.
import type { ConnectorStatusReport } from './model.js';

export const reportTime = (r: Pick<ConnectorStatusReport, 'chargerTimestamp' | 'receivedAt'>): Date =>
  r.chargerTimestamp && r.chargerTimestamp < r.receivedAt ? r.chargerTimestamp : r.receivedAt;
