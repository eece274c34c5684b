import { desc, eq } from 'drizzle-orm';
import type { NewProtocolViolation, ProtocolViolation, ViolationDetail } from '../domain/protocol-violations.js';
import type { Relaxation } from '../domain/stations.js';
import type { Db } from './db.js';
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

/** One charger's violations, newest first. */
export async function listViolations(
  db: Db, stationId: number, page: { limit?: number | undefined; offset?: number | undefined } = {},
): Promise<ProtocolViolation[]> {
  const rows = await db.select().from(protocolViolations).where(eq(protocolViolations.stationId, stationId))
    .orderBy(desc(protocolViolations.receivedAt), desc(protocolViolations.id)).limit(page.limit ?? 100).offset(page.offset ?? 0);
  return rows.map(toViolation);
}
