// An upgrade refused before ws sees it, with a time to come back (RFC 9110 §10.2.3 Retry-After): the raw HTTP
// answer on the upgrade's socket, which is then closed. Used for 429 (handshake-limit.ts) and 503
// (connection-capacity.ts).
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

export function refuseUpgradeUntil(socket: Duplex, status: number, retryAfterS: number, body: string): void {
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nRetry-After: ${retryAfterS}\r\n`
    + `Content-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}
