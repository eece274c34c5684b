import { toMeterSamples } from '../../domain/meter-readings.js';
import type { MeterSample } from '../../domain/model.js';
import type { MeterValue } from '../wire/index.js';

export const toSamples = (meterValues: MeterValue[] | undefined): MeterSample[] =>
  (meterValues ?? []).flatMap((mv) => toMeterSamples(new Date(mv.timestamp), mv.sampledValue));
