// NATS_URL as a log line may name it (cluster/nats-link.ts natsAddress): host:port only, never user info.
import { describe, expect, it } from 'vitest';
import { natsAddress } from '../../../src/cluster/nats-link.js';

describe('natsAddress', () => {
  it.each([
    ['nats://user:pass@nats.internal:4222', 'nats.internal:4222'],
    ['nats://token@10.0.0.5:4222', '10.0.0.5:4222'],
    ['nats://127.0.0.1:4222', '127.0.0.1:4222'],
    ['tls://u:p@a.example:4443, nats://u:p@b.example:4222', 'a.example:4443,b.example:4222'],
    ['u:p@host-only:4222', 'host-only:4222'],
    ['nats://nats.internal', 'nats.internal'],
  ])('%s → %s', (url, address) => expect(natsAddress(url)).toBe(address));
});
