export type * from './common.js';
export type * from './inbound.js';
export type * from './outbound.js';
