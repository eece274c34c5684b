// A slot watcher on a bus of its own (the test speaks for the charger's connection and the other nodes), over a
// station whose connector 1 reported Available; what it announces for that station is collected.
import type { Clock } from '../../src/shared/clock.js';
import { EventBus, type DomainEvents } from '../../src/shared/events.js';
import { createLogger } from '../../src/shared/logger.js';
import { watchSlots } from '../../src/services/slot-watch.js';
import type { TestApp } from './test-app.js';
import { aStation } from './seed.js';

export async function aWatcherOfAnAvailableConnector(app: TestApp, clock: Clock) {
  const station = await aStation(app.services);
  await app.services.connectors.recordStatus({
    stationId: station.id, connectorId: 1, status: 'Available', errorCode: 'NoError',
    info: null, vendorId: null, vendorErrorCode: null, chargerTimestamp: null,
  });
  const log = createLogger('silent');
  const events = new EventBus(log);
  const watcher = watchSlots({ db: app.database.db, clock, events, log });
  const announced: Array<DomainEvents['slot.changed']> = [];
  events.on('slot.changed', (e) => { if (e.stationId === station.id) announced.push(e); });
  return { station, events, watcher, announced };
}
