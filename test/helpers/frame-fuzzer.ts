// Random and mutated OCPP-J frames for the fuzz test, from a seeded PRNG: the same seed gives the same frames,
// so a failure is reproduced by running the test again with FUZZ_SEED set to the seed it printed.
// Every frame says what the central system owes it: a CALLERROR ('callerror': it is invalid by construction),
// no answer at all ('silence': a CALLRESULT or CALLERROR, OCPP-J 1.6 section 4.2), or either a CALLRESULT or a
// CALLERROR ('answer': edge frames the schema admits, which may legitimately be accepted and written).
import type { InboundAction } from '../../src/ocpp/wire/index.js';
import {
  basePayload, breakPayload, deepNesting, edgePayload, INBOUND_ACTIONS, junk, oddString, RawJson, toJson,
  type FuzzTarget,
} from './payload-mutations.js';
import { Prng } from './prng.js';

export { Prng };

export const FRAME_KINDS = [
  'mutated-call', 'unknown-action', 'garbage-text', 'garbage-binary', 'invalid-utf8-text', 'not-json', 'not-an-array',
  'wrong-array', 'wrong-message-type', 'orphan-callresult', 'orphan-callerror', 'empty', 'long-frame', 'deep-nesting',
] as const;
export type FrameKind = (typeof FRAME_KINDS)[number] | 'edge-call';
export type Expect = 'callerror' | 'silence' | 'answer';

export interface FuzzFrame {
  n: number;
  kind: FrameKind;
  /** The mutations applied, or the variant: for the report. */
  detail: string;
  data: string | Buffer;
  binary: boolean;
  expect: Expect;
  /** The message id the answer must carry: known only for a CALL whose id is a string. */
  answerId: string | null;
  action: string | null;
}

const WEIGHTS: Record<(typeof FRAME_KINDS)[number], number> = {
  'mutated-call': 40, 'unknown-action': 8, 'garbage-text': 4, 'garbage-binary': 4, 'invalid-utf8-text': 1, 'not-json': 7,
  'not-an-array': 5, 'wrong-array': 7, 'wrong-message-type': 5, 'orphan-callresult': 4, 'orphan-callerror': 4, empty: 1,
  'long-frame': 2, 'deep-nesting': 3,
};

// Actions we never accept from a charger: the other direction's, OCPP 2.0.1's, near misses and JavaScript's own names.
const UNKNOWN_ACTIONS = [
  'RemoteStartTransaction', 'Reset', 'TransactionEvent', 'NotifyReport', 'SignCertificate', 'heartbeat', 'HEARTBEAT',
  ' Heartbeat', 'Heartbeat ', 'Heart beat', 'StartTransaction\u0000', '', '__proto__', 'constructor', 'toString',
  'hasOwnProperty', 'valueOf', '../Heartbeat', 'urn:Heartbeat.req', '🔌',
];

/** What the central system owes a frame, from its text alone; null for a CALL envelope (then the payload decides). */
export function classify(text: string): Exclude<Expect, 'answer'> | null {
  if (text.length === 0) return 'silence'; // ocpp-rpc ignores empty frames on purpose (lib/client.js: some chargers send them)
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return 'callerror';
  }
  if (!Array.isArray(frame) || typeof frame[0] !== 'number') return 'callerror';
  if (frame[0] === 3 || frame[0] === 4) return 'silence';
  if (frame[0] !== 2 || typeof frame[1] !== 'string' || typeof frame[2] !== 'string') return 'callerror';
  return null;
}

export class FrameFuzzer {
  private count = 0;

  constructor(private readonly rng: Prng, private readonly name: string, private readonly target: FuzzTarget) {}

  /** The next bad frame; edge frames (schema-valid edge values) instead when `edge` is set. */
  next(o: { edge?: boolean } = {}): FuzzFrame {
    this.count += 1;
    if (o.edge) return this.edgeFrame();
    const kinds = Object.keys(WEIGHTS) as Array<keyof typeof WEIGHTS>;
    let roll = this.rng.int(kinds.reduce((sum, k) => sum + WEIGHTS[k], 0));
    // Each kind once first, so that even a short run covers them all; then by weight.
    const kind = kinds[this.count - 1] ?? kinds.find((k) => (roll -= WEIGHTS[k]) < 0)!;
    const frame = this.make(kind);
    this.check(frame);
    // Some of the JSON ones again as binary frames: ocpp-rpc reads those as UTF-8 text.
    if (typeof frame.data === 'string' && frame.data.length > 0 && this.rng.chance(0.1)) {
      return { ...frame, data: Buffer.from(frame.data), binary: true, detail: `${frame.detail} (binary)` };
    }
    return frame;
  }

  /** A frame that must be answered at once, to prove that the frame before it was not. */
  probe(): FuzzFrame {
    const id = `${this.name}-probe-${++this.count}`;
    return this.frame('mutated-call', 'probe', toJson([2, id, 'Heartbeat', { probe: this.count }]), 'callerror', id, 'Heartbeat');
  }

  private id(): string {
    const plain = `${this.name}-${this.count}`;
    if (!this.rng.chance(0.1)) return plain;
    // OCPP-J caps ids at 36 characters; ocpp-rpc echoes any string.
    // Unique all the same: a repeated id is a retransmission, answered once (call-guard.ts).
    return this.rng.pick([`${plain}-${oddString(this.rng, this.rng.between(37, 5_000))}`, `${plain}-🔌-\u0000`]);
  }

  private at(): string {
    return new Date().toISOString();
  }

  private frame(kind: FrameKind, detail: string, data: string | Buffer, expect: Expect, answerId: string | null, action: string | null): FuzzFrame {
    return { n: this.count, kind, detail, data, binary: typeof data !== 'string', expect, answerId, action };
  }

  private mutatedCall(kind: FrameKind, padToBytes = 0): FuzzFrame {
    const action = this.rng.pick(INBOUND_ACTIONS);
    const broken = breakPayload(this.rng, action, basePayload(action, this.target, this.at()));
    let payload = broken.payload;
    if (padToBytes > 0) {
      // One more property the schema does not have (additionalProperties is false everywhere), a large one.
      const padding = oddString(this.rng, padToBytes);
      if (payload !== null && typeof payload === 'object' && !Array.isArray(payload) && !(payload instanceof RawJson)) {
        Object.defineProperty(payload, 'fuzzPadding', { value: padding, enumerable: true });
      } else {
        payload = { fuzzPadding: padding };
      }
    }
    const id = this.id();
    return this.frame(kind, `${action}: ${broken.breaks.join(', ')}`, toJson([2, id, action, payload]), 'callerror', id, action);
  }

  private make(kind: keyof typeof WEIGHTS): FuzzFrame {
    const r = this.rng;
    const id = `${this.name}-${this.count}`;
    const validText = () => toJson([2, id, r.pick(INBOUND_ACTIONS), { probe: true }]);
    switch (kind) {
      case 'mutated-call':
        return this.mutatedCall(kind);
      case 'unknown-action': {
        const action = r.chance(0.1) ? oddString(r, r.between(1, 10_000)) : r.pick(UNKNOWN_ACTIONS);
        const payload = r.chance(0.5) ? {} : junk(r);
        return this.frame(kind, JSON.stringify(action.slice(0, 40)), toJson([2, id, action, payload]), 'callerror', id, action);
      }
      case 'garbage-text': {
        // Characters that cannot start a JSON value first, so that no garbage is accidentally a frame.
        const text = `${r.pick(['x', '<', '#', '\u0000', '🔌', ' x'])}${oddString(r, r.between(0, 500))}`;
        return this.frame(kind, `${text.length} characters`, text, 'callerror', null, null);
      }
      case 'garbage-binary': {
        const bytes = Buffer.from(Array.from({ length: r.between(1, 2_000) }, () => r.int(256)));
        bytes[0] = 0xff; // never valid UTF-8, let alone JSON
        return this.frame(kind, `${bytes.length} bytes`, bytes, 'callerror', null, null);
      }
      case 'invalid-utf8-text': {
        // A text frame must be UTF-8 (RFC 6455 section 8.1): the server may close the connection with 1007.
        return { ...this.frame(kind, 'text frame with 0xff', Buffer.from([0x5b, 0x32, 0x2c, 0xff, 0xfe, 0x5d]), 'callerror', null, null), binary: false };
      }
      case 'not-json': {
        const text = validText();
        const variants: Array<[string, string]> = [
          ['truncated', text.slice(0, r.between(1, text.length - 1))],
          ['single quotes', text.replaceAll('"', "'")], ['trailing comma', `${text.slice(0, -1)},]`],
          ['NaN', `[2,"${id}","MeterValues",{"connectorId":NaN}]`], ['comment', `/* hi */${text}`],
          ['trailing garbage', `${text}x`], ['two frames', `${text}${text}`], ['BOM', `\ufeff${text}`],
          ['unquoted key', `[2,"${id}","Authorize",{idTag:"X"}]`], ['whitespace', r.pick([' ', '\n', '\t \r\n'])],
          ['bare word', r.pick(['undefined', 'Heartbeat', 'CALL', '2,"a","Heartbeat",{}'])],
        ];
        const [detail, data] = r.pick(variants);
        return this.frame(kind, detail, data, 'callerror', null, null);
      }
      case 'not-an-array': {
        const value = r.pick<unknown>([{ messageTypeId: 2, uniqueId: id, action: 'Heartbeat', payload: {} }, 'Heartbeat', 2, null, true, {}, { 0: 2, 1: id, 2: 'Heartbeat', 3: {}, length: 4 }]);
        return this.frame(kind, typeof value, toJson(value), 'callerror', null, null);
      }
      case 'wrong-array': {
        const bad = { probe: 'extra property' }; // with a well-formed envelope, the payload must still break the schema
        const variants: Array<[string, unknown[], string | null]> = [
          ['empty', [], null], ['type only', [2], null], ['no action', [2, id], id], ['no payload', [2, id, 'Heartbeat'], id],
          ['numeric id', [2, 12345, 'Heartbeat', {}], null], ['null id', [2, null, 'Heartbeat', {}], null],
          ['object id', [2, { id }, 'Heartbeat', {}], null], ['numeric action', [2, id, 42, {}], id],
          ['array action', [2, id, ['Heartbeat'], {}], id], ['string type', ['2', id, 'Heartbeat', {}], null],
          ['extra elements', [2, id, 'Heartbeat', bad, 'extra', 1], id], ['nested frame', [[2, id, 'Heartbeat', {}]], null],
          ['payload array', [2, id, 'Heartbeat', []], id], ['payload string', [2, id, 'Authorize', '{"idTag":"X"}'], id],
        ];
        const [detail, value, answerId] = r.pick(variants);
        return this.frame(kind, detail, toJson(value), 'callerror', answerId, null);
      }
      case 'wrong-message-type': {
        const type = r.pick<unknown>([0, 1, 5, 6, 7, 99, -2, 2.5, 1e9, new RawJson('1e400', 'number'), new RawJson('-0.0', 'number')]);
        return this.frame(kind, toJson(type), toJson([type, id, 'Heartbeat', {}]), 'callerror', null, null);
      }
      case 'orphan-callresult': {
        const value = r.pick<unknown[]>([[3, `never-sent-${id}`, {}], [3, `never-sent-${id}`, junk(r)], [3], [3, 42, {}], [3, id, { status: 'Accepted' }, 'x']]);
        return this.frame(kind, `${value.length} elements`, toJson(value), 'silence', null, null);
      }
      case 'orphan-callerror': {
        const value = r.pick<unknown[]>([
          [4, `never-sent-${id}`, 'GenericError', 'no', {}], [4, id, 'NotACode', junk(r), junk(r)], [4], [4, null], [4, id, 'InternalError'],
        ]);
        return this.frame(kind, `${value.length} elements`, toJson(value), 'silence', null, null);
      }
      case 'empty':
        return this.frame(kind, 'empty frame', r.chance(0.5) ? '' : Buffer.alloc(0), 'silence', null, null);
      case 'long-frame':
        return this.mutatedCall(kind, r.between(200_000, 1_000_000));
      case 'deep-nesting': {
        const nest = deepNesting(r);
        const variants: Array<[string, string, string | null]> = [
          ['whole frame', nest.text, null], ['as payload', toJson([2, id, r.pick(INBOUND_ACTIONS), nest]), id],
          ['as idTag', toJson([2, id, 'Authorize', { idTag: nest }]), id],
          ['in extra property', toJson([2, id, 'Heartbeat', { deep: nest }]), id],
        ];
        const [detail, data, answerId] = r.pick(variants);
        return this.frame(kind, `${detail}, ${nest.text.length} characters`, data, 'callerror', answerId, null);
      }
    }
  }

  private edgeFrame(): FuzzFrame {
    const action: InboundAction = this.rng.pick(INBOUND_ACTIONS);
    const id = `${this.name}-${this.count}`;
    return this.frame('edge-call', action, toJson([2, id, action, edgePayload(this.rng, action, this.target, this.at())]), 'answer', id, action);
  }

  /** A generator bug, not a server one: the frame's declared expectation must match what its text says. */
  private check(frame: FuzzFrame): void {
    if (frame.kind === 'invalid-utf8-text') return;
    const text = typeof frame.data === 'string' ? frame.data : frame.data.toString('utf8');
    const c = classify(text);
    if (c !== null && c !== frame.expect) throw new Error(`frame generator bug: ${frame.kind} ${frame.detail} is ${c}, declared ${frame.expect}`);
    if (c === null && !['mutated-call', 'unknown-action', 'long-frame', 'deep-nesting', 'wrong-array'].includes(frame.kind)) {
      throw new Error(`frame generator bug: ${frame.kind} ${frame.detail} is a well-formed CALL`);
    }
  }
}
