import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('takes config/default.json when the environment says nothing', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.database).toEqual({ url: null, dataDir: './data' });
    expect(c.ocpp.autoRegister).toBe('pending');
    expect(c.ocpp.maxPendingStations).toBe(100);
    expect(c.ocpp.offlineAfterS).toBe(60);
  });

  it('lets the environment override each key', () => {
    const c = loadConfig({ PORT: '9000', OCPP_AUTO_REGISTER: 'true', DATABASE_URL: 'postgres://u@h/db', OCPP_CALL_TIMEOUT_S: '5' });
    expect(c.port).toBe(9000);
    expect(c.ocpp.autoRegister).toBe('accepted');
    expect(c.database.url).toBe('postgres://u@h/db');
    expect(c.ocpp.callTimeoutMs).toBe(5_000);
  });

  it.each([
    ['false', 'off'], ['0', 'off'], ['pending', 'pending'], ['true', 'accepted'], ['1', 'accepted'],
  ])('reads OCPP_AUTO_REGISTER=%s as %s', (value, meaning) => {
    expect(loadConfig({ OCPP_AUTO_REGISTER: value }).ocpp.autoRegister).toBe(meaning);
  });

  it.each([[false, 'off'], [true, 'accepted'], ['pending', 'pending']] as const)(
    'reads a JSON %j (config file or override) as %s', (value, meaning) => {
      expect(loadConfig({}, { OCPP_AUTO_REGISTER: value as never }).ocpp.autoRegister).toBe(meaning);
    });

  it('reads the pending cap', () => {
    expect(loadConfig({ OCPP_MAX_PENDING_STATIONS: '3' }).ocpp.maxPendingStations).toBe(3);
  });

  it('reads the abuse limits, in milliseconds where the key is in seconds', () => {
    const c = loadConfig({ OCPP_MAX_QUEUED_CALLS: '4', AUTH_FAILURE_WINDOW_S: '30', AUTH_BLOCK_S: '90' });
    expect(c.ocpp).toMatchObject({ maxMessageBytes: 262_144, maxQueuedCalls: 4, maxBadMessages: 20 });
    expect(c.authFailures).toEqual({ limit: 10, windowMs: 30_000, blockMs: 90_000 });
  });

  it('reads OCPP_MAX_CONNECTIONS, 0 meaning what the open-files limit leaves room for', () => {
    expect(loadConfig({}).ocpp.maxConnections).toBeNull();
    expect(loadConfig({ OCPP_MAX_CONNECTIONS: '5000' }).ocpp.maxConnections).toBe(5000);
    expect(() => loadConfig({ OCPP_MAX_CONNECTIONS: '-1' })).toThrow(/OCPP_MAX_CONNECTIONS/);
    expect(() => loadConfig({ OCPP_MAX_CONNECTIONS: 'many' })).toThrow(/OCPP_MAX_CONNECTIONS/);
  });

  it('picks the console format automatically unless LOG_FORMAT says which', () => {
    expect(loadConfig({}).logFormat).toBe('auto');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
  });

  it('checks API answers against their schemas only when API_CHECK_RESPONSES says so', () => {
    expect(loadConfig({}).api.checkResponses).toBe(false);
    expect(loadConfig({ API_CHECK_RESPONSES: 'true' }).api.checkResponses).toBe(true);
    expect(loadConfig({ API_CHECK_RESPONSES: '0' }).api.checkResponses).toBe(false);
  });

  it.each([
    ['API_CHECK_RESPONSES', 'yes'],
    ['PORT', 'eighty'],
    ['OCPP_AUTO_REGISTER', 'yes please'],
    ['OCPP_AUTO_REGISTER', 'Pending'],
    ['OCPP_MAX_PENDING_STATIONS', '0'],
    ['OCPP_MAX_PENDING_STATIONS', 'many'],
    ['DATABASE_URL', 'mysql://x'],
    ['LOG_LEVEL', 'loud'],
    ['LOG_FORMAT', 'yaml'],
    ['OCPP_OFFLINE_AFTER_S', '0'],
    ['OCPP_MAX_MESSAGE_BYTES', '100'],
    ['AUTH_FAILURE_LIMIT', '0'],
  ])('stops with a message naming %s when it is %j', (key, value) => {
    expect(() => loadConfig({ [key]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [key]: value })).toThrow(new RegExp(`${key}:`));
  });
});
