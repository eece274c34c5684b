// POST /api/sessions/{id}/close: the request and the answer, as the client receives it (dates as ISO strings).
import { z } from 'zod';

const id = z.number().int();
const at = z.iso.datetime();

export const CloseSessionBody = z.strictObject({
  reason: z.string({ error: 'reason must be a text of 1 to 500 characters' }).trim()
    .min(1, 'reason must be a text of 1 to 500 characters').max(500, 'reason must be a text of 1 to 500 characters')
    .meta({ description: 'Why staff close it (the charger is decommissioned, offline for days, …): kept on the session' }),
});

export const ClosedSessionResponse = z.strictObject({
  sessionId: id.meta({ description: 'The OCPP transactionId' }),
  stationId: id,
  connectorId: id,
  startedAt: at,
  stoppedAt: at.meta({ description: 'When the last reading was taken (startedAt when there was none)' }),
  meterStartWh: z.number().int(),
  meterStopWh: z.number().int().meta({ description: 'The last energy register the charger sent (meterStartWh when none)' }),
  energyWh: z.number().int().nullable().meta({ description: 'null: the last reading was below meterStart (priced at 0 Wh)' }),
  stopReason: z.literal('Other'),
  stopAnomaly: z.string().nullable(),
  closedBy: z.string().meta({ description: 'The staff account that closed it' }),
  closedAt: at,
  closedReason: z.string(),
  invoice: z.strictObject({
    id, number: z.string(), status: z.enum(['unpaid', 'paid', 'void']), totalMinor: z.number().int(), currency: z.string(),
  }).nullable().meta({ description: 'The invoice the close issued, priced as a StopTransaction prices it' }),
});
