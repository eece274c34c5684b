export * from './stations.js';
export * from './sessions.js';
