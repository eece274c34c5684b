// TRUSTED_PROXIES (issue 15, "One address"): the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto
// are believed. Any client can write those headers, so they count only when the TCP peer is one of these
// addresses or blocks; from anyone else they are ignored (a charger must not claim TLS by a header).
//
// X-Forwarded-For is read from the right (RFC 7239 §5.2's order: each proxy appends the address it saw): the
// right-most address that is not itself a trusted proxy is the client's. Addresses to the left of it were
// written by whoever sent the request and prove nothing. An IPv4-mapped IPv6 address (`::ffff:127.0.0.1`, as a
// dual-stack socket reports an IPv4 peer) is the IPv4 address it maps.
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

export class TrustedProxiesError extends Error {}

export interface TrustedProxies {
  /** No proxy is trusted: every header is ignored. */
  readonly none: boolean;
  isTrusted(address: string | undefined): boolean;
  /** The client's address: the TCP peer's, or behind trusted proxies the right-most untrusted X-Forwarded-For. */
  clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined): string | undefined;
  /** Whether a trusted proxy says the client reached it over TLS (X-Forwarded-Proto: https). */
  forwardedTls(peer: string | undefined, forwardedProto: string | string[] | undefined): boolean;
}

const MAPPED_IPV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** The address as BlockList checks it: IPv4-mapped IPv6 as its IPv4, zone ids dropped; null if not an address. */
function normalizeAddress(address: string): { address: string; family: 'ipv4' | 'ipv6' } | null {
  const bare = address.trim().replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const mapped = MAPPED_IPV4.exec(bare)?.[1];
  const plain = mapped ?? bare;
  const version = isIP(plain);
  if (version === 0) return null;
  return { address: plain, family: version === 4 ? 'ipv4' : 'ipv6' };
}

function addEntry(list: BlockList, entry: string): void {
  const [addressPart, prefixPart, extra] = entry.split('/');
  const parsed = normalizeAddress(addressPart ?? '');
  if (!parsed || extra !== undefined) throw new TrustedProxiesError(`TRUSTED_PROXIES: "${entry}" is not an address or CIDR block`);
  if (prefixPart === undefined) return list.addAddress(parsed.address, parsed.family);
  const maxPrefix = parsed.family === 'ipv4' ? 32 : 128;
  // A mapped block (::ffff:10.0.0.0/104) is the IPv4 block of its last 32 bits.
  const mappedShift = parsed.family === 'ipv4' && addressPart!.includes(':') ? 96 : 0;
  const prefix = Number(prefixPart) - mappedShift;
  if (!/^\d{1,3}$/.test(prefixPart) || prefix < 0 || prefix > maxPrefix) {
    throw new TrustedProxiesError(`TRUSTED_PROXIES: "${entry}" has a bad prefix length (0-${maxPrefix + mappedShift})`);
  }
  list.addSubnet(parsed.address, prefix, parsed.family);
}

const lastValue = (header: string | string[] | undefined): string | undefined => {
  const joined = Array.isArray(header) ? header.join(',') : header;
  return joined?.split(',').map((v) => v.trim()).filter(Boolean).at(-1);
};

/** Parses TRUSTED_PROXIES' entries (config.trustedProxies); a bad one throws naming it. */
export function parseTrustedProxies(entries: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const entry of entries) addEntry(list, entry.trim());
  const none = entries.length === 0;
  const isTrusted = (address: string | undefined): boolean => {
    if (none || address === undefined) return false;
    const parsed = normalizeAddress(address);
    return parsed !== null && list.check(parsed.address, parsed.family);
  };
  return {
    none,
    isTrusted,
    clientAddress(peer, forwardedFor) {
      if (!isTrusted(peer) || forwardedFor === undefined) return peer;
      const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',').map((h) => h.trim());
      let client = peer;
      for (let i = hops.length - 1; i >= 0; i--) {
        const hop = hops[i]!;
        // Not an address: what lies left of it is unreadable, so the nearest proven hop stands.
        if (!normalizeAddress(hop)) break;
        client = hop;
        if (!isTrusted(hop)) break;
      }
      return client;
    },
    // The right-most value: the one the trusted proxy nearest us wrote (an appending proxy keeps the client's).
    forwardedTls: (peer, forwardedProto) => isTrusted(peer) && lastValue(forwardedProto)?.toLowerCase() === 'https',
  };
}

/** The request's client address (the handshake limit, the connection record, the logs). */
export function requestClientAddress(proxies: TrustedProxies, request: IncomingMessage): string | undefined {
  return proxies.clientAddress(request.socket.remoteAddress, request.headers['x-forwarded-for']);
}

/** Whether a trusted proxy says this request reached it over TLS (security profile 2 behind a TLS-terminating proxy). */
export function requestForwardedTls(proxies: TrustedProxies, request: IncomingMessage): boolean {
  return proxies.forwardedTls(request.socket.remoteAddress, request.headers['x-forwarded-proto']);
}
