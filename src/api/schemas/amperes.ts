// A current entered by staff: amperes per phase, a JSON number with at most one decimal, because a charger can
// only be told multiples of 0.1 A (OCPP 1.6 §7.13, ChargingSchedulePeriod.limit); 16.25 is a 400, never rounded.
import { z } from 'zod';
import { MAX_CURRENT_A, hasAtMostOneDecimal } from '../../domain/sites.js';

export const amperes = (name: string, o: { zeroAllowed?: boolean } = {}) =>
  z.number({ error: `${name} must be a number of amperes` })
    .min(o.zeroAllowed ? 0 : 0.1, `${name} must be ${o.zeroAllowed ? 'at least 0' : 'positive'}`)
    .max(MAX_CURRENT_A, `${name} must be at most ${MAX_CURRENT_A} A`)
    .refine(hasAtMostOneDecimal, `${name} takes at most one decimal (chargers are told multiples of 0.1 A)`)
    .meta({ description: 'A per phase, at most one decimal' });
