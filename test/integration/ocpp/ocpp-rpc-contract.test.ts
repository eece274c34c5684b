// What we rely on in ocpp-rpc beyond its documented API, one test per behaviour (the list is in
// src/ocpp/rpc-adapter.ts). Each runs ocpp-rpc through the adapter on a real loopback socket, with a bare ws
// client as the charger, so an ocpp-rpc upgrade that changes one of them fails here, by name, and not somewhere
// deep in a handler test. No central system, no database: only the library and the adapter.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  ajvErrorsOf, answerBadFramesAsOcpp16, callCharger, chargerPayloads, createRpcError, createRpcServer, formatError,
  gateInboundCalls, isRpcError, ocpp16Schemas, onBadFrame, onInboundAnswer, onMessageTooBig, standardValidator,
  useChargerValidator, type BadFrame, type RpcConnection, type RpcErrorCode, type RpcServer,
} from '../../../src/ocpp/rpc-adapter.js';
import { upgradeTarget } from '../../../src/ocpp/subprotocol.js';
import { waitFor } from '../../helpers/wait-for.js';

type Connection = RpcConnection<Record<string, never>>;
type Frame = [number, string, ...unknown[]];

const FRAME_TIMEOUT_MS = 5_000;

/** A bare OCPP-J 1.6 socket: the charger, sending any text and reading frames. */
class Peer {
  private readonly inbox: Frame[] = [];
  private waiters: Array<(f: Frame) => void> = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      const w = this.waiters.shift();
      if (w) w(frame); else this.inbox.push(frame);
    });
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  next(): Promise<Frame> {
    const queued = this.inbox.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no frame came')), FRAME_TIMEOUT_MS);
      this.waiters.push((f) => { clearTimeout(timer); resolve(f); });
    });
  }
}

interface Harness { connection: Connection; peer: Peer }

const stops: Array<() => Promise<void>> = [];
afterEach(async () => { await Promise.all(stops.splice(0).map((stop) => stop())); });

/** Serves an adapter-made server's upgrades on a loopback port (closed after the test); returns the port. */
async function serve(rpcServer: RpcServer<Record<string, never>>): Promise<number> {
  const http: Server = createServer();
  http.on('upgrade', (req, socket, head) => void rpcServer.handleUpgrade(req, socket, head));
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  stops.push(async () => {
    await rpcServer.close({ force: true });
    await new Promise((resolve) => http.close(resolve));
  });
  return (http.address() as AddressInfo).port;
}

/** An adapter-made strict-mode server on port 0, one charger connected to it; `setup` runs on 'client', as
 * ocpp/server.ts does its own, before any frame of the charger's is read. */
async function connect(setup: (c: Connection) => void, o: { maxMessageBytes?: number } = {}): Promise<Harness> {
  const rpcServer: RpcServer<Record<string, never>> = createRpcServer({
    protocols: ['ocpp1.6'], strictMode: true, pingIntervalMs: 0, callTimeoutMs: 5_000, callConcurrency: 1, ...o,
  });
  const port = await serve(rpcServer);
  const connected = new Promise<Connection>((resolve) => rpcServer.on('client', (c: Connection) => { setup(c); resolve(c); }));
  const ws = new WebSocket(`ws://127.0.0.1:${port}/CP-1`, ['ocpp1.6']);
  await once(ws, 'open');
  stops.push(async () => { ws.terminate(); });
  return { connection: await connected, peer: new Peer(ws) };
}

const heartbeat = async () => ({ currentTime: new Date().toISOString() });
const released = () => {
  let release = (): void => undefined;
  const promise = new Promise<void>((resolve) => { release = resolve; });
  return { promise, release };
};

describe('ocpp-rpc, as the adapter relies on it', () => {
  it('_onCall is called once per parsed CALL and resolves, never rejects, after the answer is sent', async () => {
    const gated: string[] = [];
    const sent: string[] = [];
    const settled: Array<{ id: string; answerSent: boolean; rejected: boolean }> = [];
    const { peer } = await connect((c) => {
      c.handle('Heartbeat', heartbeat);
      c.handle('DataTransfer', () => Promise.reject(new Error('handler broke')));
      c.on('message', (e: { outbound: boolean; message: string }) => {
        if (e.outbound) sent.push((JSON.parse(e.message) as Frame)[1]);
      });
      gateInboundCalls(c, (id, run) => {
        gated.push(id);
        run().then(() => settled.push({ id, answerSent: sent.includes(id), rejected: false }),
          () => settled.push({ id, answerSent: sent.includes(id), rejected: true }));
      });
    });

    peer.send([2, 'a', 'Heartbeat', {}]);
    peer.send([2, 'b', 'DataTransfer', { vendorId: 'V' }]); // the handler throws
    peer.send([2, 'c', 'Heartbeat', { extra: 1 }]); // strict mode refuses it
    peer.send([2, 'd', 'NoSuchAction', {}]); // no handler
    const answers = [await peer.next(), await peer.next(), await peer.next(), await peer.next()];

    // This gate runs them at once, so the answers may come in any order.
    expect(answers.map((f) => [f[0], f[1]]).sort((x, y) => String(x[1]).localeCompare(String(y[1]))))
      .toEqual([[3, 'a'], [4, 'b'], [4, 'c'], [4, 'd']]);
    expect(gated).toEqual(['a', 'b', 'c', 'd']);
    await waitFor(() => settled.length === 4);
    expect(settled.sort((x, y) => x.id.localeCompare(y.id)))
      .toEqual(['a', 'b', 'c', 'd'].map((id) => ({ id, answerSent: true, rejected: false })));
  });

  it('a repeated pending message id reaches the gate; ocpp-rpc sends nothing for it of its own', async () => {
    const gated: string[] = [];
    const slow = released();
    const { peer } = await connect((c) => {
      c.handle('DataTransfer', async () => { await slow.promise; return { status: 'Accepted' }; });
      c.handle('Heartbeat', heartbeat);
      const admitted = new Set<string>();
      gateInboundCalls(c, (id, run) => {
        gated.push(id);
        if (admitted.has(id)) return; // dropped, as call-guard.ts drops a repeat
        admitted.add(id);
        void run();
      });
    });

    peer.send([2, 'dup', 'DataTransfer', { vendorId: 'V' }]);
    peer.send([2, 'dup', 'DataTransfer', { vendorId: 'V' }]);
    await waitFor(() => gated.length === 2);
    slow.release();
    peer.send([2, 'hb', 'Heartbeat', {}]);

    // ocpp-rpc's own answer to the repeat (RpcFrameworkError) would come before the Heartbeat's.
    expect(await peer.next()).toEqual([3, 'dup', { status: 'Accepted' }]);
    expect(await peer.next()).toEqual([3, 'hb', { currentTime: expect.any(String) }]);
    expect(gated).toEqual(['dup', 'dup', 'hb']);
  });

  it("'call' is emitted for an inbound CALL before strict validation runs, with the same params object the validator and the handler receive", async () => {
    const validated: Array<{ schemaId: string; fromCharger: boolean }> = [];
    const { peer } = await connect((c) => {
      const fromCharger = chargerPayloads(c);
      useChargerValidator(c, {
        subprotocol: 'ocpp1.6',
        validate(schemaId, params) {
          const ours = params !== null && typeof params === 'object' && fromCharger(params);
          validated.push({ schemaId, fromCharger: ours });
          if (ours) (params as Record<string, unknown>).vendorId = 'Repaired'; // as leniency.ts repairs in place
          return standardValidator('ocpp1.6').validate(schemaId, params);
        },
      });
      c.handle('DataTransfer', async ({ params }) => ({
        status: 'Accepted', data: `${(params as { vendorId: string }).vendorId} ${String(fromCharger(params as object))}`,
      }));
    });

    peer.send([2, 'dt', 'DataTransfer', { vendorId: 'Broken' }]);

    expect(await peer.next()).toEqual([3, 'dt', { status: 'Accepted', data: 'Repaired true' }]);
    expect(validated).toEqual([
      { schemaId: 'urn:DataTransfer.req', fromCharger: true },
      { schemaId: 'urn:DataTransfer.conf', fromCharger: false }, // our answer is ours
    ]);
  });

  it("'response' is emitted for the charger's CALLRESULT before strict validation of it; our CALL's params are not the charger's", async () => {
    const validated: Array<{ schemaId: string; fromCharger: boolean }> = [];
    let connection: Connection | undefined;
    const { peer } = await connect((c) => {
      connection = c;
      const fromCharger = chargerPayloads(c);
      useChargerValidator(c, {
        subprotocol: 'ocpp1.6',
        validate(schemaId, params) {
          validated.push({ schemaId, fromCharger: params !== null && typeof params === 'object' && fromCharger(params) });
          return standardValidator('ocpp1.6').validate(schemaId, params);
        },
      });
    });

    const result = callCharger(connection!, 'GetConfiguration', { key: ['HeartbeatInterval'] }, { callTimeoutMs: 5_000 });
    const call = await peer.next();
    peer.send([3, call[1], { configurationKey: [] }]);

    expect(await result).toEqual({ kind: 'answered', response: { configurationKey: [] } });
    expect(validated).toEqual([
      { schemaId: 'urn:GetConfiguration.req', fromCharger: false },
      { schemaId: 'urn:GetConfiguration.conf', fromCharger: true },
    ]);
  });

  it('badMessage is emitted with the CALLERROR array before it is sent, and a change to it is what the peer gets', async () => {
    const frames: BadFrame[] = [];
    const { peer } = await connect((c) => {
      onBadFrame(c, (f) => frames.push(f)); // before the rewrite is registered: it still sees the corrected code
      answerBadFramesAsOcpp16(c);
    });

    peer.send('not json');
    expect(await peer.next()).toEqual([4, '-1', 'FormationViolation', 'Message must be a JSON structure', {}]);
    peer.send([7, 'x']); // OCPP 2.0.1's MessageTypeNotSupported
    expect(await peer.next()).toEqual([4, '-1', 'FormationViolation', 'Unrecognised message type', {}]);
    peer.send([3, 'nobody', {}]); // an answer to no CALL of ours: not answered
    peer.send([2, 'hb', 'NoSuchAction', {}]);
    expect((await peer.next()).slice(0, 3)).toEqual([4, 'hb', 'NotImplemented']);

    expect(frames).toEqual([
      { reason: 'Message must be a JSON structure', answeredWith: 'FormationViolation' },
      { reason: 'Unrecognised message type', answeredWith: 'FormationViolation' },
      { reason: expect.stringContaining('unrecognised message ID') as unknown as string, answeredWith: null },
    ]);
  });

  it("strictValidationFailure tells our invalid request (nothing sent) from the charger's invalid answer and from its CALLERROR", async () => {
    let connection: Connection | undefined;
    const { peer } = await connect((c) => { connection = c; });
    const call = (params: object) => callCharger(connection!, 'ChangeAvailability', params, { callTimeoutMs: 5_000 });

    expect(await call({ connectorId: 'one', type: 'Inoperative' })).toEqual({
      kind: 'request-invalid', error: expect.objectContaining({ keyword: 'type', instancePath: '/connectorId' }),
    });

    const badAnswer = call({ connectorId: 1, type: 'Inoperative' });
    const sent = await peer.next(); // the first frame the charger gets: the invalid request never went out
    expect(sent).toEqual([2, expect.any(String), 'ChangeAvailability', { connectorId: 1, type: 'Inoperative' }]);
    peer.send([3, sent[1], { status: 'Perhaps' }]);
    expect(await badAnswer).toEqual({ kind: 'answer-invalid', code: 'FormatViolation', description: expect.stringContaining('status') });

    // A CALLERROR whose details look like ajv's is still the charger's CALLERROR.
    const refused = call({ connectorId: 1, type: 'Operative' });
    const second = await peer.next();
    peer.send([4, second[1], 'TypeConstraintViolation', 'no such connector', { errors: [{ keyword: 'type', instancePath: '/x' }] }]);
    expect(await refused).toEqual({ kind: 'call-error', code: 'TypeConstraintViolation', description: 'no such connector' });
  });

  it('an unanswered CALL ends as a timeout, and one whose socket closes as closed, with the close code and reason', async () => {
    let connection: Connection | undefined;
    const { peer } = await connect((c) => { connection = c; });

    const unanswered = callCharger(connection!, 'ClearCache', {}, { callTimeoutMs: 100 });
    await peer.next();
    expect(await unanswered).toEqual({ kind: 'timeout' });

    const dropped = callCharger(connection!, 'Reset', { type: 'Hard' }, { callTimeoutMs: 5_000 });
    await peer.next();
    peer.ws.close(4001, 'resetting');
    expect(await dropped).toEqual({ kind: 'closed', code: 4001, reason: 'resetting' });
  });

  it("'callError' carries the error as thrown; ocpp-rpc writes OCPP 1.6's spelling, and onInboundAnswer reports what went on the wire", async () => {
    const answered: Array<[string, string]> = [];
    const { peer } = await connect((c) => {
      onInboundAnswer(c, (method, result) => answered.push([method, result]));
      useChargerValidator(c, {
        subprotocol: 'ocpp1.6',
        validate(schemaId, params) {
          if (schemaId === 'urn:DataTransfer.req') throw formatError('data/data bad', [{ keyword: 'format', instancePath: '/data', params: {} }], params);
          return standardValidator('ocpp1.6').validate(schemaId, params);
        },
      });
      c.handle('Heartbeat', heartbeat);
      c.handle('DataTransfer', async () => ({ status: 'Accepted' }));
      c.handle('StartTransaction', async () => ({ transactionId: 1, idTagInfo: { status: 'Accepted' } }));
    });

    peer.send([2, 'dt', 'DataTransfer', { vendorId: 'V', data: 'x' }]);
    expect(await peer.next()).toEqual([4, 'dt', 'FormationViolation', 'data/data bad', {
      errors: [{ keyword: 'format', instancePath: '/data', params: {} }], data: { vendorId: 'V', data: 'x' },
    }]);
    peer.send([2, 'hb', 'Heartbeat', {}]);
    await peer.next();
    peer.send([2, 'st', 'StartTransaction', { connectorId: 1 }]); // strict mode: a missing idTag
    expect((await peer.next()).slice(0, 3)).toEqual([4, 'st', 'OccurrenceConstraintViolation']);

    expect(answered).toEqual([['DataTransfer', 'FormationViolation'], ['Heartbeat', 'ok'], ['StartTransaction', 'OccurrenceConstraintViolation']]);
  });

  it("createValidator over the bundled ocpp1_6.json throws ocpp-rpc's RPCError carrying ajv's errors and the payload", () => {
    const schema = ocpp16Schemas().find((s) => s.$id === 'urn:StartTransaction.req');
    expect(schema?.properties?.timestamp?.format).toBe('date-time');
    const payload = { connectorId: '1', idTag: 'T', meterStart: 0, timestamp: '2026-01-01T00:00:00Z' };
    let thrown: unknown;
    try {
      standardValidator('ocpp1.6').validate('urn:StartTransaction.req', payload);
    } catch (err) {
      thrown = err;
    }
    expect(isRpcError(thrown)).toBe(true);
    expect(thrown).toMatchObject({ rpcErrorCode: 'TypeConstraintViolation' });
    expect((thrown as { details: { data: unknown } }).details.data).toBe(payload);
    expect(ajvErrorsOf(thrown)?.[0]).toMatchObject({ keyword: 'type', instancePath: '/connectorId', message: 'must be integer' });
  });

  it('createRPCError makes an RPCError for each code we throw, and a handler throwing it is answered with that code', async () => {
    const codes: RpcErrorCode[] = [
      'NotImplemented', 'NotSupported', 'InternalError', 'ProtocolError', 'SecurityError', 'FormationViolation',
      'PropertyConstraintViolation', 'OccurrenceConstraintViolation', 'TypeConstraintViolation', 'GenericError',
    ];
    let next = 0;
    const { peer } = await connect((c) => {
      c.handle('Heartbeat', () => Promise.reject(createRpcError(codes[next++]!, 'why')));
    });

    for (const code of codes) {
      expect(isRpcError(createRpcError(code))).toBe(true);
      peer.send([2, code, 'Heartbeat', {}]);
      expect(await peer.next()).toEqual([4, code, code, 'why', {}]);
    }
  });

  it("auth: the handshake carries the identity and the Basic password (a Buffer, only when the user is the identity); reject and a throw refuse the upgrade; the connection keeps the very handshake object", async () => {
    const rpcServer: RpcServer<Record<string, never>> = createRpcServer({
      protocols: ['ocpp1.6'], strictMode: true, pingIntervalMs: 0, callTimeoutMs: 5_000, callConcurrency: 1,
    });
    const seen: Array<{ identity: string; password: string | undefined }> = [];
    const kept: string[] = [];
    rpcServer.on('client', (c: Connection) => kept.push(`${c.handshake.identity} from ${c.handshake.remoteAddress}`));
    rpcServer.auth(async (accept, reject, handshake) => {
      seen.push({ identity: handshake.identity, password: handshake.password?.toString('utf8') });
      // auth.ts writes the charger's address behind a trusted proxy here, for the connection record to read.
      handshake.remoteAddress = `charger-of-${handshake.identity}`;
      await new Promise((resolve) => setImmediate(resolve)); // a database lookup
      if (handshake.identity === 'CP-THROWS') throw new Error('lookup failed');
      if (handshake.identity === 'CP-UNKNOWN') return reject(404, 'Unknown charge point');
      accept({});
    });
    const port = await serve(rpcServer);
    const basic = (user: string) => ({ authorization: `Basic ${Buffer.from(`${user}:s3cret`).toString('base64')}` });
    const handshake = (identity: string, user = identity) => new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/${identity}`, ['ocpp1.6'], { headers: basic(user) });
      ws.once('open', () => { ws.terminate(); resolve(101); });
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? -1));
      ws.once('error', () => resolve(-1));
    });

    expect(await handshake('CP-1')).toBe(101);
    expect(await handshake('CP-2', 'someone-else')).toBe(101);
    expect(await handshake('CP-UNKNOWN')).toBe(404);
    expect(await handshake('CP-THROWS')).toBeGreaterThanOrEqual(400);
    expect(seen).toEqual([
      { identity: 'CP-1', password: 's3cret' },
      { identity: 'CP-2', password: undefined },
      { identity: 'CP-UNKNOWN', password: 's3cret' },
      { identity: 'CP-THROWS', password: 's3cret' },
    ]);
    await waitFor(() => kept.length === 2);
    expect(kept).toEqual(['CP-1 from charger-of-CP-1', 'CP-2 from charger-of-CP-2']);
  });

  it("auth: the handshake's endpoint and identity are the URL's path split at its last '/', the identity decoded, as subprotocol.ts reads them", async () => {
    const rpcServer: RpcServer<Record<string, never>> = createRpcServer({
      protocols: ['ocpp1.6'], strictMode: true, pingIntervalMs: 0, callTimeoutMs: 5_000, callConcurrency: 1,
    });
    const seen: Array<{ endpoint: string; identity: string } | null> = [];
    rpcServer.auth(async (_accept, reject, handshake) => {
      seen.push({ endpoint: handshake.endpoint, identity: handshake.identity });
      reject(404, 'seen');
    });
    const port = await serve(rpcServer);
    // subprotocol.ts answers an upgrade on /ocpp/{valid chargeBoxId} itself; any other must reach auth.ts, which
    // refuses it (404, 400) as before: both must read the URL alike.
    const paths = ['/ocpp/CP-1', '/ocpp/CP%2D1', '/ocpp/x/CP-1', '/CP-1', '/ocpp/', '/ocpp/CP-1?x=1', '//ocpp/CP-1', '/ocpp/a%2Fb'];
    for (const path of paths) {
      const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, ['ocpp1.6']);
      await new Promise<void>((resolve) => {
        ws.once('unexpected-response', (_req, res) => { res.resume(); resolve(); });
        ws.once('error', () => resolve());
      });
    }
    expect(seen).toEqual(paths.map((path) => upgradeTarget(path)));
  });

  it('a message over maxMessageBytes closes the socket with 1009 and is reported as too big', async () => {
    let tooBig = 0;
    const { peer } = await connect((c) => onMessageTooBig(c, () => { tooBig += 1; }), { maxMessageBytes: 1_000 });

    peer.send([2, 'big', 'DataTransfer', { vendorId: 'V', data: 'x'.repeat(2_000) }]);

    expect((await peer.closed).code).toBe(1009);
    await waitFor(() => tooBig === 1);
  });
});
