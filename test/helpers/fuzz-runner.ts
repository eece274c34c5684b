// Sends a FrameFuzzer's frames over a bare socket of one registered charger, one at a time, and judges each
// answer: a CALLERROR with an OCPP 1.6 code, no answer to a CALLRESULT or CALLERROR, or the connection closed
// (a connection limit, counted; we reconnect and go on).
import WebSocket from 'ws';
import type { FrameFuzzer, FuzzFrame } from './frame-fuzzer.js';

// OCPP-J 1.6 section 4.2.3; ocpp-rpc writes the errata's OccurrenceConstraintViolation, the spec has "Occurence".
export const OCPP16_ERROR_CODES = new Set([
  'NotImplemented', 'NotSupported', 'InternalError', 'ProtocolError', 'SecurityError', 'FormationViolation',
  'PropertyConstraintViolation', 'OccurenceConstraintViolation', 'OccurrenceConstraintViolation', 'TypeConstraintViolation',
  'GenericError',
]);

type Received = { kind: 'frame'; text: string } | { kind: 'closed'; code: number; reason: string } | { kind: 'timeout' };

class FuzzSocket {
  private readonly inbox: Received[] = [];
  private waiter: ((r: Received) => void) | null = null;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => this.push({ kind: 'frame', text: data.toString('utf8') }));
    ws.once('close', (code: number, reason: Buffer) => this.push({ kind: 'closed', code, reason: reason.toString() }));
    ws.on('error', () => undefined); // a close follows
  }

  private push(r: Received): void {
    const w = this.waiter;
    this.waiter = null;
    if (w) w(r); else this.inbox.push(r);
  }

  static open(url: string): Promise<FuzzSocket> {
    const ws = new WebSocket(url, ['ocpp1.6'], { maxPayload: 8 * 1024 * 1024 });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new FuzzSocket(ws)));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`handshake refused: HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  send(data: string | Buffer, binary: boolean): void {
    this.ws.send(data, { binary }, () => undefined); // a send on a closing socket: the close is what we read next
  }

  next(timeoutMs: number): Promise<Received> {
    const queued = this.inbox.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.waiter = null; resolve({ kind: 'timeout' }); }, timeoutMs);
      this.waiter = (r) => { clearTimeout(timer); resolve(r); };
    });
  }

  close(): void {
    this.ws.terminate();
  }
}

export interface FuzzFailure {
  station: string;
  n: number;
  kind: string;
  detail: string;
  frame: string;
  problem: string;
}

export interface FuzzTally {
  frames: number;
  byKind: Record<string, number>;
  /** Mutated CALLs by action. */
  byAction: Record<string, number>;
  answers: Record<string, number>;
  closes: Record<string, number>;
  failures: FuzzFailure[];
}

export const emptyTally = (): FuzzTally => ({ frames: 0, byKind: {}, byAction: {}, answers: {}, closes: {}, failures: [] });

const bump = (m: Record<string, number>, key: string) => { m[key] = (m[key] ?? 0) + 1; };

export function excerpt(data: string | Buffer, max = 160): string {
  if (typeof data !== 'string') return `<${data.length} bytes: ${data.subarray(0, 24).toString('hex')}…>`;
  return data.length > max ? `${JSON.stringify(data.slice(0, max))}… (${data.length} chars)` : JSON.stringify(data);
}

/** Why an answer is not what the frame is owed, or null when it is. */
export function judge(frame: FuzzFrame, text: string, tally: FuzzTally): string | null {
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return `answer is not JSON: ${excerpt(text)}`;
  }
  const a = Array.isArray(answer) ? answer : [];
  if (frame.expect === 'silence') return `got an answer, owed none: ${excerpt(text)}`;
  if (frame.answerId !== null && a[1] !== frame.answerId) return `answer carries id ${excerpt(String(a[1]), 60)}: ${excerpt(text)}`;
  const label = (code: string) => (frame.expect === 'answer' ? `${frame.action} ${code}` : code);
  if (a[0] === 3 && frame.expect === 'answer') {
    bump(tally.answers, label('CALLRESULT'));
    const payload: unknown = a[2];
    return a.length === 3 && payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? null : `malformed CALLRESULT: ${excerpt(text)}`;
  }
  const details: unknown = a[4];
  if (a[0] !== 4 || a.length !== 5 || typeof a[1] !== 'string' || typeof a[3] !== 'string'
    || details === null || typeof details !== 'object' || Array.isArray(details)) {
    return `not a CALLERROR [4, id, code, description, {details}]: ${excerpt(text)}`;
  }
  const code = String(a[2]);
  bump(tally.answers, label(code));
  if (!OCPP16_ERROR_CODES.has(code)) return `error code ${code} is not an OCPP 1.6 one`;
  // Invalid by construction: it must be refused before any handler runs, not fail inside one.
  if (code === 'InternalError' && frame.expect === 'callerror') return `InternalError: an invalid frame reached a handler (${excerpt(String(a[3]), 80)})`;
  return null;
}

export interface FuzzStationOptions {
  url: string;
  station: string;
  fuzzer: FrameFuzzer;
  edge: boolean;
  /** The quota: this many frames at least, whatever the clock says. */
  minFrames: number;
  /** Past the quota, frames go on while `until` is false, up to this many in all. */
  maxFrames: number;
  until(): boolean;
  answerTimeoutMs: number;
}

/** Fuzzes one charger for its quota of frames (and on, up to a cap, until a condition holds); each is judged. */
export async function fuzzStation(o: FuzzStationOptions, tally: FuzzTally): Promise<void> {
  let socket = await openWithRetry(o.url);
  const fail = (frame: FuzzFrame, problem: string) => tally.failures.push({
    station: o.station, n: frame.n, kind: frame.kind, detail: frame.detail, frame: excerpt(frame.data), problem,
  });
  // Resynchronises after a frame went wrong: whatever else arrives on the old socket cannot be told apart.
  const reopen = async () => { socket.close(); socket = await openWithRetry(o.url); };

  for (let sent = 0; sent < o.maxFrames && (sent < o.minFrames || !o.until()); sent++) {
    const frame = o.fuzzer.next({ edge: o.edge });
    tally.frames += 1;
    bump(tally.byKind, frame.kind);
    if (frame.kind === 'mutated-call' && frame.action) bump(tally.byAction, frame.action);
    socket.send(frame.data, frame.binary);
    // Owed no answer: a probe that must be answered follows, and its answer must be the next frame we read.
    const awaited = frame.expect === 'silence' ? o.fuzzer.probe() : frame;
    if (awaited !== frame) socket.send(awaited.data, awaited.binary);
    const got = await socket.next(o.answerTimeoutMs);
    if (got.kind === 'closed') {
      bump(tally.closes, `${got.code} ${got.reason || '-'} (after ${frame.kind})`);
      socket = await openWithRetry(o.url);
      continue;
    }
    if (got.kind === 'timeout') {
      fail(frame, `no answer within ${o.answerTimeoutMs} ms, connection still open`);
      await reopen();
      continue;
    }
    const problem = awaited === frame ? judge(frame, got.text, tally) : probeProblem(frame, awaited, got.text, tally);
    if (problem) {
      fail(frame, problem);
      await reopen();
    }
  }
  socket.close();
}

function probeProblem(frame: FuzzFrame, probe: FuzzFrame, text: string, tally: FuzzTally): string | null {
  const looksLikeProbe = text.includes(JSON.stringify(probe.answerId));
  return looksLikeProbe ? judge(probe, text, tally) : judge(frame, text, tally);
}

async function openWithRetry(url: string): Promise<FuzzSocket> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await FuzzSocket.open(url);
    } catch (err) {
      if (attempt >= 5) throw new Error(`cannot reconnect to ${url}: ${String(err)}`);
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}
