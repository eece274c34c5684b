// The lifecycle every browser test file shares: one central system and one Chromium per file, each test's
// pages closed after it, and the simulated chargers too.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startTestApp, type TestApp } from './test-app.js';
import { closeChargers } from './charger.js';
import { launchBrowser, type DashboardPage, type TestBrowser } from './browser.js';

export interface DashboardHarness {
  readonly app: TestApp;
  readonly chrome: TestBrowser;
  /** Closes the page's browser context after the test. */
  track(page: DashboardPage): DashboardPage;
}

export function dashboardHarness(): DashboardHarness {
  let app: TestApp | undefined;
  let chrome: TestBrowser | undefined;
  const pages: DashboardPage[] = [];
  beforeAll(async () => {
    [app, chrome] = await Promise.all([startTestApp(), launchBrowser()]);
  });
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((p) => p.context.close()));
    await closeChargers();
  });
  afterAll(async () => {
    await chrome?.close();
    await app?.stop();
  });
  return {
    get app() { return app!; },
    get chrome() { return chrome!; },
    track(page) { pages.push(page); return page; },
  };
}
