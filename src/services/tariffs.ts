// Tariffs (admin writes, viewer reads). Changing or deleting one never touches an issued invoice: invoices copy
// the prices they used onto their lines.
import * as store from '../store/index.js';
import { inTransaction } from '../store/db.js';
import type { Tariff } from '../domain/pricing.js';
import type { TariffFields } from '../store/tariffs.js';
import type { ServiceDeps } from './deps.js';

export type TariffInput = TariffFields & { stationIds?: number[] };

/** Tariffs and the stations they price (admin writes, viewer reads). */
export interface TariffService {
  /** Every tariff with its stations. */
  list(): Promise<Tariff[]>;
  /** One tariff; NotFound naming tariffId. */
  get(tariffId: number): Promise<Tariff>;
  /** A new tariff, with its stations moved to it from any other; NotFound naming stationIds. */
  create(input: TariffInput): Promise<Tariff>;
  /** Changes the given fields; stationIds, when given, become exactly its stations. NotFound naming tariffId or stationIds. */
  update(tariffId: number, input: Partial<TariffInput>): Promise<Tariff>;
  /** Deletes it (issued invoices keep their own copy of its prices); NotFound naming tariffId. */
  remove(tariffId: number): Promise<void>;
}

export function makeTariffService(d: ServiceDeps): TariffService {
  return {
    list: () => store.tariffs.listTariffs(d.db),
    get: (tariffId: number) => store.tariffs.getTariff(d.db, tariffId),
    create: (input: TariffInput): Promise<Tariff> => inTransaction(d.db, async (tx) => {
      const { stationIds, ...fields } = input;
      const id = await store.tariffs.insertTariff(tx, fields, d.clock.now());
      if (stationIds) await store.tariffs.assignStations(tx, id, stationIds);
      return store.tariffs.getTariff(tx, id);
    }),
    update: (tariffId: number, input: Partial<TariffInput>): Promise<Tariff> => inTransaction(d.db, async (tx) => {
      await store.tariffs.getTariff(tx, tariffId);
      const { stationIds, ...fields } = input;
      await store.tariffs.updateTariff(tx, tariffId, fields, d.clock.now());
      if (stationIds) await store.tariffs.assignStations(tx, tariffId, stationIds);
      return store.tariffs.getTariff(tx, tariffId);
    }),
    remove: (tariffId: number) => inTransaction(d.db, (tx) => store.tariffs.deleteTariff(tx, tariffId)),
  };
}
