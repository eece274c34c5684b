// The node's NATS connection (cluster/nats-link.ts) against a throwaway nats-server: it closes while NATS is down
// (drain() cannot flush then), and its log lines name the server without credentials.
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { openNatsLink, type NatsLink } from '../../src/cluster/nats-link.js';
import { createLogger } from '../../src/shared/logger.js';
import { NatsServer, natsServerBinary } from '../helpers/nats-server.js';
import { waitFor } from '../helpers/wait-for.js';

const reason = natsServerBinary() ? null : 'nats-server is not installed (Debian package nats-server)';

describe.skipIf(reason !== null)(`NATS link${reason ? ` (skipped: ${reason})` : ''}`, () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

  async function aLink(): Promise<{ server: NatsServer; link: NatsLink; logs: Array<Record<string, unknown>> }> {
    const server = await NatsServer.start();
    cleanups.push(() => server.remove());
    const logs: Array<Record<string, unknown>> = [];
    const sink = new Writable({ write(chunk: Buffer, _e, done) { logs.push(JSON.parse(chunk.toString()) as Record<string, unknown>); done(); } });
    const natsUrl = server.url.replace('nats://', 'nats://someone:s3cret@');
    const link = await openNatsLink({ natsUrl, name: 'test_link', nodeId: 'node-a', eventRetentionH: 1 }, createLogger('info', sink));
    cleanups.push(() => link.close());
    return { server, link, logs };
  }

  it('closes while NATS is down, and the client stops reconnecting', async () => {
    const { server, link } = await aLink();
    await server.stop();
    await waitFor(() => !link.connected, 10_000);
    await link.close();
    expect(link.nc.isClosed()).toBe(true);
  });

  it('logs a disconnect and the reconnect with host:port only, never the credentials in NATS_URL', async () => {
    const { server, link, logs } = await aLink();
    await server.stop();
    await waitFor(() => !link.connected, 10_000);
    await server.resume();
    await waitFor(() => link.connected, 10_000);
    const lines = logs.filter((l) => l.msg === 'NATS connection lost; reconnecting' || l.msg === 'NATS connection back');
    expect(lines.map((l) => l.nats)).toEqual([`127.0.0.1:${server.port}`, `127.0.0.1:${server.port}`]);
    expect(JSON.stringify(logs)).not.toContain('s3cret');
  });
});
