// The simulator's backup central-system addresses (backupUrls): a charger whose central system is gone fails
// over to the next address, as the cluster tests need when a node dies (issue 15).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ChargePoint } from '../../../simulators/charge-point.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { randomChargeBoxId } from '../../helpers/seed.js';
import { waitFor } from '../../helpers/wait-for.js';

let primary: TestApp;
let backup: TestApp;
/** The test stops the primary itself; afterAll then waits for that stop instead of stopping it twice. */
let primaryStopped: Promise<void> | undefined;
beforeAll(async () => {
  primary = await startTestApp({ autoRegister: true });
  backup = await startTestApp({ autoRegister: true });
});
// Both, whatever happened before: a start or the test that failed early leaves either running.
afterAll(() => Promise.allSettled([primaryStopped ?? primary?.stop(), backup?.stop()]));

it('reconnects to its backup address when its central system is gone, and boots there', async () => {
  const log: string[] = [];
  const cp = new ChargePoint({
    url: primary.ocppUrl, backupUrls: [backup.ocppUrl], identity: randomChargeBoxId('FAIL'), reconnect: true, log: (l) => log.push(l),
  });
  try {
    await cp.connect();
    await cp.boot();
    expect(cp.centralSystemUrl).toBe(primary.ocppUrl);
    await (primaryStopped = primary.stop());

    await waitFor(() => cp.isOnline && backup.ocpp.registry.size === 1);
    expect(cp.centralSystemUrl).toBe(backup.ocppUrl);
    const [station] = (await backup.services.stations.list()).items;
    expect(station).toMatchObject({ chargeBoxId: cp.identity });
    expect(log.some((l) => l.includes('reconnect failed'))).toBe(true);
    expect(log).toContain(`${cp.identity} connected to ${backup.ocppUrl}`);
  } finally {
    await cp.close();
  }
});
