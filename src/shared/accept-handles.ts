// More accepts per turn of the event loop on one listening socket. libuv 1.45+ (Node 20) accepts ONE connection
// per listening handle per turn of the loop (libuv#3696), and in a connect storm a turn of ours is long (it
// serves the chargers already in), so the kernel's accept queue filled at 1,000 arrivals a second while we
// accepted 100-200 (measured with `ss` and strace during `npm run bench -- connect-storm`).
//
// Each extra handle here is another file descriptor of the same listening socket, watched on its own, so a turn
// accepts up to one per handle. Node 20 has no reusePort and no dup(), so the descriptors come from a helper
// process: we send it the socket over an IPC channel and it sends the socket back N times; each passage makes a
// new descriptor (SCM_RIGHTS). The helper is plain node, lives for those few messages (~140 ms with the
// start of node), and is gone before we serve anyone. Every connection accepted on a copy goes to the server's
// own 'connection' listeners, exactly as if the server had accepted it (Node documents emitting 'connection' to
// hand a socket to an HTTP server).
import { spawn } from 'node:child_process';
import net from 'node:net';

// The helper: answers the one message carrying the socket with `count` messages carrying it back.
const HELPER = "process.on('message', (m, h) => { for (let i = 0; i < m.count; i++) process.send('copy', h); });";
const HELPER_TIMEOUT_MS = 10_000;

interface ListeningInternals { _handle: object | null }

/** The extra handles, listening; close them with the server. `backlog` is re-applied (listen(2) on each copy). */
export async function addAcceptHandles(server: net.Server, count: number, backlog: number): Promise<net.Server[]> {
  const handle = (server as unknown as ListeningInternals)._handle;
  if (count <= 0 || handle === null) return [];
  const copies = await copiesOf(handle, count);
  return copies.map((copy) => {
    // As http.Server and tls.Server make their own sockets: half-open allowed, no Nagle delay.
    const acceptor = new net.Server({ allowHalfOpen: true, noDelay: true });
    acceptor.on('connection', (socket: net.Socket) => server.emit('connection', socket));
    acceptor.listen(copy as net.ListenOptions, backlog);
    return acceptor;
  });
}

function copiesOf(handle: object, count: number): Promise<object[]> {
  // Spawned, not forked: node with only this script, none of our modules nor our execArgv loaders (tsx).
  const helper = spawn(process.execPath, ['-e', HELPER], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const copies: object[] = [];
  return new Promise<object[]>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`accept handles: no answer from the helper in ${HELPER_TIMEOUT_MS} ms`)), HELPER_TIMEOUT_MS);
    const done = () => { clearTimeout(timer); helper.kill(); };
    const fail = (err: Error) => { done(); reject(err); };
    helper.on('error', fail);
    helper.on('exit', (code) => { if (copies.length < count) fail(new Error(`accept handles: the helper exited (${code}) after ${copies.length} of ${count}`)); });
    helper.on('message', (message: unknown, copy: object | undefined) => {
      if (message !== 'copy' || copy === undefined) return;
      copies.push(copy);
      if (copies.length === count) { done(); resolve(copies); }
    });
    helper.send({ count }, handle as net.Server);
  });
}
