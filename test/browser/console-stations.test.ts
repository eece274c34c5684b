// The Stations and Station views in headless Chromium over a fleet of 2,000 seeded stations (issue 18): the first
// page, a search narrowing to one chargeBoxId, Next and the back button (an address per page), a row following
// the simulator's status change live, and the station's page with its status timeline, its utilisation, its
// commands and its configuration read and changed.
import { describe, expect, it } from 'vitest';
import { dashboardHarness } from '../helpers/dashboard-harness.js';
import { openView, viewAfter } from '../helpers/console-view.js';
import { seedStations } from '../helpers/query-plans.js';
import { aStation } from '../helpers/seed.js';
import { bootedCharger } from '../helpers/charger.js';
import { api } from '../helpers/api.js';
import { saveScreenshot } from '../helpers/screenshots.js';
import { DESKTOP, markViewLeft } from '../helpers/browser.js';
import { waitFor } from '../helpers/wait-for.js';

const h = dashboardHarness();
const FLEET = 2_000;
const TABLET = { width: 768, height: 1024 };
/** Inputs, selects and buttons of the shown view with no name a screen reader could say (no label, no aria-label, no text). */
const UNNAMED = `[...document.querySelectorAll('[data-view] input, [data-view] select, [data-view] button')]
  .filter((e) => !(e.labels?.length) && !e.getAttribute('aria-label') && !e.textContent.trim()).length`;
const rowsOf = (d: { page: import('playwright-core').Page }) => d.page.locator('[data-testid="stations-rows"] tr[data-station-id]');

describe('the Stations view over a fleet', () => {
  it('pages 2,000 stations, searches one, turns pages with Next and the back button, and follows a status live', async () => {
    const prefix = `FLT${Date.now() % 100000}`;
    await seedStations(h.app.database.db, FLEET, prefix);
    const station = await aStation(h.app.services);
    const cp = await bootedCharger(h.app, station.chargeBoxId, { meterIntervalMs: 0 });

    const d = await openView(h, '#/stations');
    expect(await rowsOf(d).count()).toBe(50);
    expect(await d.page.getByTestId('nav-stations').getAttribute('aria-current')).toBe('page');
    expect(await d.page.evaluate(UNNAMED)).toBe(0);
    await saveScreenshot(d.page, 'stations');
    // On a tablet the optional columns go and nothing widens the page.
    await d.page.setViewportSize(TABLET);
    await waitFor(async () => Number(await d.page.evaluate('document.documentElement.scrollWidth')) <= TABLET.width, 5_000);
    await saveScreenshot(d.page, 'stations-tablet');
    await d.page.setViewportSize(DESKTOP);

    // Next: a new address (the back button returns), the following 50.
    const firstPage = await rowsOf(d).first().getAttribute('data-station-id');
    await markViewLeft(d.page);
    await d.page.getByTestId('stations-next').click();
    await waitFor(async () => new URL(d.page.url()).hash.includes('cursor='), 5_000);
    await d.page.locator('[data-view="stations"][data-loaded-at]:not([data-left])').waitFor();
    expect(await rowsOf(d).count()).toBe(50);
    expect(await rowsOf(d).first().getAttribute('data-station-id')).not.toBe(firstPage);
    expect(await d.page.getByTestId('stations-page-info').textContent()).toContain('51–100');
    await viewAfter(d.page, '#/stations', () => d.page.goBack());
    expect(await rowsOf(d).first().getAttribute('data-station-id')).toBe(firstPage);

    // A search for one chargeBoxId narrows to it, in the address too.
    await d.page.getByTestId('stations-q').fill(station.chargeBoxId);
    await waitFor(async () => await rowsOf(d).count() === 1 && await rowsOf(d).first().getAttribute('data-station-id') === String(station.id), 5_000);
    expect(new URL(d.page.url()).hash).toBe(`#/stations?q=${station.chargeBoxId}`);
    await d.page.locator(`[data-testid="connector-${station.id}-1"][data-status="Available"]`).waitFor();

    // The simulator's status change reaches the row within a second, without a reload.
    await d.page.evaluate('window.sameDocument = true');
    const before = Date.now();
    await cp.fault(1);
    await d.page.locator(`[data-testid="connector-${station.id}-1"][data-status="Faulted"]`).waitFor({ timeout: 1_000 });
    expect(Date.now() - before).toBeLessThan(1_000);
    expect(await d.page.evaluate('window.sameDocument')).toBe(true);

    // Its page: the timeline of the last 24 h and the commands sent with their answers.
    await api(h.app).post(`/stations/${station.id}/commands/TriggerMessage`, { requestedMessage: 'Heartbeat' });
    await d.page.getByTestId(`station-link-${station.id}`).click();
    await d.page.locator('[data-view="station"][data-loaded-at]').waitFor();
    expect(await d.page.getByTestId('nav-stations').getAttribute('aria-current')).toBe('page');
    expect(new URL(d.page.url()).hash).toBe(`#/stations/${station.id}`);
    const timeline = d.page.getByTestId('timeline-1');
    await timeline.locator('[data-testid="timeline-span"][data-status="Faulted"]').waitFor();
    expect(await timeline.locator('[data-testid="timeline-span"][data-status="Available"]').count()).toBeGreaterThan(0);
    const command = d.page.locator('[data-testid="commands-table"] tr[data-action="TriggerMessage"]');
    await command.first().waitFor();
    expect(await command.first().textContent()).toContain('Accepted');
    const utilisation = d.page.getByTestId('station-utilisation-chart');
    await utilisation.locator('canvas').waitFor();
    expect(Number(await utilisation.getAttribute('data-points'))).toBe(30);

    // Its configuration, read with GetConfiguration; a writable key changed with ChangeConfiguration, the answer shown.
    await d.page.getByTestId('config-read').click();
    await d.page.getByTestId('config-ConnectionTimeOut').waitFor();
    expect(await d.page.getByTestId('config-GetConfigurationMaxKeys').textContent()).toContain('read-only');
    await d.page.getByTestId('config-value-ConnectionTimeOut').fill('90');
    await d.page.getByTestId('config-change-ConnectionTimeOut').click();
    await d.page.getByTestId('config-result').filter({ hasText: 'ChangeConfiguration ConnectionTimeOut · outcome answered · status Accepted' }).waitFor();
    const read = (await api(h.app).post(`/stations/${station.id}/commands/GetConfiguration`, { key: ['ConnectionTimeOut'] })).body;
    expect(read.response.configurationKey).toEqual([{ key: 'ConnectionTimeOut', value: '90', readonly: false }]);
    expect(await d.page.evaluate(UNNAMED)).toBe(0);
    await saveScreenshot(d.page, 'station');
    await viewAfter(d.page, `#/stations?q=${station.chargeBoxId}`, () => d.page.goBack());
    expect(await rowsOf(d).count()).toBe(1);
    expect(d.errors).toEqual([]);
  });
});
