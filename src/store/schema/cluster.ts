// What the nodes of a cluster share in PostgreSQL (issue 15): which nodes are alive, and the events a node could
// not publish while NATS was away (published in commit order when it is back).
import { bigserial, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { at } from './columns.js';

/** One row per node that ever ran: its beat, renewed while it lives. A node whose beat is too old is dead and
 * loses what it held (its open connections). */
export const clusterNodes = pgTable('cluster_nodes', {
  nodeId: text('node_id').primaryKey(),
  startedAt: at('started_at').notNull(),
  beatAt: at('beat_at').notNull(),
  /** Set when the node stopped cleanly or was declared dead; null while it lives. */
  stoppedAt: at('stopped_at'),
});

/** Domain events waiting for NATS, in the order they were emitted (id). Deleted once published. */
export const eventOutbox = pgTable('event_outbox', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  nodeId: text('node_id').notNull(),
  name: text('name').notNull(),
  payload: jsonb('payload').notNull(),
  emittedAt: at('emitted_at').notNull(),
  /** The JetStream message id the event was given when it was emitted (cluster/event-codec.ts); null in rows an
   * older build wrote, whose id is derived from their content. */
  messageId: text('message_id'),
}, (t) => [index('event_outbox_node').on(t.nodeId, t.id)]);
