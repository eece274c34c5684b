// What the socket under an upgrade request proves, for security-profile.ts. On the TLS listener the socket is
// a TLSSocket; the server asks for a client certificate but does not reject an untrusted one itself
// (rejectUnauthorized: false, src/tls.ts), so that `authorized` can be judged per station here.
import type { IncomingMessage } from 'node:http';
import { TLSSocket } from 'node:tls';
import type { TransportFacts } from './security-profile.js';

export function transportFacts(request: IncomingMessage): TransportFacts {
  const socket = request.socket;
  if (!(socket instanceof TLSSocket) || !socket.encrypted) return { tls: false, clientCert: null };
  const cert = socket.getPeerCertificate();
  // No certificate presented: Node returns an empty object (or null once the socket is gone).
  if (!cert || Object.keys(cert).length === 0) return { tls: true, clientCert: null };
  // A subject with several CN entries comes as an array: it names no single chargeBoxId, so it matches none.
  const cn: unknown = cert.subject?.CN;
  return { tls: true, clientCert: { authorized: socket.authorized, subjectCN: typeof cn === 'string' ? cn : null } };
}
