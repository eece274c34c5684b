// Sites: chargers that share one grid connection (issue 17). Currents are stored in whole tenths of an ampere per
// phase (domain/sites.ts: OCPP limits take one decimal), so every rule below is exact integer arithmetic. The
// rules between fields are those of domain/sites.ts siteRuleBroken, held here too against any other writer.
import { check, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { at } from './columns.js';

export const sites = pgTable('sites', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  maxCurrentDeciamps: integer('max_current_deciamps').notNull(),
  phases: integer('phases').notNull(),
  voltageV: integer('voltage_v').notNull().default(230),
  minCurrentDeciamps: integer('min_current_deciamps').notNull().default(60),
  failsafeCurrentDeciamps: integer('failsafe_current_deciamps').notNull(),
  strategy: text('strategy').notNull().default('equal'),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
}, (t) => [
  check('sites_max_current', sql`${t.maxCurrentDeciamps} > 0`),
  check('sites_phases', sql`${t.phases} IN (1, 3)`),
  check('sites_voltage', sql`${t.voltageV} > 0`),
  check('sites_min_current', sql`${t.minCurrentDeciamps} > 0 AND ${t.minCurrentDeciamps} <= ${t.maxCurrentDeciamps}`),
  // 0: a charger that loses us stops; otherwise at least the minimum (a car cannot charge below it).
  check('sites_failsafe_current',
    sql`${t.failsafeCurrentDeciamps} = 0 OR ${t.failsafeCurrentDeciamps} BETWEEN ${t.minCurrentDeciamps} AND ${t.maxCurrentDeciamps}`),
  check('sites_strategy', sql`${t.strategy} IN ('equal', 'priority')`),
]);
