export * from './stations.js';
export * from './sites.js';
export * from './sessions.js';
export * from './staff.js';
export * from './bookings.js';
export * from './billing.js';
export * from './cluster.js';
export * from './security.js';
