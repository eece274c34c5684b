// The one place that touches ocpp-rpc's client. Its typings are loose (every option required, call() returns
// unknown, handlers must return a Promise), so this wrapper gives the rest of the simulator typed calls.
// ocpp-rpc is CommonJS: its classes come from the default import, named ESM imports fail at run time.
import rpc from 'ocpp-rpc';
import type { Inbound, InboundAction, Outbound, OutboundAction } from '../src/ocpp/wire/index.js';
import type { TlsOptions } from './options.js';

const { RPCClient, UnexpectedHttpResponse, createRPCError } = rpc;
type RpcClient = InstanceType<typeof RPCClient>;
type RpcClientOptions = ConstructorParameters<typeof RPCClient>[0];

const CLOSE_TIMEOUT_MS = 5_000;

export interface LinkOptions {
  url: string;
  identity: string;
  password?: string;
  /** Passed to ws for a wss:// url: the CA to trust, a client certificate and key (security profile 3). */
  tls?: TlsOptions;
  callTimeoutMs: number;
}

export type CommandHandler<A extends OutboundAction> = (req: Outbound[A]['req']) => Promise<Outbound[A]['conf']>;

/** The server refused the WebSocket handshake; statusCode is its HTTP status (401, 404, ...). */
export class HandshakeRefusedError extends Error {
  override readonly name = 'HandshakeRefusedError';
  constructor(readonly statusCode: number, statusMessage: string, options?: ErrorOptions) {
    super(`handshake refused: HTTP ${statusCode} ${statusMessage}`.trim(), options);
  }
}

/** A CALL of ours the central system answered with a CALLRESULT: it has taken the message (OCPP.md). */
export type AcknowledgedListener = (action: InboundAction, request: unknown, response: unknown) => void;

/** The payload of ChargePoint's 'acknowledged' event: one CALL of ours and the CALLRESULT that answered it. */
export interface Acknowledgement {
  action: InboundAction;
  request: unknown;
  response: unknown;
}

export class Link {
  private readonly acknowledged: AcknowledgedListener[] = [];

  private constructor(private readonly client: RpcClient) {}

  /** setup runs before the socket opens, so handlers are in place for a CALL that arrives with the handshake. */
  static async open(opts: LinkOptions, setup: (link: Link) => void): Promise<Link> {
    const client = new RPCClient({
      identity: opts.identity,
      endpoint: opts.url.replace(/\/+$/, ''), // ocpp-rpc appends '/' + identity
      password: opts.password ?? null,
      protocols: ['ocpp1.6'],
      strictMode: true, // never send a malformed frame, and check the central system's frames too
      reconnect: false, // the ChargePoint reconnects itself: after a reconnect it must boot and replay its queue
      callTimeoutMs: opts.callTimeoutMs,
      // A clean close waits this long for the central system's close frame (ws's own default is 30 s).
      wsOpts: { closeTimeout: CLOSE_TIMEOUT_MS, ...opts.tls },
    } as RpcClientOptions);
    const link = new Link(client);
    setup(link);
    try {
      await client.connect();
    } catch (err) {
      throw normaliseConnectError(err);
    }
    return link;
  }

  async call<A extends InboundAction>(action: A, payload: Inbound[A]['req']): Promise<Inbound[A]['conf']> {
    // Strict mode has validated the answer against the OCPP 1.6 schema before it resolves, so the cast holds.
    const conf = await (this.client.call(action, payload) as Promise<Inbound[A]['conf']>);
    for (const listener of this.acknowledged) listener(action, payload, conf);
    return conf;
  }

  /** Tells of every CALLRESULT to a CALL of ours, before the caller sees it. */
  onAcknowledged(listener: AcknowledgedListener): void {
    this.acknowledged.push(listener);
  }

  handle<A extends OutboundAction>(action: A, handler: CommandHandler<A>): void {
    this.client.handle(action, async ({ params }) => {
      try {
        return await handler(params as Outbound[A]['req']);
      } catch {
        // Never let an internal message out in a CALLERROR description (../shared/STYLE.md, habit 10).
        throw createRPCError('InternalError', 'internal error');
      }
    });
  }

  sendRaw(frame: string): void {
    this.client.sendRaw(frame);
  }

  onInboundFrame(listener: (frame: string) => void): void {
    this.client.on('message', (event: { message: string; outbound: boolean }) => {
      if (!event.outbound) listener(event.message);
    });
  }

  /** Fires once when the socket has closed for any reason (ocpp-rpc's 'close', as it never reconnects here). */
  onClosed(listener: (code: number | undefined) => void): void {
    this.client.once('close', (event: { code?: number }) => listener(event.code));
  }

  /** Drops the socket without a close handshake, as a charger that loses power or network does. */
  async terminate(): Promise<void> {
    await this.client.close({ force: true });
  }

  /** A clean close: close frame with code 1000, after the central system's close frame comes back. */
  async close(): Promise<void> {
    await this.client.close({ code: 1000 });
  }
}

function normaliseConnectError(err: unknown): unknown {
  // ocpp-rpc rejects a refused upgrade with UnexpectedHttpResponse, the status in .code and .response.statusCode.
  if (err instanceof UnexpectedHttpResponse) {
    const response = err.response as { statusCode?: number; statusMessage?: string } | undefined;
    const statusCode = Number(response?.statusCode ?? err.code);
    return new HandshakeRefusedError(statusCode, response?.statusMessage ?? '', { cause: err });
  }
  return err;
}
