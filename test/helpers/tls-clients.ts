// Clients for the TLS listener: a bare WebSocket upgrade that reports the HTTP status and reason of a refused
// handshake (101 when it opens), and an https GET, both trusting the test CA and optionally showing a client
// certificate.
import { request } from 'node:https';
import WebSocket from 'ws';

export interface TlsClientOptions { ca?: Buffer; cert?: Buffer; key?: Buffer; headers?: Record<string, string> }
export interface HttpAnswer { status: number; body: string }

/** Works for ws:// and wss:// alike: the URL decides. */
export function upgradeAnswer(url: string, o: TlsClientOptions = {}): Promise<HttpAnswer> {
  const ws = new WebSocket(url, ['ocpp1.6'], { ...tlsOf(o), headers: o.headers ?? {} });
  return new Promise((resolve, reject) => {
    ws.once('open', () => { ws.close(); resolve({ status: 101, body: '' }); });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => { body += chunk; });
      res.once('end', () => { ws.terminate(); resolve({ status: res.statusCode ?? -1, body }); });
    });
    ws.once('error', reject);
  });
}

export function httpsGet(url: string, o: TlsClientOptions = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', ...tlsOf(o), headers: o.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => { body += chunk; });
      res.once('end', () => resolve({ status: res.statusCode ?? -1, body }));
    });
    req.once('error', reject);
    req.end();
  });
}

const tlsOf = (o: TlsClientOptions) => ({ ...(o.ca && { ca: o.ca }), ...(o.cert && { cert: o.cert }), ...(o.key && { key: o.key }) });
