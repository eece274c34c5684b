// One OCPP upgrade attempt over a real socket, from a chosen loopback address (every 127.x.y.z reaches a
// server on 127.0.0.1, and the server sees that address as the remote one): its HTTP status and headers.
import WebSocket from 'ws';
import type { App } from '../../src/app.js';
import { basicAuth } from './charger.js';

export interface UpgradeOutcome {
  status: number; // 101 when the socket opened (it is closed at once)
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function upgrade(
  app: App, identity: string, o: { password?: string; from?: string; protocols?: string[] } = {},
): Promise<UpgradeOutcome> {
  const ws = new WebSocket(`${app.ocppUrl}/${identity}`, o.protocols ?? ['ocpp1.6'], {
    headers: o.password === undefined ? {} : basicAuth(identity, o.password),
    ...(o.from ? { localAddress: o.from } : {}),
  });
  return new Promise((resolve, reject) => {
    ws.once('upgrade', (res) => {
      ws.once('open', () => { ws.close(); resolve({ status: 101, headers: res.headers, body: '' }); });
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      res.on('end', () => { ws.terminate(); resolve({ status: res.statusCode ?? -1, headers: res.headers, body }); });
    });
    ws.once('error', reject);
  });
}
