// The console's sessions list and session page in headless Chromium against the real central system, with the
// simulator as the charger: the list pages with its cursor (and back), a running row follows the charger
// without a reload, and a session's curve reads in clock time (HH:MM, not "+1.1 min").
import { describe, expect, it } from 'vitest';
import { aStation } from '../helpers/seed.js';
import { bootedCharger } from '../helpers/charger.js';
import { api } from '../helpers/api.js';
import { dashboardHarness } from '../helpers/dashboard-harness.js';
import { aHolder } from '../helpers/bookings.js';
import { waitFor } from '../helpers/wait-for.js';
import { WAIT_MS, type DashboardPage } from '../helpers/browser.js';
import { saveScreenshot } from '../helpers/screenshots.js';
import { amongAFleet, goToView, minutesAgo, openView, readings, startedAt, stoppedAt, viewAfter } from '../helpers/console-view.js';

const h = dashboardHarness();
amongAFleet(h);
const TABLET = { width: 768, height: 1024 };

/** The session ids of the list's rows, in order. */
const rowIds = async (d: DashboardPage): Promise<string[]> => {
  const rows = await d.page.locator('[data-testid^="sessions-row-"]').all();
  return Promise.all(rows.map(async (r) => (await r.getAttribute('data-testid'))!.slice('sessions-row-'.length)));
};

describe('console: sessions', () => {
  it('pages a customer\'s sessions with the cursor, back returns, and the running row follows the charger live', async () => {
    const holder = await aHolder(h.app, 'Grace Hopper');
    const station = await aStation(h.app.services);
    const cp = await bootedCharger(h.app, station.chargeBoxId, { meterIntervalMs: 200, powerW: 11_000, batteryWh: 40_000 });
    // Two finished sessions of hours ago on connector 2, then one running now on connector 1.
    const older = await startedAt(cp, 2, holder.idTag, minutesAgo(180));
    await stoppedAt(cp, older, holder.idTag, minutesAgo(150), 5_000);
    const old = await startedAt(cp, 2, holder.idTag, minutesAgo(120), 5_000);
    await stoppedAt(cp, old, holder.idTag, minutesAgo(90), 9_000);
    const { transactionId: running } = await cp.startSession(1, holder.idTag);

    const first = `#/sessions?customerId=${holder.customerId}&limit=2`;
    const d = await openView(h, first);
    await d.page.evaluate('window.sameDocument = true'); // gone if the page reloads
    expect(await rowIds(d)).toEqual([String(running), String(old)]);
    expect(await d.page.getByTestId(`sessions-row-${running}`).getAttribute('data-state')).toBe('active');

    // The running row's energy rises from session.updated, in place.
    const energy = d.page.getByTestId(`sessions-energy-${running}`);
    const energyAbove = (wh: number) => async () => Number(await energy.getAttribute('data-value')) > wh;
    await waitFor(energyAbove(0), WAIT_MS);
    const seen = Number(await energy.getAttribute('data-value'));
    await waitFor(energyAbove(seen), WAIT_MS);
    expect(Number(await d.page.getByTestId(`sessions-power-${running}`).getAttribute('data-value'))).toBeGreaterThan(0);
    expect(await d.page.evaluate('window.sameDocument')).toBe(true);
    await saveScreenshot(d.page, 'sessions');

    // Next page: the address carries the API's cursor; the last row; back returns to the first page.
    const next = d.page.getByTestId('sessions-pager-next');
    const nextHash = (await next.getAttribute('href'))!;
    expect(nextHash).toMatch(/[?&]cursor=[^&]+/);
    await viewAfter(d.page, nextHash, () => next.click());
    // The page's rows as drawn; a reload the stream asked for meanwhile draws them again.
    await waitFor(async () => ((await rowIds(d)).join() === String(older) ? true : undefined), WAIT_MS)
      .catch(async (err: unknown) => { throw new Error(`page 2 shows ${JSON.stringify(await rowIds(d))}: ${String(err)}`); });
    expect(await d.page.getByTestId('sessions-pager-next').count()).toBe(0);
    await viewAfter(d.page, first, () => d.page.goBack());
    expect(await rowIds(d)).toEqual([String(running), String(old)]);

    // A filter typed goes into the address and to the API.
    await d.page.getByTestId('sessions-filter-state').focus(); // as a click or the Tab key leaves it
    await d.page.getByTestId('sessions-filter-state').selectOption('completed');
    await waitFor(async () => (await rowIds(d)).join() === [old, older].join(), WAIT_MS);
    expect(d.page.url()).toContain('state=completed');
    // The view drew itself anew; the keyboard stays where it was.
    await waitFor(async () => await d.page.evaluate('document.activeElement?.dataset.testid') === 'sessions-filter-state', WAIT_MS);

    // The CSV link exports that filter: the customer's finished sessions, one line each after the header.
    const csvUrl = new URL((await d.page.getByTestId('sessions-csv').getAttribute('href'))!, h.app.url);
    expect(csvUrl.pathname).toBe('/api/exports/sessions.csv');
    expect(csvUrl.searchParams.get('state')).toBe('completed');
    expect(csvUrl.searchParams.get('customerId')).toBe(String(holder.customerId));
    const csv = (await (await fetch(csvUrl)).text()).trim().split(/\r?\n/);
    expect(csv.slice(1).map((line) => line.split(',')[0]).sort()).toEqual([String(older), String(old)].sort());

    // On a tablet the table becomes labelled cards: nothing wider than the screen.
    await d.page.setViewportSize(TABLET);
    expect(await d.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(TABLET.width);
    await saveScreenshot(d.page, 'sessions-tablet');
    expect(d.errors).toEqual([]);

    // A filter the API refuses says which field, in place of the list.
    await d.page.evaluate(`location.hash = '#/sessions?stationId=x1'`);
    expect(await d.page.getByTestId('view-error').textContent()).toMatch(/400 BadRequest: .*stationId/);
  });

  it('shows a session\'s curve against clock time, its meter values and its invoice, and closes one the charger never stops', async () => {
    const holder = await aHolder(h.app, 'Katherine Johnson');
    const station = await aStation(h.app.services);
    const cp = await bootedCharger(h.app, station.chargeBoxId, { meterIntervalMs: 0 });
    // A session of 40 minutes with a reading every 5: the axis spans 40 minutes of clock time.
    const tx = await startedAt(cp, 1, holder.idTag, minutesAgo(40));
    await readings(cp, 1, tx, Array.from({ length: 9 }, (_, i) => ({
      at: minutesAgo(40 - i * 5), energyWh: i * 1_800, powerW: i === 0 ? 0 : 22_000 - i * 1_500, socPercent: 20 + i * 8,
    })));

    const d = await openView(h, `#/sessions/${tx}`);
    const curve = d.page.locator('[data-testid="session-curve"][data-x-labels]');
    await curve.waitFor();
    expect(await curve.getAttribute('data-points')).toBe('9');
    const labels = (await curve.getAttribute('data-x-labels'))!.split('|');
    expect(labels.length).toBeGreaterThanOrEqual(2);
    for (const label of labels) expect(label).toMatch(/^\d{2}:\d{2}$/);
    expect(await curve.getAttribute('aria-label')).toContain('clock time');
    expect(await d.page.getByTestId('session-meter-values').locator('tbody tr').count()).toBe(27); // 9 readings of 3 values
    expect(await d.page.getByTestId('session-energy').textContent()).toBe('14.40 kWh');
    expect(await d.page.getByTestId('session-no-invoice').count()).toBe(1);
    await saveScreenshot(d.page, 'session');

    // Live while it runs: a new reading shows in the figures and on the curve without a reload.
    await d.page.evaluate('window.sameDocument = true');
    await readings(cp, 1, tx, [{ at: new Date(), energyWh: 15_000, powerW: 9_000, socPercent: 86 }]);
    await d.page.getByTestId('session-energy').filter({ hasText: '15.00 kWh' }).waitFor();
    await d.page.locator('[data-testid="session-curve"][data-points="10"]').waitFor();
    expect(await d.page.evaluate('window.sameDocument')).toBe(true);

    // The charger will never stop it: staff close it with a reason; it is then stopped and invoiced.
    await d.page.getByTestId('session-close-reason').fill('station decommissioned');
    await d.page.getByTestId('session-close').click();
    await d.page.getByTestId('session-action-result').filter({ hasText: `Session #${tx} closed by staff` }).waitFor();
    await d.page.locator('[data-view="session"][data-state="stopped"]').waitFor();
    expect(await d.page.getByTestId('session-closed').textContent()).toContain('station decommissioned');
    await d.page.getByTestId('session-invoice').waitFor();
    expect(await d.page.getByTestId('session-actions').count()).toBe(0);
    const detail = (await api(h.app).get(`/sessions/${tx}`)).body as { stoppedAt: string | null; closedReason: string | null };
    expect(detail.stoppedAt).not.toBeNull();
    expect(detail.closedReason).toBe('station decommissioned');

    // Back to the list with the browser's back button.
    await goToView(d.page, '#/sessions');
    await viewAfter(d.page, `#/sessions/${tx}`, () => d.page.goBack());
    expect(d.errors).toEqual([]);
  });
});
