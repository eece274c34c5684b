import { describe, expect, it } from 'vitest';
import { EventBus, type DomainEvents } from '../../../src/shared/events.js';
import { createLogger } from '../../../src/shared/logger.js';

const status: DomainEvents['connector.status'] = {
  stationId: 1, connectorId: 1, status: 'Charging', errorCode: 'NoError', info: null, at: new Date('2026-12-04T10:00:00Z'),
};

describe('EventBus: other nodes\' events', () => {
  it('says whether a name has cluster-wide listeners, as they come and go (the relay decodes only those)', () => {
    const bus = new EventBus(createLogger('silent'));
    bus.on('connector.status', () => undefined);
    bus.onAny(() => undefined);
    expect(bus.hasClusterWide('connector.status')).toBe(false); // this node's listeners do not count

    const stop = bus.onClusterWide('connector.status', () => undefined);
    expect(bus.hasClusterWide('connector.status')).toBe(true);
    expect(bus.hasClusterWide('session.updated')).toBe(false);

    stop();
    expect(bus.hasClusterWide('connector.status')).toBe(false);
  });

  it('hands a remote event to the cluster-wide listeners only', () => {
    const bus = new EventBus(createLogger('silent'));
    const heard: string[] = [];
    bus.on('connector.status', () => heard.push('local'));
    bus.onAny(() => heard.push('any'));
    bus.onClusterWide('connector.status', () => heard.push('wide'));

    bus.receiveRemote('connector.status', status);

    expect(heard).toEqual(['wide']);
  });
});
