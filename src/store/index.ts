// The store: the only SQL in the codebase, grouped by what it stores.
export * as stations from './stations.js';
export * as connections from './connections.js';
export * as connectors from './connectors.js';
export * as idTags from './id-tags.js';
export * as sessions from './sessions.js';
export * as sessionViews from './session-views.js';
export * as dashboard from './dashboard.js';
export * as slots from './slots.js';
export * as bookings from './bookings.js';
export * as meterValues from './meter-values.js';
export * as chargerMessages from './charger-messages.js';
export * as staff from './staff.js';
export * as customers from './customers.js';
export * as maintenanceIssues from './maintenance-issues.js';
export * as commandLog from './command-log.js';
