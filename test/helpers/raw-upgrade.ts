// A WebSocket upgrade over a bare TCP socket, to see what the server answers byte for byte: its HTTP status and
// headers, and, after a 101, the close frame it sends first. The ws client cannot show a 101 without the
// subprotocol it asked for: it fails the connection itself (RFC 6455 §4.1), before any frame is read.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';

export interface RawUpgradeOutcome {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The server's first frame after a 101, when it is a close frame; null otherwise. */
  close: { code: number; reason: string } | null;
}

const OPCODE_CLOSE = 0x8;
const BOUND_MS = 10_000;

export function rawUpgrade(
  port: number, path: string, o: { protocolHeader?: string; from?: string } = {},
): Promise<RawUpgradeOutcome> {
  const socket = connect({ port, host: '127.0.0.1', ...(o.from ? { localAddress: o.from } : {}) });
  const request = [
    `GET ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Upgrade: websocket', 'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`, 'Sec-WebSocket-Version: 13',
    ...(o.protocolHeader === undefined ? [] : [`Sec-WebSocket-Protocol: ${o.protocolHeader}`]),
  ];
  socket.write(`${request.join('\r\n')}\r\n\r\n`);
  return new Promise<RawUpgradeOutcome>((resolve, reject) => {
    let data = Buffer.alloc(0);
    let head: { status: number; headers: Record<string, string> } | null = null;
    const bound = setTimeout(() => finish(new Error(`no answer within ${BOUND_MS} ms`)), BOUND_MS);
    const finish = (outcome: RawUpgradeOutcome | Error) => {
      clearTimeout(bound);
      socket.destroy();
      if (outcome instanceof Error) reject(outcome); else resolve(outcome);
    };
    socket.on('error', (err) => finish(err));
    socket.on('end', () => finish(head ? { ...head, close: null } : new Error('closed before an answer')));
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (!head) {
        const end = data.indexOf('\r\n\r\n');
        if (end < 0) return;
        head = parseHead(data.subarray(0, end).toString('latin1'));
        data = data.subarray(end + 4);
        if (head.status !== 101) return finish({ ...head, close: null });
      }
      if (data.length >= 2 && (data[1]! & 0x7f) > 125) return finish(new Error('frame too long for this helper'));
      const frame = firstFrame(data);
      if (!frame) return;
      finish({ ...head, close: frame.opcode === OPCODE_CLOSE ? closeOf(frame.payload) : null });
    });
  });
}

function parseHead(text: string): { status: number; headers: Record<string, string> } {
  const [statusLine = '', ...lines] = text.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers };
}

/** A server frame (unmasked) with a payload under 126 bytes, as a close frame's is; null until it is all here. */
function firstFrame(data: Buffer): { opcode: number; payload: Buffer } | null {
  if (data.length < 2) return null;
  const length = data[1]! & 0x7f;
  if (data.length < 2 + length) return null;
  return { opcode: data[0]! & 0x0f, payload: data.subarray(2, 2 + length) };
}

function closeOf(payload: Buffer): { code: number; reason: string } {
  return payload.length < 2 ? { code: 1005, reason: '' } : { code: payload.readUInt16BE(0), reason: payload.subarray(2).toString('utf8') };
}
