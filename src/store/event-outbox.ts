// The outbox (issue 15 item 7): domain events a node could not publish while NATS was away, kept in the order they
// were emitted and published in that order when it is back (cluster/event-publisher.ts), then deleted.
import { sql } from 'drizzle-orm';
import type { Db } from './db.js';

export interface OutboxEvent { name: string; json: string; emittedAt: Date; msgId: string }
/** msgId: null in a row an older build wrote (it did not keep one). */
export interface StoredOutboxEvent extends Omit<OutboxEvent, 'msgId'> { id: number; msgId: string | null }

/**
 * Events of one node, appended in the order given, in ONE statement: the ids (which set the publishing order)
 * are drawn row by row as the ordered rows reach the insert.
 */
export async function appendOutboxEvents(db: Db, nodeId: string, events: OutboxEvent[]): Promise<void> {
  if (events.length === 0) return;
  const col = <T>(f: (e: OutboxEvent) => T) => sql.param(events.map(f));
  await db.execute(sql`
    INSERT INTO event_outbox (node_id, name, payload, emitted_at, message_id)
    SELECT ${nodeId}, e.name, e.json::jsonb, e.emitted_at, e.message_id
    FROM unnest(
      ${col((e) => e.name)}::text[], ${col((e) => e.json)}::text[], ${col((e) => e.emittedAt.toISOString())}::timestamptz[],
      ${col((e) => e.msgId)}::text[]
    ) WITH ORDINALITY AS e(name, json, emitted_at, message_id, ord)
    ORDER BY e.ord`);
}

/** The oldest `limit` events of one node, in emission order. */
export async function listOutboxEvents(db: Db, nodeId: string, limit: number): Promise<StoredOutboxEvent[]> {
  const result = await db.execute(sql`
    SELECT id, name, payload::text AS json, emitted_at, message_id FROM event_outbox
    WHERE node_id = ${nodeId} ORDER BY id LIMIT ${limit}`);
  const rows = (result as unknown as {
    rows: Array<{ id: string | number; name: string; json: string; emitted_at: string | Date; message_id: string | null }>;
  }).rows;
  return rows.map((r) => ({ id: Number(r.id), name: r.name, json: r.json, emittedAt: new Date(r.emitted_at), msgId: r.message_id }));
}

/** Published: one node's events up to and including `throughId`. */
export async function deleteOutboxEventsThrough(db: Db, nodeId: string, throughId: number): Promise<void> {
  await db.execute(sql`DELETE FROM event_outbox WHERE node_id = ${nodeId} AND id <= ${throughId}`);
}

export async function countOutboxEvents(db: Db, nodeId: string): Promise<number> {
  const result = await db.execute(sql`SELECT count(*)::int AS n FROM event_outbox WHERE node_id = ${nodeId}`);
  return (result as unknown as { rows: Array<{ n: number }> }).rows[0]?.n ?? 0;
}

/**
 * Nodes other than `nodeId` that stopped or were declared dead (cluster_nodes.stopped_at) with events still in
 * the outbox: NATS was away when they went, and a NODE_ID that is never used again (the default has the pid in
 * it) would leave them there for good, so a living node publishes them (cluster/event-publisher.ts).
 */
export async function listOutboxNodesGone(db: Db, nodeId: string): Promise<string[]> {
  const result = await db.execute(sql`
    SELECT DISTINCT o.node_id FROM event_outbox o JOIN cluster_nodes n ON n.node_id = o.node_id
    WHERE n.stopped_at IS NOT NULL AND o.node_id <> ${nodeId}`);
  return (result as unknown as { rows: Array<{ node_id: string }> }).rows.map((r) => r.node_id);
}

/**
 * Inside a transaction: whether this transaction now drains `nodeId`'s outbox, which no other node's does until
 * it ends (a transaction-level advisory lock, released at COMMIT or ROLLBACK, or when the connection dies).
 */
export async function tryLockOutboxOf(tx: Db, nodeId: string): Promise<boolean> {
  const result = await tx.execute(sql`SELECT pg_try_advisory_xact_lock(hashtextextended(${`chargesync.event_outbox.${nodeId}`}, 0)) AS locked`);
  return (result as unknown as { rows: Array<{ locked: boolean }> }).rows[0]?.locked === true;
}
