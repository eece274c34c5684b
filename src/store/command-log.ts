// The command log: every command staff sent to a charger, who sent it, and how it ended. A row is written
// before the CALL leaves and completed when it ends, so a crash mid-command leaves a row with no outcome
// rather than no trace (STYLE.md habit 5: a command is never reported done when it was not).
import { and, eq } from 'drizzle-orm';
import type { CommandAction, CommandEnd, CommandOutcome, CommandRecord } from '../domain/commands.js';
import type { Page } from '../domain/paging.js';
import { timeIdKey } from '../domain/session-filters.js';
import type { Db } from './db.js';
import { afterKey, orderOf, readPage, type PageRequest } from './keyset.js';
import { commandLog } from './schema/index.js';

type CommandRow = typeof commandLog.$inferSelect;

const toRecord = (r: CommandRow): CommandRecord => ({
  ...r,
  action: r.action as CommandAction,
  payload: r.payload as Record<string, unknown>,
  outcome: r.outcome as CommandOutcome | null,
  response: r.response as Record<string, unknown> | null,
});

export interface NewCommand {
  stationId: number;
  action: CommandAction;
  payload: Record<string, unknown>;
  requestedBy: string;
  requestedAt: Date;
}

export async function insertCommand(db: Db, c: NewCommand): Promise<CommandRecord> {
  const rows = await db.insert(commandLog).values(c).returning();
  return toRecord(rows[0]!);
}

export async function completeCommand(db: Db, id: number, end: CommandEnd): Promise<CommandRecord> {
  const rows = await db.update(commandLog).set(end).where(eq(commandLog.id, id)).returning();
  return toRecord(rows[0]!);
}

/** A command refused before it was sent (its payload broke the OCPP schema): like any 400, it leaves nothing. */
export async function deleteCommand(db: Db, id: number): Promise<void> {
  await db.delete(commandLog).where(eq(commandLog.id, id));
}

/** One charger's commands, newest first, keyset-paged on (requestedAt, id): one range of command_log_station. */
export async function listCommands(db: Db, stationId: number, page: PageRequest): Promise<Page<CommandRecord>> {
  const t = commandLog;
  const key = [t.requestedAt, t.id];
  return readPage(page, async (limit, offset) => (await db.select().from(t)
    .where(and(eq(t.stationId, stationId), afterKey(key, page.cursor, 'desc')))
    .orderBy(...orderOf(key, 'desc')).limit(limit).offset(offset)).map(toRecord), (r) => timeIdKey(r.requestedAt, r.id));
}
