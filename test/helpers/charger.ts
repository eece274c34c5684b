// The bundled simulator as the charger under test, plus a raw socket for frames no simulator would send.
import WebSocket from 'ws';
import { ChargePoint, type ChargePointOptions } from '../../simulators/charge-point.js';
import type { App } from '../../src/app.js';

const open = new Set<ChargePoint>();
const openRaw = new Set<RawSocket>();
// A frame that does not come within this is a failure to report, not a hang until the test timeout.
const FRAME_TIMEOUT_MS = 5_000;

/** A simulated charger, connected and booted. Closed by closeChargers() (afterEach). */
export async function bootedCharger(app: App, identity: string, o: Partial<ChargePointOptions> = {}): Promise<ChargePoint> {
  const cp = await connectedCharger(app, identity, o);
  await cp.boot();
  return cp;
}

export async function connectedCharger(app: App, identity: string, o: Partial<ChargePointOptions> = {}): Promise<ChargePoint> {
  const cp = new ChargePoint({ url: app.ocppUrl, identity, meterIntervalMs: 100, ...o });
  open.add(cp);
  await cp.connect();
  return cp;
}

export async function closeChargers(): Promise<void> {
  await Promise.all([...open].map((cp) => cp.close().catch(() => undefined)));
  open.clear();
  for (const raw of openRaw) raw.close();
  openRaw.clear();
}

export type Frame = [number, string, ...unknown[]];

/** A bare OCPP-J socket: send any text, read the answers as parsed frames. */
export class RawSocket {
  private readonly inbox: string[] = [];
  private waiters: Array<(s: string) => void> = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = String(data);
      const w = this.waiters.shift();
      if (w) w(text); else this.inbox.push(text);
    });
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  static open(app: App, identity: string, o: { protocols?: string[]; headers?: Record<string, string> } = {}): Promise<RawSocket> {
    const ws = new WebSocket(`${app.ocppUrl}/${identity}`, o.protocols ?? ['ocpp1.6'], { headers: o.headers ?? {} });
    return new Promise((resolve, reject) => {
      ws.once('open', () => {
        const raw = new RawSocket(ws);
        openRaw.add(raw);
        resolve(raw);
      });
      ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { statusCode: res.statusCode })));
      ws.once('error', reject);
    });
  }

  /** The HTTP status a refused handshake gets. */
  static async refusal(app: App, identity: string, o: { protocols?: string[]; headers?: Record<string, string> } = {}): Promise<number> {
    try {
      const s = await RawSocket.open(app, identity, o);
      s.ws.close();
      return 101;
    } catch (err) {
      return (err as { statusCode?: number }).statusCode ?? -1;
    }
  }

  send(text: string): void {
    this.ws.send(text);
  }

  next(): Promise<Frame> {
    const text = this.inbox.shift();
    if (text !== undefined) return Promise.resolve(JSON.parse(text) as Frame);
    return new Promise((resolve, reject) => {
      const waiter = (s: string) => { clearTimeout(timer); resolve(JSON.parse(s) as Frame); };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no frame within ${FRAME_TIMEOUT_MS} ms`));
      }, FRAME_TIMEOUT_MS);
      this.waiters.push(waiter);
    });
  }

  async call(action: string, payload: unknown, id = `m-${Math.random().toString(36).slice(2)}`): Promise<Frame> {
    this.send(JSON.stringify([2, id, action, payload]));
    return this.next();
  }

  close(): void {
    this.ws.close();
  }
}

export const basicAuth = (user: string, password: string): Record<string, string> =>
  ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
