// How many chargers one process may hold (ocpp/connection-capacity.ts), from its descriptor budget.
import { closeSync, openSync } from 'node:fs';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { chargerCapacity, ConnectionCapacity, SPARE_DESCRIPTORS } from '../../src/ocpp/connection-capacity.js';
import { createLogger } from '../../src/shared/logger.js';
import { descriptorsInUse, openFilesLimit, parseOpenFilesLimit } from '../../src/shared/open-files.js';

// As Linux prints it (a few lines of it).
const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max processes             95364                95364                processes
Max open files            20000                524288               files
Max locked memory         8388608              8388608              bytes
`;

describe('the open-files budget', () => {
  it('reads the soft limit of "Max open files", not the hard one', () => {
    expect(parseOpenFilesLimit(LIMITS)).toBe(20_000);
    expect(parseOpenFilesLimit(LIMITS.replace('20000 ', 'unlimited '))).toBeNull();
    expect(parseOpenFilesLimit('Max processes 10 10 processes\n')).toBeNull();
  });

  it('reads this process: a limit, and one descriptor more while a file is open', () => {
    expect(openFilesLimit()).toBeGreaterThan(0);
    const before = descriptorsInUse() as number;
    const fd = openSync(import.meta.filename, 'r');
    try {
      expect(descriptorsInUse()).toBe(before + 1);
    } finally {
      closeSync(fd);
    }
    expect(descriptorsInUse()).toBe(before);
  });
});

describe('chargerCapacity', () => {
  const budget = { openFilesLimit: 20_000, inUse: 45, databaseConnections: 10 };

  it('leaves the descriptors in use, the pool and a spare for the process itself', () => {
    expect(chargerCapacity(null, budget)).toBe(20_000 - 45 - 10 - SPARE_DESCRIPTORS);
  });

  it('takes OCPP_MAX_CONNECTIONS when it is lower, never more than the descriptors allow', () => {
    expect(chargerCapacity(500, budget)).toBe(500);
    expect(chargerCapacity(50_000, budget)).toBe(20_000 - 45 - 10 - SPARE_DESCRIPTORS);
  });

  it('has no bound of its own when the budget cannot be read, and none below zero', () => {
    expect(chargerCapacity(null, { ...budget, openFilesLimit: null })).toBe(Infinity);
    expect(chargerCapacity(7, { ...budget, inUse: null })).toBe(7);
    expect(chargerCapacity(null, { ...budget, openFilesLimit: 40 })).toBe(0);
  });
});

describe('ConnectionCapacity', () => {
  const capacityOf = (max: number) => {
    const c = new ConnectionCapacity(createLogger('silent'));
    c.setCapacity(max);
    return c;
  };

  it('counts a socket until it closes, and answers one past the capacity 503 without counting it', async () => {
    const capacity = capacityOf(1);
    const first = new PassThrough();
    expect(capacity.admit(first)).toBe(true);
    const second = new PassThrough();
    expect(capacity.admit(second)).toBe(false);
    expect(String(second.read())).toMatch(/^HTTP\/1.1 503 Service Unavailable\r\n[^]*Retry-After: 30\r\n/);
    expect(capacity.inUse).toBe(1);

    first.destroy();
    await once(first, 'close');
    expect(capacity.inUse).toBe(0);
    expect(capacity.admit(new PassThrough())).toBe(true);
  });

  it('does not count a socket already closed, which would never be uncounted', async () => {
    const capacity = capacityOf(5);
    const gone = new PassThrough();
    gone.destroy();
    await once(gone, 'close');
    expect(capacity.admit(gone)).toBe(false);
    expect(capacity.inUse).toBe(0);
  });
});
