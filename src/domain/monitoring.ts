// What staff see per connector. The rule the systems before us broke: a connector shows "maintenance" only
// when an open issue names that connector, or names its station as a whole (connectorId 0) — never because
// another connector of the station has one. Its OCPP status is always shown as the charger reported it.

export interface OpenIssueRef {
  id: number;
  stationId: number;
  /** 0 = the station as a whole. */
  connectorId: number;
  title: string;
}

export interface Maintenance {
  issueId: number;
  title: string;
  scope: 'connector' | 'station';
}

export function maintenanceFor(stationId: number, connectorId: number, open: readonly OpenIssueRef[]): Maintenance | null {
  const own = open.find((i) => i.stationId === stationId && i.connectorId === connectorId && connectorId !== 0);
  if (own) return { issueId: own.id, title: own.title, scope: 'connector' };
  const whole = open.find((i) => i.stationId === stationId && i.connectorId === 0);
  return whole ? { issueId: whole.id, title: whole.title, scope: 'station' } : null;
}
