// A test central system with its TLS port, on a fresh test PKI; and stations registered with a security profile.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startTestApp, type TestApp } from './test-app.js';
import { createTestPki, type TestPki } from './certificates.js';
import { randomChargeBoxId } from './seed.js';
import { api } from './api.js';
import { closeChargers } from './charger.js';
import { NO_OPENSSL } from './machine.js';

export interface TlsTestApp { app: TestApp; pki: TestPki; stop(): Promise<void> }

export async function startTlsTestApp(): Promise<TlsTestApp> {
  const pki = await createTestPki();
  try {
    const app = await startTestApp({ tls: { certFile: pki.serverCertFile, keyFile: pki.serverKeyFile, caFile: pki.caFile } });
    return {
      app, pki,
      async stop() {
        pki.remove(); // first: the server has read its files
        await app.stop();
      },
    };
  } catch (err) {
    pki.remove(); // a failed start must not leave keys behind
    throw err;
  }
}

/**
 * For a test file: a TLS test app started before its tests and given to `started` (not at all without the openssl
 * CLI, which makes the PKI: such files skip with describeUnless(NO_OPENSSL)), stopped after them; the simulated
 * chargers are closed after each test.
 */
export function useTlsTestApp(started: (tls: TlsTestApp) => void): void {
  let tls: TlsTestApp | null = null;
  beforeAll(async () => {
    if (NO_OPENSSL) return;
    tls = await startTlsTestApp();
    started(tls);
  });
  afterEach(closeChargers);
  afterAll(() => tls?.stop());
}

/** A station registered through the staff API with this profile, and its password (shown once; unused by profile 3). */
export async function registeredStation(app: TestApp, securityProfile: 1 | 2 | 3): Promise<{ id: number; chargeBoxId: string; password: string }> {
  const chargeBoxId = randomChargeBoxId();
  const res = await api(app).post('/stations', { chargeBoxId, securityProfile });
  if (res.status !== 201) throw new Error(`could not register a profile ${securityProfile} station: ${JSON.stringify(res.body)}`);
  return { id: res.body.id, chargeBoxId, password: res.body.password };
}
