// The redaction is configuration, so it is tested through a real logger writing into an array.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, resolveLogFormat, type LogFormat } from '../../../src/shared/logger.js';

function capture(format: LogFormat = 'json') {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { lines.push(chunk.toString()); done(); } });
  return { log: createLogger('debug', sink, format), text: () => lines.join('') };
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
    ['a ChangeConfiguration AuthorizationKey payload', { payload: { key: 'AuthorizationKey', value: 'S3CRET-1' } }],
    ['an AuthorizationKey in a CALL\'s params', { call: { params: { key: 'authorizationkey', value: 'S3CRET-1' } } }],
  ])('keeps %s out of the line, and the rest in', (_what, fields) => {
    for (const format of ['json', 'pretty'] as const) {
      const { log, text } = capture(format);
      log.info({ ...fields, remoteAddress: '10.1.2.3' }, 'something happened');
      expect(text()).toContain('10.1.2.3');
      expect(text()).toContain('something happened');
      expect(text()).not.toContain('S3CRET-1');
      expect(text()).toContain('[Redacted]');
    }
  });

  it('keeps a URL readable around the token it cuts out', () => {
    const { log, text } = capture();
    log.warn({ url: '/api/events?access_token=S3CRET-1&since=4' }, 'x');
    expect(JSON.parse(text()).url).toBe('/api/events?access_token=[Redacted]&since=4');
  });
});

describe('console format', () => {
  it('is readable on a terminal and JSON when piped, unless LOG_FORMAT says which', () => {
    expect(resolveLogFormat('auto', true)).toBe('pretty');
    expect(resolveLogFormat('auto', false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });

  it('prints one line with the local ISO time, the level and the message; the activity facts stay in JSON only', () => {
    const pretty = capture('pretty');
    pretty.log.info({ activity: { sessionId: 42 }, stationId: 7 }, 'session 42 started');
    const line = pretty.text();
    expect(line).toMatch(/^\[\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}\] INFO: session 42 started \{"stationId":7\}\n$/);
    expect(line).not.toContain('sessionId');

    const json = capture('json');
    json.log.info({ activity: { sessionId: 42 } }, 'session 42 started');
    expect(JSON.parse(json.text())).toMatchObject({ level: 30, msg: 'session 42 started', activity: { sessionId: 42 } });
  });
});
