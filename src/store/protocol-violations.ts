import { and, eq } from 'drizzle-orm';
import type { NewProtocolViolation, ProtocolViolation, ViolationDetail } from '../domain/protocol-violations.js';
import type { Relaxation } from '../domain/stations.js';
import type { Page } from '../domain/paging.js';
import { timeIdKey } from '../domain/session-filters.js';
import type { Db } from './db.js';
import { afterKey, orderOf, readPage, type PageRequest } from './keyset.js';
import { protocolViolations } from './schema/index.js';

type ViolationRow = typeof protocolViolations.$inferSelect;

const toViolation = (r: ViolationRow): ProtocolViolation => ({
  id: r.id, stationId: r.stationId, action: r.action, relaxation: r.relaxation as Relaxation,
  detail: r.detail as ViolationDetail, receivedAt: r.receivedAt,
});

/** All violations of one message in one INSERT. */
export async function insertViolations(db: Db, violations: NewProtocolViolation[]): Promise<void> {
  if (violations.length === 0) return;
  await db.insert(protocolViolations).values(violations);
}

/** One charger's violations, newest first, keyset-paged on (receivedAt, id): one range of protocol_violations_station. */
export async function listViolations(db: Db, stationId: number, page: PageRequest): Promise<Page<ProtocolViolation>> {
  const t = protocolViolations;
  const key = [t.receivedAt, t.id];
  return readPage(page, async (limit, offset) => (await db.select().from(t)
    .where(and(eq(t.stationId, stationId), afterKey(key, page.cursor, 'desc')))
    .orderBy(...orderOf(key, 'desc')).limit(limit).offset(offset)).map(toViolation), (r) => timeIdKey(r.receivedAt, r.id));
}
