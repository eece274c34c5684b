import { toMeterSamples } from '../../domain/meter-readings.js';
import type { MeterSample } from '../../domain/model.js';
import type { MeterValue } from '../wire/index.js';
import { toDate } from './timestamps.js';

export const toSamples = (meterValues: MeterValue[] | undefined): MeterSample[] =>
  (meterValues ?? []).flatMap((mv) => toMeterSamples(toDate(mv.timestamp), mv.sampledValue));
