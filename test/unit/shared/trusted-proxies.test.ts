// TRUSTED_PROXIES' parser and matcher (src/shared/trusted-proxies.ts): which peers' X-Forwarded-* headers count,
// and the client address and TLS they give.
import { describe, expect, it } from 'vitest';
import { parseTrustedProxies, TrustedProxiesError } from '../../../src/shared/trusted-proxies.js';

describe('parseTrustedProxies: who is trusted', () => {
  const proxies = parseTrustedProxies(['10.0.0.0/8', '192.168.1.7', 'fd00::/8', '::1', '::ffff:172.16.0.0/108']);

  it.each([
    ['10.1.2.3', true], ['11.0.0.1', false], ['192.168.1.7', true], ['192.168.1.8', false],
    ['fd12:3456::1', true], ['fe80::1', false], ['::1', true], ['0:0:0:0:0:0:0:1', true], ['::2', false],
    // IPv4-mapped IPv6, as a dual-stack socket reports an IPv4 peer: the IPv4 rules apply.
    ['::ffff:10.9.9.9', true], ['::FFFF:192.168.1.7', true], ['::ffff:192.168.1.8', false],
    // A mapped block is the IPv4 block of its last 32 bits (/108 = /12).
    ['172.16.5.5', true], ['172.32.0.1', false],
    ['not-an-address', false], [undefined, false],
  ] as const)('%s → %s', (address, trusted) => expect(proxies.isTrusted(address)).toBe(trusted));

  it('trusts no one when the list is empty', () => {
    const none = parseTrustedProxies([]);
    expect(none.none).toBe(true);
    expect(none.isTrusted('127.0.0.1')).toBe(false);
    expect(none.clientAddress('127.0.0.1', '203.0.113.5')).toBe('127.0.0.1');
    expect(none.forwardedTls('127.0.0.1', 'https')).toBe(false);
  });

  it.each(['10.0.0.0/33', 'fd00::/129', 'example.com', '10.0.0.1/8/2', '10.0.0.0/x', '::ffff:10.0.0.0/8', ''])(
    'refuses %j naming it', (entry) => {
      expect(() => parseTrustedProxies([entry])).toThrow(TrustedProxiesError);
      expect(() => parseTrustedProxies([entry])).toThrow(entry === '' ? /TRUSTED_PROXIES/ : entry);
    });
});

describe('clientAddress: the right-most untrusted X-Forwarded-For', () => {
  const proxies = parseTrustedProxies(['127.0.0.1', '10.0.0.0/8']);

  it('takes the address the trusted proxy appended', () => {
    expect(proxies.clientAddress('127.0.0.1', '203.0.113.5')).toBe('203.0.113.5');
    expect(proxies.clientAddress('::ffff:127.0.0.1', '2001:db8::5')).toBe('2001:db8::5');
  });

  it('skips trusted hops and ignores what the client wrote to the left', () => {
    expect(proxies.clientAddress('127.0.0.1', '6.6.6.6, 203.0.113.5, 10.1.1.1')).toBe('203.0.113.5');
    expect(proxies.clientAddress('127.0.0.1', ['6.6.6.6', '203.0.113.5'])).toBe('203.0.113.5');
  });

  it('gives the left-most hop when every hop is a trusted proxy', () => {
    expect(proxies.clientAddress('127.0.0.1', '10.2.2.2, 10.1.1.1')).toBe('10.2.2.2');
  });

  it('stops at a hop that is no address, keeping the nearest proven one', () => {
    expect(proxies.clientAddress('127.0.0.1', 'garbage, 10.1.1.1')).toBe('10.1.1.1');
    expect(proxies.clientAddress('127.0.0.1', 'garbage')).toBe('127.0.0.1');
  });

  it('ignores the header from an untrusted peer, and keeps the peer without one', () => {
    expect(proxies.clientAddress('198.51.100.9', '203.0.113.5')).toBe('198.51.100.9');
    expect(proxies.clientAddress('127.0.0.1', undefined)).toBe('127.0.0.1');
  });
});

describe('forwardedTls: X-Forwarded-Proto from a trusted proxy', () => {
  const proxies = parseTrustedProxies(['127.0.0.1']);

  it.each([
    ['127.0.0.1', 'https', true], ['127.0.0.1', 'HTTPS', true], ['127.0.0.1', 'http', false],
    ['127.0.0.1', undefined, false], ['127.0.0.1', 'http, https', true], ['127.0.0.1', 'https, http', false],
    ['198.51.100.9', 'https', false], [undefined, 'https', false],
  ] as const)('peer %s, proto %s → %s', (peer, proto, tls) => expect(proxies.forwardedTls(peer, proto)).toBe(tls));
});
