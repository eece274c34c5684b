// Extra accept handles on the listening socket (shared/accept-handles.ts): Node 20's libuv accepts one connection
// per listening handle per turn of the event loop, which held a connect storm at 100-200 accepts a second. With N
// handles a turn accepts up to N; every connection still reaches the server's own listeners; and stopping the
// central system closes them all, so nothing is accepted on its port afterwards.
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { addAcceptHandles } from '../../../src/shared/accept-handles.js';
import { startTestApp } from '../../helpers/test-app.js';
import { closeChargers, RawSocket } from '../../helpers/charger.js';
import { aStation } from '../../helpers/seed.js';

const servers: net.Server[] = [];
afterEach(() => { for (const s of servers.splice(0)) s.close(); });

async function listening<S extends net.Server>(server: S): Promise<S> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 512 }, resolve));
  return server;
}

const portOf = (server: net.Server) => (server.address() as net.AddressInfo).port;

/**
 * `n` connections made while this process's loop is held (a child connects them, spawnSync blocks us until it
 * has): all wait in the kernel's queue, then the most accepted in one turn of our loop (turns counted by
 * setImmediate).
 */
async function mostAcceptedInOneTurn(server: net.Server, n: number): Promise<number> {
  const perTurn: number[] = [0];
  server.on('connection', (socket: net.Socket) => { perTurn[perTurn.length - 1]! += 1; socket.destroy(); });
  const connectAll = `let open = 0; const net = require('node:net'); const all = [];
    for (let i = 0; i < ${n}; i++) all.push(net.connect(${portOf(server)}, '127.0.0.1', () => { if (++open === ${n}) process.exit(0); }));`;
  expect(spawnSync(process.execPath, ['-e', connectAll], { timeout: 30_000 }).status).toBe(0);
  await new Promise<void>((resolve) => {
    const turn = () => {
      if (perTurn.reduce((a, b) => a + b, 0) === n) return resolve();
      perTurn.push(0);
      setImmediate(turn);
    };
    setImmediate(turn);
  });
  return Math.max(...perTurn);
}

describe('extra accept handles', () => {
  it('accept one connection per turn per handle: 8 handles take 8 in a turn where the socket alone takes 1', async () => {
    const alone = await listening(net.createServer());
    expect(await mostAcceptedInOneTurn(alone, 20)).toBe(1);

    const server = await listening(net.createServer());
    servers.push(...await addAcceptHandles(server, 7, 512));
    expect(await mostAcceptedInOneTurn(server, 20)).toBe(8);
  });

  it('hand every connection to the server, which answers each request', async () => {
    const server = await listening(http.createServer((req, res) => res.end(`answered ${req.url}`)));
    const copies = await addAcceptHandles(server, 15, 512);
    servers.push(...copies);
    const accepted = new Set<net.Server>();
    for (const copy of copies) copy.on('connection', () => accepted.add(copy));

    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => fetch(`http://127.0.0.1:${portOf(server)}/${i}`, {
      headers: { connection: 'close' },
    }).then((r) => r.text())));

    expect(answers).toEqual(Array.from({ length: 40 }, (_, i) => `answered /${i}`));
    expect(accepted.size).toBeGreaterThan(0); // some came in through the copies, not only the socket itself
  });
});

describe('the central system', () => {
  afterEach(closeChargers);

  it('accepts nothing on its port once stopped: every accept handle is closed', async () => {
    const app = await startTestApp();
    const station = await aStation(app.services);
    const charger = await RawSocket.open(app, station.chargeBoxId);
    const [, , boot] = await charger.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    expect((boot as { status: string }).status).toBe('Accepted');

    await app.stop();
    const refused = await new Promise<string>((resolve) => {
      const socket = net.connect(app.port, '127.0.0.1', () => { socket.destroy(); resolve('connected'); });
      socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});
