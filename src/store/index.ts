// The store: the only SQL in the codebase, grouped by what it stores.
export * as stations from './stations.js';
export * as connections from './connections.js';
export * as connectors from './connectors.js';
export * as idTags from './id-tags.js';
export * as sessions from './sessions.js';
export * as sessionViews from './session-views.js';
export * as meterValues from './meter-values.js';
export * as chargerMessages from './charger-messages.js';
export * as staff from './staff.js';
