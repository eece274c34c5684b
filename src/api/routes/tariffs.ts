// Tariffs (admin writes, viewer reads). A station gets its tariff through the tariff's stationIds (POST or PATCH
// /tariffs/:tariffId { stationIds }: exactly those stations, moved from any other tariff); a station in no list
// uses the default tariff (isDefault: at most one), and with no default its sessions are invoiced at 0.
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { route, type RouteSpec } from '../route.js';
import { idField, idParam } from '../validation.js';

const TariffId = z.object({ tariffId: idParam('tariffId') });
// ISO 4217 codes this runtime knows (Intl), so "EUX" or "eur" is a 400 naming currency.
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

const minorUnits = (name: string) =>
  z.number({ error: `${name} must be a non-negative integer (minor units)` }).int(`${name} must be an integer (minor units)`)
    .min(0, `${name} must not be negative`).max(100_000_000, `${name} is too large`);

const fields = {
  name: z.string().trim().min(1).max(100),
  isDefault: z.boolean(),
  currency: z.string().refine((c) => CURRENCIES.has(c), 'currency must be an ISO 4217 code such as EUR'),
  pricePerKwhMinor: minorUnits('pricePerKwhMinor'),
  pricePerMinuteMinor: minorUnits('pricePerMinuteMinor'),
  sessionFeeMinor: minorUnits('sessionFeeMinor'),
  idleFeePerMinuteMinor: minorUnits('idleFeePerMinuteMinor'),
  idleGraceMin: z.number().int('idleGraceMin must be whole minutes').min(0, 'idleGraceMin must not be negative').max(10_080),
  // A percentage with at most two decimals (19, 7.7): stored as basis points, so it stays an integer.
  taxRatePercent: z.number().min(0, 'taxRatePercent must not be negative').max(100)
    .refine((p) => Math.abs(p * 100 - Math.round(p * 100)) < 1e-9, 'taxRatePercent takes at most two decimals'),
  stationIds: z.array(idField('stationIds')).max(10_000),
};

const NewTariff = z.strictObject({
  ...fields, isDefault: fields.isDefault.default(false), pricePerMinuteMinor: fields.pricePerMinuteMinor.default(0),
  sessionFeeMinor: fields.sessionFeeMinor.default(0), idleFeePerMinuteMinor: fields.idleFeePerMinuteMinor.default(0),
  idleGraceMin: fields.idleGraceMin.default(0), taxRatePercent: fields.taxRatePercent.default(0), stationIds: fields.stationIds.optional(),
});
const TariffChange = z.strictObject(fields).partial();

const int = z.number().int();
/** A tariff as the API sends it: prices in minor units, the tax rate in basis points (19 % is 1900). */
const TariffItem = z.strictObject({
  id: int, name: z.string(), isDefault: z.boolean(), currency: z.string().meta({ description: 'ISO 4217' }),
  pricePerKwhMinor: int, pricePerMinuteMinor: int, sessionFeeMinor: int, idleFeePerMinuteMinor: int, idleGraceMin: int,
  taxRateBp: int.meta({ description: 'Basis points: 19 % is 1900 (requests give taxRatePercent)' }),
  stationIds: z.array(int).meta({ description: 'The stations priced by it (a station in no list uses the default tariff)' }),
});

/** taxRatePercent at the edge, basis points inside (pricing is integer arithmetic). */
function toBp<T extends { taxRatePercent?: number | undefined }>({ taxRatePercent, ...rest }: T) {
  return { ...rest, ...(taxRatePercent === undefined ? {} : { taxRateBp: Math.round(taxRatePercent * 100) }) };
}

export function tariffRoutes(s: Services): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/tariffs', tag: 'billing', role: 'viewer', summary: 'Every tariff with its stations',
      response: z.array(TariffItem), handle: () => s.tariffs.list(),
    }),
    route({
      method: 'get', path: '/tariffs/:tariffId', tag: 'billing', role: 'viewer', summary: 'One tariff',
      params: TariffId, response: TariffItem, handle: ({ params }) => s.tariffs.get(params.tariffId),
    }),
    route({
      method: 'post', path: '/tariffs', tag: 'billing', role: 'admin', status: 201,
      summary: 'Create a tariff: prices in integer minor units of an ISO 4217 currency, tax in percent; isDefault makes it '
        + 'the tariff of every station without its own (the previous default loses the flag)',
      body: NewTariff, response: TariffItem, handle: ({ body }) => s.tariffs.create({ ...toBp(body), taxRateBp: Math.round(body.taxRatePercent * 100) }),
    }),
    route({
      method: 'patch', path: '/tariffs/:tariffId', tag: 'billing', role: 'admin',
      summary: 'Change a tariff or assign its stations (stationIds: exactly these). Issued invoices keep their prices',
      params: TariffId, body: TariffChange, response: TariffItem, handle: ({ params, body }) => s.tariffs.update(params.tariffId, toBp(body)),
    }),
    route({
      method: 'delete', path: '/tariffs/:tariffId', tag: 'billing', role: 'admin', status: 204,
      summary: 'Delete a tariff: its stations fall back to the default; issued invoices keep their prices',
      params: TariffId, handle: ({ params }) => s.tariffs.remove(params.tariffId),
    }),
  ];
}
