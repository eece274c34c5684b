// The dashboard's Sites card in headless Chromium (issue 17 item 4), the simulator as the chargers: a site shows its
// limit, what the load balancer allocated and what is drawn, and each session's limit, and follows a second start
// and a lowered site limit live, without a reload; its chart draws the runs against the limit.
import { describe, expect, it } from 'vitest';
import { TEST_ADMIN_TOKEN } from '../helpers/test-app.js';
import { anIdTag, randomChargeBoxId } from '../helpers/seed.js';
import { bootedCharger } from '../helpers/charger.js';
import { api } from '../helpers/api.js';
import { dashboardHarness } from '../helpers/dashboard-harness.js';
import { WAIT_MS, signedInDashboard, type DashboardPage } from '../helpers/browser.js';
import { saveScreenshot } from '../helpers/screenshots.js';
import { waitFor } from '../helpers/wait-for.js';

const h = dashboardHarness();

async function aCharger(siteId: number) {
  const created = await api(h.app).post('/stations', { chargeBoxId: randomChargeBoxId(), password: false });
  await api(h.app).patch(`/stations/${created.body.id}`, { siteId, maxCurrentA: 32 });
  return bootedCharger(h.app, created.body.chargeBoxId, { connectors: 1, powerW: 32 * 690, meterIntervalMs: 200 });
}

const valueOf = (d: DashboardPage, testid: string) => d.page.getByTestId(testid).getAttribute('data-value');
const limitOf = (d: DashboardPage, sessionId: number) => d.page.getByTestId(`site-session-${sessionId}`).getAttribute('data-limit');

describe('Sites on the dashboard', () => {
  it('shows allocated against the limit and the measured draw, and each session\'s limit, live', async () => {
    const site = (await api(h.app).post('/sites', { name: 'Garage P1', maxCurrentA: 32, phases: 3, failsafeCurrentA: 0 })).body as { id: number };
    const [a, b] = [await aCharger(site.id), await aCharger(site.id)];
    const d = h.track(await signedInDashboard(h.chrome.browser, h.app, TEST_ADMIN_TOKEN));
    await d.page.getByTestId(`site-${site.id}`).waitFor();
    expect(await valueOf(d, `site-limit-${site.id}`)).toBe('32');
    await d.page.evaluate('window.sameDocument = true'); // gone if the page reloads

    const first = await a.startSession(1, await anIdTag(h.app.services));
    await waitFor(async () => await limitOf(d, first.transactionId) === '32', WAIT_MS);
    const second = await b.startSession(1, await anIdTag(h.app.services));
    await waitFor(async () => await limitOf(d, first.transactionId) === '16' && await limitOf(d, second.transactionId) === '16', WAIT_MS);
    expect(await valueOf(d, `site-allocated-${site.id}`)).toBe('32');
    // The chargers draw what they were told, and the page follows their readings.
    await waitFor(async () => await valueOf(d, `site-measured-${site.id}`) === '32', WAIT_MS);

    await api(h.app).patch(`/sites/${site.id}`, { maxCurrentA: 20 });
    await waitFor(async () => await limitOf(d, first.transactionId) === '10' && await valueOf(d, `site-limit-${site.id}`) === '20', WAIT_MS);
    expect(await valueOf(d, `site-allocated-${site.id}`)).toBe('20');
    expect(await d.page.getByTestId(`site-session-${second.transactionId}`).getAttribute('data-reason')).toBe('share');
    expect(await d.page.getByTestId(`site-gauge-${site.id}`).getAttribute('aria-label')).toMatch(/^allocated 20 A, measured [\d.]+ A of 20 A$/);
    // The chart of the last hours (uPlot, on a canvas): a point per balancer run, against the limit, clock-time labels.
    const chart = d.page.getByTestId(`site-chart-${site.id}`);
    await waitFor(async () => Number(await chart.getAttribute('data-points')) > 0, WAIT_MS);
    await chart.locator('canvas').waitFor();
    expect(await chart.getAttribute('aria-label')).toContain('20 A limit');
    expect(await chart.getAttribute("data-x-labels")).toMatch(/\b\d\d:\d\d\b/);
    expect(await d.page.evaluate('window.sameDocument')).toBe(true);
    await saveScreenshot(d.page, 'overview-sites');
    expect(d.errors).toEqual([]);
  });
});
