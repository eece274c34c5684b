// What the transaction tests send through cp.call: charger timestamps an hour in the past, a minute apart (what a
// queue replayed late looks like), sampled values, and a booted simulator with an accepted tag of its own.
import { aStation, anIdTag } from './seed.js';
import { bootedCharger } from './charger.js';
import type { TestApp } from './test-app.js';
import type { ChargePoint } from '../../simulators/charge-point.js';
import type { MeterValue, SampledValue } from '../../src/ocpp/wire/index.js';

const base = Date.now() - 3_600_000;
export const at = (minute: number): string => new Date(base + minute * 60_000).toISOString();
export const energy = (wh: number, more: Partial<SampledValue> = {}): SampledValue =>
  ({ value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh', ...more });
export const power = (w: number): SampledValue => ({ value: String(w), measurand: 'Power.Active.Import', unit: 'W' });
export const soc = (percent: number): SampledValue =>
  ({ value: String(percent), measurand: 'SoC', unit: 'Percent', location: 'EV' });
export const sample = (minute: number, ...sampledValue: SampledValue[]): MeterValue => ({ timestamp: at(minute), sampledValue });

/** A booted simulator of a new station, with an accepted tag of its own. */
export async function aChargerWithTag(app: TestApp): Promise<{ cp: ChargePoint; stationId: number; idTag: string }> {
  const station = await aStation(app.services);
  const idTag = await anIdTag(app.services);
  const cp = await bootedCharger(app, station.chargeBoxId);
  return { cp, stationId: station.id, idTag };
}

/** A StartTransaction on connector 1; its transactionId. */
export async function started(cp: ChargePoint, idTag: string, meterStart = 1_000, minute = 0): Promise<number> {
  const { transactionId } = await cp.call('StartTransaction', { connectorId: 1, idTag, meterStart, timestamp: at(minute) });
  return transactionId;
}
