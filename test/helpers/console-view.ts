// The console's views in the browser tests: sign in, go to a view's address, wait until it has shown its data;
// and the simulator's raw transaction messages with the times a test chooses (a session of 40 minutes ago).
import { beforeAll } from 'vitest';
import type { Page } from 'playwright-core';
import { TEST_ADMIN_TOKEN } from './test-app.js';
import { DESKTOP, markViewLeft, openDashboard, type DashboardPage } from './browser.js';
import type { DashboardHarness } from './dashboard-harness.js';
import { seedStations } from './query-plans.js';
import type { ChargePoint } from '../../simulators/charge-point.js';

/**
 * A signed-in page showing the view at `hash` ('#/sessions?state=active'), its data loaded and the event stream
 * open (so what the test does next reaches it live). It waits for that view alone, not for the overview.
 */
/** The console tests run over a fleet (issue 18): this file's app gets `count` more stations before its tests. */
export function amongAFleet(h: DashboardHarness, count = 2_000): void {
  beforeAll(async () => { await seedStations(h.app.database.db, count, `FLEET${Date.now() % 100_000}`); }, 120_000);
}

export async function openView(h: DashboardHarness, hash: string, viewport = DESKTOP): Promise<DashboardPage> {
  const d = h.track(await openDashboard(h.chrome.browser, h.app, TEST_ADMIN_TOKEN, viewport));
  await d.page.getByTestId('dashboard').waitFor({ state: 'visible' });
  await d.page.locator('[data-testid="live-state"][data-state="live"]').waitFor();
  await goToView(d.page, hash);
  return d;
}

/** Goes to `hash` (a new history entry) and waits for the view it names to have loaded. */
export async function goToView(page: Page, hash: string): Promise<void> {
  await viewAfter(page, hash, () => page.evaluate(`location.hash = ${JSON.stringify(hash)}`));
}

/**
 * Runs `act` (a click on a link, the back button) and waits until the address is `hash` and the view it names
 * has loaded its data. The view shown before is marked first, so its root (the same view, another page) never
 * passes for the new one.
 */
export async function viewAfter(page: Page, hash: string, act: () => Promise<unknown>): Promise<void> {
  await markViewLeft(page);
  await act();
  await viewLoaded(page, hash);
}

/**
 * Waits until the address is `hash` and the view it names shows its data (a view other than the one before); a
 * view that shows its load error instead fails the wait with that error's text.
 */
export async function viewLoaded(page: Page, hash: string): Promise<void> {
  await page.waitForURL((url) => url.hash === hash);
  const view = `[data-view="${viewName(hash)}"]:not([data-left])`;
  const failed = page.locator(`${view} [data-testid="view-error"]`);
  await page.locator(`${view}[data-loaded-at]`).or(failed).first().waitFor();
  if (await failed.count() > 0) throw new Error(`${hash}: ${await failed.first().textContent()}`);
}

/** The view an address shows: '#/sessions/12' → 'session', '#/bookings?day=…' → 'bookings'. */
function viewName(hash: string): string {
  const path = hash.replace(/^#/, '').split('?')[0] ?? '';
  if (/^\/sessions\/\d+$/.test(path)) return 'session';
  return path.split('/')[1] ?? 'overview';
}

export interface Reading { at: Date; energyWh: number; powerW: number; socPercent: number }

/** A transaction started at `at` through the charger's own StartTransaction; its transactionId. */
export async function startedAt(cp: ChargePoint, connectorId: number, idTag: string, at: Date, meterStartWh = 0): Promise<number> {
  const conf = await cp.call('StartTransaction', { connectorId, idTag, meterStart: meterStartWh, timestamp: at.toISOString() });
  return conf.transactionId;
}

/** MeterValues of a transaction, one message per reading (register, power and SoC). */
export async function readings(cp: ChargePoint, connectorId: number, transactionId: number, rs: Reading[]): Promise<void> {
  for (const r of rs) {
    await cp.call('MeterValues', {
      connectorId, transactionId,
      meterValue: [{ timestamp: r.at.toISOString(), sampledValue: [
        { value: String(r.energyWh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
        { value: String(r.powerW), measurand: 'Power.Active.Import', unit: 'W' },
        { value: String(r.socPercent), measurand: 'SoC', unit: 'Percent' },
      ] }],
    });
  }
}

/** StopTransaction of a transaction at `at`. */
export async function stoppedAt(cp: ChargePoint, transactionId: number, idTag: string, at: Date, meterStopWh: number): Promise<void> {
  await cp.call('StopTransaction', { transactionId, idTag, meterStop: meterStopWh, timestamp: at.toISOString(), reason: 'Local' });
}

export const minutesAgo = (m: number, from = Date.now()): Date => new Date(from - m * 60_000);
