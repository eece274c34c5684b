// The staff dashboard in headless Chromium against the real central system, with the simulator as the charger:
// a session shows up and its energy rises without a reload, an issue marks only its connector, and a stop
// pressed on the page stops the simulator's session. Screenshots of the overview at desktop and phone size go to
// test-artifacts/screenshots/.
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { TEST_ADMIN_TOKEN } from '../helpers/test-app.js';
import { aStation } from '../helpers/seed.js';
import { bootedCharger } from '../helpers/charger.js';
import { api } from '../helpers/api.js';
import { dashboardHarness } from '../helpers/dashboard-harness.js';
import { aHolder } from '../helpers/bookings.js';
import { waitFor } from '../helpers/wait-for.js';
import { DESKTOP, PHONE, WAIT_MS, signedInDashboard, within, type DashboardPage } from '../helpers/browser.js';
import { goToView } from '../helpers/console-view.js';
import { saveScreenshot } from '../helpers/screenshots.js';

const h = dashboardHarness();

async function dashboard(viewport = DESKTOP): Promise<DashboardPage> {
  const d = await signedInDashboard(h.chrome.browser, h.app, TEST_ADMIN_TOKEN, viewport);
  return h.track(d);
}

const numberIn = async (d: DashboardPage, testid: string): Promise<number> =>
  Number(await d.page.getByTestId(testid).getAttribute('data-value'));

async function aChargingSession() {
  const holder = await aHolder(h.app, 'Ada Lovelace');
  const station = await aStation(h.app.services);
  const cp = await bootedCharger(h.app, station.chargeBoxId, { meterIntervalMs: 100, powerW: 22_000, batteryWh: 20_000 });
  return { station, cp, holder };
}

describe('staff dashboard in the browser', () => {
  it('shows a session a simulated charger starts, its energy rising without a reload, its connector charging, and its curve\'s page', async () => {
    const d = await dashboard();
    const { station, cp, holder } = await aChargingSession();
    await d.page.evaluate('window.sameDocument = true'); // gone if the page reloads

    const { transactionId } = await cp.startSession(1, holder.idTag);
    const row = d.page.getByTestId(`session-${transactionId}`);
    await row.waitFor();
    expect(await d.page.getByTestId(`session-customer-${transactionId}`).textContent()).toBe('Ada Lovelace');

    // Page-side checks are strings: the test's TypeScript has no DOM types. Polled through page.evaluate, since
    // waitForFunction evaluates a string with eval, which the page's Content-Security-Policy forbids.
    const energyAbove = (wh: number) => () => d.page.evaluate(
      `Number(document.querySelector('[data-testid="session-energy-${transactionId}"]')?.getAttribute('data-value')) > ${wh}`);
    await waitFor(energyAbove(0), WAIT_MS);
    const first = await numberIn(d, `session-energy-${transactionId}`);
    await waitFor(energyAbove(first), WAIT_MS);
    expect(await numberIn(d, `session-energy-${transactionId}`)).toBeGreaterThan(first);
    expect(await numberIn(d, `session-power-${transactionId}`)).toBeGreaterThan(0);
    expect(await d.page.getByTestId(`session-energy-${transactionId}`).textContent()).toMatch(/\d k?Wh$/);
    expect(await d.page.evaluate('window.sameDocument')).toBe(true);

    for (const [viewport, name] of [[DESKTOP, 'overview-1280x800'], [PHONE, 'overview-375x812']] as const) {
      await d.page.setViewportSize(viewport);
      // No horizontal scrolling at either size (the charts follow their box's width once it has changed).
      await waitFor(async () => Number(await d.page.evaluate('document.documentElement.scrollWidth')) <= viewport.width, WAIT_MS);
      await saveScreenshot(d.page, name);
    }
    await d.page.setViewportSize(DESKTOP);

    // The curve is on the session's page now; the station grid is the Stations view, its row charging.
    await d.page.getByTestId(`session-curve-${transactionId}`).click();
    await d.page.waitForURL((url) => url.hash === `#/sessions/${transactionId}`);
    await d.page.locator('[data-view="session"][data-loaded-at]').waitFor();
    await goToView(d.page, `#/stations?q=${station.chargeBoxId}`);
    await d.page.locator(`[data-testid="connector-${station.id}-1"][data-status="Charging"]`).waitFor();
    expect(d.errors).toEqual([]);
  });

  it('keeps the newer reading when a refetch answers with one older than an event it already showed', async () => {
    const d = await dashboard();
    const holder = await aHolder(h.app, 'Ada Lovelace');
    const station = await aStation(h.app.services);
    const cp = await bootedCharger(h.app, station.chargeBoxId, { meterIntervalMs: 0 });
    const { transactionId } = await cp.startSession(1, holder.idTag);
    const energy = d.page.getByTestId(`session-energy-${transactionId}`);
    await energy.waitFor();
    const reading = (wh: number, at: Date) => cp.call('MeterValues', {
      connectorId: 1, transactionId,
      meterValue: [{ timestamp: at.toISOString(), sampledValue: [{ value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }],
    });
    // What the page shows once it has the reading: the session's energy as the API states it.
    const shows = async () => {
      const { energyWh } = (await api(h.app).get(`/sessions/${transactionId}`)).body as { energyWh: number };
      await d.page.locator(`[data-testid="session-energy-${transactionId}"][data-value="${energyWh}"]`).waitFor();
      return energyWh;
    };
    await reading(1_000, new Date(Date.now() - 2_000));
    const older = await shows();

    // The browser's next dashboard answer is taken from the server now (the 1,000 Wh reading) and held back
    // until the page has shown a newer reading from the event stream.
    let release!: () => void;
    const released = new Promise<void>((r) => { release = r; });
    let held = 0;
    await d.page.route('**/api/dashboard', async (route) => {
      const answer = await route.fetch();
      held += 1;
      await released;
      await route.fulfill({ response: answer });
    }, { times: 1 });
    const loadedBefore = await d.page.getByTestId('dashboard').getAttribute('data-loaded-at');
    await cp.call('StatusNotification', { connectorId: 2, errorCode: 'NoError', status: 'Preparing' }); // makes the page refetch
    await waitFor(() => held > 0, WAIT_MS);
    await reading(2_500, new Date());
    const newer = await shows();
    expect(newer).toBeGreaterThan(older);
    release();
    await waitFor(async () => await d.page.getByTestId('dashboard').getAttribute('data-loaded-at') !== loadedBefore, WAIT_MS);

    expect(await energy.getAttribute('data-value')).toBe(String(newer));
    // A refetch still in the route's hands when the page goes would reject with "Request context disposed".
    await d.page.unrouteAll({ behavior: 'wait' });
    expect(d.errors).toEqual([]);
  });

  it('lists maintenance on the connector an issue names only, its status unchanged, opened and resolved from the page', async () => {
    const d = await dashboard();
    const station = await aStation(h.app.services);
    const cp = await bootedCharger(h.app, station.chargeBoxId, { meterIntervalMs: 0 });
    await cp.call('StatusNotification', { connectorId: 2, errorCode: 'NoError', status: 'Preparing' });
    await d.page.locator(`[data-testid="issue-station"] option[value="${station.id}"]`).waitFor({ state: 'attached' });
    const maintenance = (connectorId: number) =>
      d.page.locator(`[data-testid="attention-maintenance-row"][data-station-id="${station.id}"][data-connector-id="${connectorId}"]`);

    await d.page.getByTestId('issue-station').selectOption(String(station.id));
    await d.page.getByTestId('issue-connector').fill('1');
    await d.page.getByTestId('issue-title').fill('Cable worn <b>badly</b>');
    await d.page.getByTestId('issue-open').click();
    await maintenance(1).waitFor();
    expect(await maintenance(2).count()).toBe(0);
    const issues = (await api(h.app).get(`/issues?stationId=${station.id}&open=true`)).body as Array<{ id: number; title: string }>;
    expect(issues).toHaveLength(1);
    const row = d.page.getByTestId(`issue-${issues[0]!.id}`);
    expect(await row.textContent()).toContain('Cable worn <b>badly</b>'); // shown as text, not markup
    await d.page.getByTestId('issue-open-result').filter({ hasText: `Issue #${issues[0]!.id} opened on connector 1` }).waitFor();

    await d.page.getByTestId(`issue-resolve-${issues[0]!.id}`).click();
    await maintenance(1).waitFor({ state: 'detached' });
    await row.waitFor({ state: 'detached' });
    expect((await api(h.app).get(`/issues/${issues[0]!.id}`)).body.status).toBe('resolved');

    // The real OCPP statuses stayed: maintenance is not a status.
    await goToView(d.page, `#/stations?q=${station.chargeBoxId}`);
    expect(await d.page.getByTestId(`connector-${station.id}-1`).getAttribute('data-status')).toBe('Available');
    expect(await d.page.getByTestId(`connector-${station.id}-2`).getAttribute('data-status')).toBe('Preparing');
    expect(d.errors).toEqual([]);
  });

  it('stops the simulator\'s session with the stop button and shows the charger\'s answer', async () => {
    const d = await dashboard(PHONE);
    const { cp, holder } = await aChargingSession();
    const { transactionId } = await cp.startSession(1, holder.idTag);
    const stopButton = d.page.getByTestId(`session-stop-${transactionId}`);
    await stopButton.waitFor();

    const stopped = within(once(cp, 'sessionStopped'), WAIT_MS, 'the simulator\'s sessionStopped');
    await stopButton.click();
    const [event] = await stopped as [{ transactionId?: number; connectorId: number }];
    expect(event.connectorId).toBe(1);
    const message = d.page.getByTestId('session-stop-result');
    await message.filter({ hasText: `Stop session #${transactionId}` }).waitFor();
    expect(await message.getAttribute('data-kind'), await message.textContent() ?? '').toBe('ok');
    expect(await message.textContent()).toContain('status Accepted');
    await d.page.getByTestId(`session-${transactionId}`).waitFor({ state: 'detached' });
    expect((await api(h.app).get(`/sessions/${transactionId}`)).body.stoppedAt).not.toBeNull();
    expect(d.errors).toEqual([]);
  });
  it('lists a finished session as awaiting payment until it is marked paid on the page', async () => {
    const d = await dashboard();
    const { cp, holder } = await aChargingSession();
    const { transactionId } = await cp.startSession(1, holder.idTag);
    await cp.stopSession(1);
    const row = d.page.getByTestId(`awaiting-${transactionId}`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Ada Lovelace');
    const { invoice } = (await api(h.app).get(`/sessions/${transactionId}`)).body as { invoice: { id: number; status: string } };
    expect(invoice.status).toBe('unpaid');

    await d.page.getByTestId(`pay-method-${invoice.id}`).selectOption('cash');
    await d.page.getByTestId(`pay-${invoice.id}`).click();
    await d.page.getByTestId('awaiting-result').filter({ hasText: `Invoice #${invoice.id} paid (cash)` }).waitFor();
    await row.waitFor({ state: 'detached' });
    expect((await api(h.app).get(`/invoices/${invoice.id}`)).body).toMatchObject({ status: 'paid' });
    expect(d.errors).toEqual([]);
  });
});
