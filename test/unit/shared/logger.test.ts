// The redaction is configuration, so it is tested through a real logger writing into an array.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/shared/logger.js';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { lines.push(chunk.toString()); done(); } });
  return { log: createLogger('debug', sink), text: () => lines.join('') };
}

describe('logger redaction', () => {
  it.each([
    ['a password', { password: 'S3CRET-1' }],
    ['a nested password', { station: { password: 'S3CRET-1' } }],
    ['a password hash', { station: { passwordHash: 'S3CRET-1' } }],
    ['an API token', { token: 'S3CRET-1' }],
    ['an auth key', { cfg: { authorizationKey: 'S3CRET-1' } }],
    ['a request Authorization header', { req: { headers: { authorization: 'Bearer S3CRET-1' } } }],
    ['a handshake Authorization header', { handshake: { headers: { authorization: 'Basic S3CRET-1' } } }],
    ['a bare Authorization header', { headers: { authorization: 'Basic S3CRET-1', cookie: 'sid=S3CRET-1' } }],
    ['an access_token field', { query: { access_token: 'S3CRET-1' } }],
    ['an access_token in a URL', { url: '/api/events?since=4&access_token=S3CRET-1&x=y' }],
  ])('keeps %s out of the line, and the rest in', (_what, fields) => {
    const { log, text } = capture();
    log.info({ ...fields, remoteAddress: '10.1.2.3' }, 'something happened');
    expect(text()).toContain('10.1.2.3');
    expect(text()).toContain('something happened');
    expect(text()).not.toContain('S3CRET-1');
    expect(text()).toContain('[Redacted]');
  });

  it('keeps a URL readable around the token it cuts out', () => {
    const { log, text } = capture();
    log.warn({ url: '/api/events?access_token=S3CRET-1&since=4' }, 'x');
    expect(JSON.parse(text()).url).toBe('/api/events?access_token=[Redacted]&since=4');
  });
});
