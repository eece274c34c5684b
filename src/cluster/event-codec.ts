// How a domain event travels between nodes (issue 15): JSON on the subject `<cluster>.events.<name>`, the
// origin node in a header, and a message id JetStream deduplicates on.
import { createHash, randomBytes } from 'node:crypto';
import type { DomainEvents, EventName } from '../shared/events.js';

/** The header naming the node that emitted the event: a node hands only the others' to receiveRemote. */
export const ORIGIN_HEADER = 'ChargeSync-Node';

/** Payload keys that hold a Date on the bus: `at`, and every key ending in `At` (startsAt, openedAt, ...). */
const isDateKey = (key: string): boolean => key === 'at' || key.endsWith('At');
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The payload as the emitting node's listeners had it: JSON turns each Date into an ISO string, so those under
 * a date key are turned back, and a cluster-wide listener compares and formats the same types on every node.
 */
export function decodePayload<E extends EventName>(json: string): DomainEvents[E] {
  return JSON.parse(json, (key, value: unknown) =>
    isDateKey(key) && typeof value === 'string' && ISO_DATE.test(value) ? new Date(value) : value) as DomainEvents[E];
}

/**
 * The message ids of one node's run for JetStream's duplicate window (`Nats-Msg-Id`): each event gets one as it
 * is queued and keeps it, in memory and in its outbox row, so a publish whose ack was lost (it was stored) and
 * its retry from the outbox are stored once. The run's random part keeps a restarted node (same NODE_ID, counter
 * from 1 again) from reusing the ids of its last run within the window.
 */
export class MessageIds {
  private readonly prefix: string;
  private count = 0;

  constructor(nodeId: string) {
    this.prefix = `${nodeId}.${randomBytes(6).toString('base64url')}`;
  }

  next(): string {
    return `${this.prefix}.${++this.count}`;
  }
}

/**
 * The message id of an outbox row written by a build before MessageIds, which did not store one: derived, as that
 * build derived it for its direct publish, from what the row keeps: the node, the emission time and the content
 * (hashed over sorted keys: PostgreSQL's jsonb does not keep the key order).
 */
export function contentMessageId(nodeId: string, name: string, payload: unknown, emittedAt: Date): string {
  const digest = createHash('sha256').update(name).update('\n').update(canonicalJson(payload)).digest('base64url');
  return `${nodeId}.${emittedAt.getTime()}.${digest.slice(0, 22)}`;
}

/** JSON with object keys sorted at every level, after JSON's own conversions (a Date becomes its ISO string). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(JSON.parse(JSON.stringify(value ?? null)) as unknown));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, sortKeys(record[k])]));
}
