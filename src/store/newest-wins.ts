// "The newest reading wins", the one home of the rule: a connector's latest state follows its newest status
// report, and a session's live figures follow its newest sample, never back to older readings (a charger replays
// its queue after an outage, OCPP.md "order by their timestamps"). Every statement that moves such a state takes
// both halves from here: store/connectors.ts (StatusNotification) and store/meter-value-groups.ts (MeterValues,
// and StopTransaction's transactionData through it).
//   - Of several readings of one thing written together, the newest is applied; among equals the last given.
//   - The state held moves only to a reading not older than it; an equal time replaces it (a resend lands the same).
// The time a reading counts as is the domain's: reportTime (domain/connectors.ts) and latestReadings
// (domain/meter-readings.ts), both of which take a charger clock running ahead as the arrival time.
import { sql, type SQL } from 'drizzle-orm';

/** ORDER BY terms that put one thing's newest reading first (the last given among equals): for DISTINCT ON. */
export const newestFirst = (at: SQL, givenOrder: SQL): SQL => sql`${at} DESC, ${givenOrder} DESC`;

/** The condition for the held state to move to an incoming reading: it is not older (nothing held: any). */
export const notOlderThanHeld = (heldAt: SQL, incomingAt: SQL): SQL => sql`(${heldAt} IS NULL OR ${heldAt} <= ${incomingAt})`;
