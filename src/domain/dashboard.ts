// What the staff dashboard shows of a fleet (issue 18): counts, and the first page of each thing that needs
// someone, with its total. Types only: the counts are SQL aggregates (store/dashboard.ts), the pages
// store/dashboard-attention.ts.

/** The first rows of a list that needs attention, and how many there are in all. */
export interface AttentionPage<T> {
  total: number;
  items: T[];
}

/** How many rows each attention list shows. */
export const ATTENTION_SHOWN = 20;

/** A connector of an online station that reported Faulted, since when (its status time). */
export interface FaultedConnector {
  stationId: number;
  chargeBoxId: string;
  connectorId: number;
  status: 'Faulted';
  errorCode: string;
  since: Date;
}

/** An active station no node holds a connection of now. */
export interface OfflineStation {
  stationId: number;
  chargeBoxId: string;
  name: string | null;
  /** Null: never seen. */
  lastSeenAt: Date | null;
}

/** An open issue that takes a connector (or, connectorId 0, its whole station) out of service. */
export interface MaintenanceAttention {
  issueId: number;
  stationId: number;
  chargeBoxId: string;
  connectorId: number;
  title: string;
  status: string;
  source: string;
  openedAt: Date;
}
