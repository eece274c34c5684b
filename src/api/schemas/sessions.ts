// The sessions list's query (its filters are also the sessions export's) and the session as the API sends it.
import { z } from 'zod';
import { SESSION_STATES, TIME_ID_CURSOR } from '../../domain/session-filters.js';
import { idQuery, isoDateTime } from '../validation.js';
import { pagedQuery } from './paged-query.js';
import { searchText } from './search-text.js';
import { InvoiceItem } from './invoices.js';

const instant = z.iso.datetime();
const int = z.number().int();

/** Every filter but the time range (the export has its own, day or instant: schemas/exports.ts). */
export const sessionFilterFields = {
  state: z.enum(SESSION_STATES, { error: 'state must be active, completed or awaiting_payment' }).optional()
    .meta({ description: 'active: running; completed: stopped; awaiting_payment: stopped with an unpaid invoice' }),
  stationId: idQuery('stationId').optional(),
  connectorId: idQuery('connectorId').optional().meta({ description: 'With stationId only' }),
  customerId: idQuery('customerId').optional().meta({ description: 'Sessions of the tags this customer owns' }),
  idTagId: idQuery('idTagId').optional().meta({ description: 'The id of an id tag (GET /id-tags)' }),
  idTag: z.string().trim().min(1, 'idTag must not be empty').max(20, 'idTag is at most 20 characters (CiString20)').optional()
    .meta({ description: 'The tag itself, compared without case' }),
  siteId: idQuery('siteId').optional().meta({ description: 'Sessions on the stations of this site' }),
  q: searchText('The whole idTag, or the start of a chargeBoxId or of a customer\'s name, without case').optional(),
};

/** A connector number means something only on its station: for .refine(...connectorNeedsStation()). */
export const connectorNeedsStation = () => [
  (f: { connectorId?: number | undefined; stationId?: number | undefined }) => f.connectorId === undefined || f.stationId !== undefined,
  { path: ['connectorId'], message: 'connectorId needs stationId (a connector is numbered per station)' },
] as const satisfies [unknown, { path: string[]; message: string }];

export const SessionListQuery = pagedQuery(TIME_ID_CURSOR, {
  ...sessionFilterFields,
  from: isoDateTime('from').optional().meta({ description: 'startedAt ≥ from' }),
  to: isoDateTime('to').optional().meta({ description: 'startedAt < to' }),
}).refine(...connectorNeedsStation());

const sessionFields = {
  id: int.meta({ description: 'The OCPP transactionId' }),
  stationId: int,
  connectorId: int,
  idTag: z.string(),
  authorizationStatus: z.enum(['Accepted', 'Blocked', 'Expired', 'Invalid', 'ConcurrentTx']),
  reservationId: int.nullable(),
  meterStartWh: int,
  startedAt: instant,
  meterStopWh: int.nullable(),
  stoppedAt: instant.nullable(),
  stopReason: z.string().nullable(),
  stopIdTag: z.string().nullable(),
  stopAnomaly: z.string().nullable(),
  energyWh: int.nullable().meta({ description: 'meterStop − meterStart once stopped; so far while running' }),
  latestMeterWh: int.nullable(),
  latestPowerW: z.number().nullable(),
  latestSocPercent: z.number().nullable(),
  latestMeterAt: instant.nullable(),
  // A session staff closed (POST /sessions/{id}/close, schemas/session-closing.ts), and the charger's late stop.
  closedBy: z.string().nullable().meta({ description: 'The staff account that closed it; null: not closed by staff' }),
  closedAt: instant.nullable(),
  closedReason: z.string().nullable(),
  chargerStoppedAt: instant.nullable().meta({ description: 'A StopTransaction the charger sent after staff closed it: its timestamp (never invoiced)' }),
  chargerMeterStopWh: int.nullable().meta({ description: 'That StopTransaction\'s meterStop' }),
};

/** A session in the list: with its charger's chargeBoxId, the customer owning its tag, and who closed it if staff did. */
export const SessionItem = z.strictObject({
  ...sessionFields,
  chargeBoxId: z.string(),
  customer: z.strictObject({ id: int, name: z.string() }).nullable(),
});

export const MeterSampleItem = z.strictObject({
  sampledAt: instant, measurand: z.string(), value: z.string(), unit: z.string().nullable(), context: z.string(),
  phase: z.string().nullable(), location: z.string().nullable(), format: z.string().nullable(),
});

/** One session with its invoice (null while running), every sample, and its charging curve. */
export const SessionDetail = z.strictObject({
  ...SessionItem.shape,
  invoice: InvoiceItem.nullable(),
  series: z.array(z.strictObject({
    at: instant, meterWh: z.number().nullable(), powerW: z.number().nullable(), socPercent: z.number().nullable(),
  })),
  meterValues: z.array(MeterSampleItem),
});
