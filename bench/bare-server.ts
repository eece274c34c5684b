// The ceiling: a bare ocpp-rpc server in strict mode that answers every charger message at once and does
// nothing else (no database, no auth check). `npm run bench` drives it with the same load as the central
// system and prints our throughput as a fraction of its.
import { createServer } from 'node:http';
import { createRpcServer, type RpcConnection } from '../src/ocpp/rpc-adapter.js';

const port = Number(process.env.PORT ?? 0);
let nextTransactionId = 1;
const idTagInfo = { status: 'Accepted' };

// The same ocpp-rpc options as the central system (src/ocpp/server.ts), so only our own work differs.
const server = createRpcServer<object>({
  protocols: ['ocpp1.6'], strictMode: true, pingIntervalMs: Number(process.env.PING_INTERVAL_MS ?? 60_000),
  callTimeoutMs: 30_000, callConcurrency: 1,
});
server.auth((accept) => { accept({}, 'ocpp1.6'); return Promise.resolve(); });
server.on('client', (client: RpcConnection<object>) => {
  client.handle('BootNotification', () => Promise.resolve({ status: 'Accepted', currentTime: new Date().toISOString(), interval: 300 }));
  client.handle('Heartbeat', () => Promise.resolve({ currentTime: new Date().toISOString() }));
  client.handle('StatusNotification', () => Promise.resolve({}));
  client.handle('Authorize', () => Promise.resolve({ idTagInfo }));
  client.handle('StartTransaction', () => Promise.resolve({ transactionId: nextTransactionId++, idTagInfo }));
  client.handle('MeterValues', () => Promise.resolve({}));
  client.handle('StopTransaction', () => Promise.resolve({ idTagInfo }));
});

const http = createServer((req, res) => {
  res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'application/json' }).end('{"status":"ok"}');
});
http.on('upgrade', (req, socket, head) => { void server.handleUpgrade(req, socket, head); });
http.listen(port, '127.0.0.1');
process.on('SIGTERM', () => { void server.close({ force: true }).then(() => process.exit(0)); });
