// The driver's whole story through /app/ on a phone-sized screen (issue 19), while a second browser shows the
// staff console: a scanned connector code opens sign-up, the driver books the connector for tomorrow, starts
// charging, watches the energy rise, stops, is declined by the card, pays, and sees it all in their history;
// the staff overview shows the session with the driver's name, then awaiting payment, then paid.
import { describe, expect, it } from 'vitest';
import { TEST_ADMIN_TOKEN } from '../helpers/test-app.js';
import { aStation } from '../helpers/seed.js';
import { bootedCharger } from '../helpers/charger.js';
import { slotsOf } from '../helpers/bookings.js';
import { dashboardHarness } from '../helpers/dashboard-harness.js';
import { waitFor } from '../helpers/wait-for.js';
import { api } from '../helpers/api.js';
import { DESKTOP, signedInDashboard } from '../helpers/browser.js';
import { openDriverApp, viewShown } from '../helpers/driver-app.js';
import { saveScreenshot } from '../helpers/screenshots.js';
import { DRIVER_PASSWORD } from '../helpers/drivers.js';

const h = dashboardHarness();

async function aChargerWithSlots() {
  const station = await aStation(h.app.services);
  const cp = await bootedCharger(h.app, station.chargeBoxId, { meterIntervalMs: 200, powerW: 11_000, batteryWh: 40_000 });
  const slots = await waitFor(async () => { const s = await slotsOf(h.app, station.id); return s[1] ? s : undefined; });
  const code = ((await api(h.app).get(`/slots/${slots[1]}`)).body as { code: string }).code;
  return { station, cp, slotId: slots[1]!, code };
}

/** Tomorrow at 10:00 on the phone's clock, as a datetime-local input takes it. */
function tomorrowAtTen(): string {
  const d = new Date(Date.now() + 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T10:00`;
}

describe('the drivers\' app in the browser', () => {
  it('walks the story from a scanned QR code to a paid invoice, the staff console following it live', async () => {
    const { station, code } = await aChargerWithSlots();
    // A session fee: the cost so far and the invoice are more than zero from the start.
    const tariff = await api(h.app).post('/tariffs', { name: 'App story', currency: 'EUR', pricePerKwhMinor: 40, sessionFeeMinor: 150, stationIds: [station.id] });
    expect(tariff.status, JSON.stringify(tariff.body)).toBe(201);
    const staff = h.track(await signedInDashboard(h.chrome.browser, h.app, TEST_ADMIN_TOKEN, DESKTOP));
    const phone = h.track(await openDriverApp(h.chrome.browser, h.app, `/app/c/${encodeURIComponent(code)}`));
    const p = phone.page;

    // The QR code's address, signed out: sign-in first, then sign-up, then on to the scanned connector.
    await viewShown(p, 'signin');
    await p.getByTestId('to-sign-up').click();
    await viewShown(p, 'signup');
    const email = `phone-${Date.now()}@example.org`;
    await p.getByTestId('field-name').fill('Priya Phone');
    await p.getByTestId('field-email').fill(email);
    await p.getByTestId('field-password').fill(DRIVER_PASSWORD);
    await p.getByTestId('sign-up-submit').click();
    await viewShown(p, 'connector');
    expect(await p.getByTestId('availability').textContent()).toBe('Free');
    await saveScreenshot(p, 'app-connector-375x812');

    // A booking for tomorrow: its code, and the staff see it with the driver's name.
    await p.getByTestId('booking-start').fill(tomorrowAtTen());
    await p.getByTestId('booking-submit').click();
    await p.getByTestId('booking-outcome').filter({ hasText: /Booked: BK-\d+/ }).waitFor();

    // Start: the page waits for the charger, then shows the session; the staff overview shows it with the name.
    await p.getByTestId('start-charging').click();
    await viewShown(p, 'session');
    const sessionId = Number(/#\/sessions\/(\d+)/.exec(p.url())?.[1]);
    expect(sessionId).toBeGreaterThan(0);
    await staff.page.getByTestId(`session-customer-${sessionId}`).filter({ hasText: 'Priya Phone' }).waitFor();
    await p.locator('[data-testid="session-energy"]').filter({ hasText: /[1-9]\d* (k?Wh)/ }).waitFor();
    const firstEnergy = await p.getByTestId('session-energy').textContent();
    await p.locator('[data-testid="session-energy"]').filter({ hasNotText: firstEnergy ?? '' }).waitFor();
    expect(await p.getByTestId('session-cost').textContent()).toMatch(/^€1\.\d\d$/);
    await saveScreenshot(p, 'app-session-375x812');

    // Stop: the charge is finished and its invoice awaits payment, on the phone and on the staff overview.
    await p.getByTestId('stop-charging').click();
    await p.locator('[data-view="session"][data-state="stopped"]').waitFor();
    await staff.page.getByTestId(`awaiting-${sessionId}`).waitFor();
    await p.getByTestId('open-invoice').click();
    await viewShown(p, 'invoice');
    expect(await p.getByTestId('invoice-status').textContent()).toBe('Awaiting payment');
    expect(await p.getByTestId('invoice-total').textContent()).toMatch(/^€1\.\d\d$/);

    // A declined card: still awaiting payment everywhere. Then an approved one: paid, and gone from the staff list.
    await p.getByTestId('pay-card').selectOption('test-decline');
    await p.getByTestId('pay').click();
    await p.getByTestId('pay-outcome').filter({ hasText: /declined/i }).waitFor();
    expect(await p.getByTestId('invoice-status').textContent()).toBe('Awaiting payment');
    expect(await staff.page.getByTestId(`awaiting-${sessionId}`).count()).toBe(1);
    await p.getByTestId('pay-card').selectOption('test-approve');
    await p.getByTestId('pay').click();
    await p.locator('[data-view="invoice"][data-status="paid"]').waitFor();
    expect(await p.getByTestId('payment-reference').textContent()).toMatch(/^Paid by card /);
    await staff.page.getByTestId(`awaiting-${sessionId}`).waitFor({ state: 'detached' });
    await saveScreenshot(p, 'app-invoice-375x812');

    // History: the session, the booking and the paid invoice.
    await p.getByTestId('tab-history').click();
    await viewShown(p, 'history');
    await p.getByTestId(`history-session-${sessionId}`).waitFor();
    expect(await p.locator('[data-testid^="history-booking-"]').count()).toBe(1);
    expect(await p.locator('[data-testid^="history-invoice-"]').textContent()).toMatch(/paid/);
    await saveScreenshot(p, 'app-history-375x812');

    // Nothing scrolls sideways on the phone, and neither page logged an error.
    expect(await p.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    expect(phone.errors).toEqual([]);
    expect(staff.errors).toEqual([]);
  }, 120_000);

  it('lets staff invite a customer from the console, whose link greets them by name and works once', async () => {
    const customer = (await api(h.app).post('/customers', { name: 'Ines Invited', email: `ines-${Date.now()}@example.org` })).body as { id: number };
    const staff = h.track(await signedInDashboard(h.chrome.browser, h.app, TEST_ADMIN_TOKEN, DESKTOP));
    await staff.page.evaluate(`location.hash = '#/customers?customerId=${customer.id}'`);
    await staff.page.getByTestId('customer-invite').click();
    // The link's field is in the page from the start, empty and hidden, until the server has answered.
    const link = staff.page.getByTestId('customer-invite-url');
    await link.waitFor({ state: 'visible' });
    const url = await link.inputValue();
    expect(url).toMatch(new RegExp(`^${h.app.url}/app/#/invite/csi_[A-Za-z0-9_-]+$`));

    const phone = h.track(await openDriverApp(h.chrome.browser, h.app, url.slice(h.app.url.length)));
    const p = phone.page;
    await viewShown(p, 'invite');
    expect(await p.getByRole('heading').first().textContent()).toBe('Welcome, Ines Invited');
    await p.getByTestId('field-password').fill(DRIVER_PASSWORD);
    await p.getByTestId('invite-submit').click();
    await viewShown(p, 'stations');
    await p.getByTestId('tab-account').click();
    await viewShown(p, 'account');
    expect(await p.getByRole('heading').first().textContent()).toBe('Ines Invited');

    // The same link again, in a new context: used up.
    const again = h.track(await openDriverApp(h.chrome.browser, h.app, url.slice(h.app.url.length)));
    await viewShown(again.page, 'invite');
    expect(await again.page.getByTestId('invite-invalid').textContent()).toMatch(/no longer valid/);
    expect([...phone.errors, ...staff.errors]).toEqual([]);
  }, 60_000);

  it('shows staff each connector\'s QR code on the station page, an image the browser drew', async () => {
    const { station, code } = await aChargerWithSlots();
    const staff = h.track(await signedInDashboard(h.chrome.browser, h.app, TEST_ADMIN_TOKEN, DESKTOP));
    await staff.page.evaluate(`location.hash = '#/stations/${station.id}'`);
    const figure = staff.page.getByTestId('connector-qr-1');
    await figure.waitFor();
    expect(await figure.textContent()).toContain(code);
    // Drawn: the SVG came (with the token as ?access_token=) and decoded as an image.
    await waitFor(() => staff.page.evaluate(`(() => { const i = document.querySelector('[data-testid="connector-qr-1"] img'); return i.complete && i.naturalWidth > 0; })()`), 15_000);
    expect(staff.errors).toEqual([]);
  }, 60_000);

  it('keeps a signed-in driver signed in on a reload, and signing out revokes the token', async () => {
    const phone = h.track(await openDriverApp(h.chrome.browser, h.app, '/app/#/signup'));
    const p = phone.page;
    await viewShown(p, 'signup');
    await p.getByTestId('field-name').fill('Rui Reload');
    await p.getByTestId('field-email').fill(`reload-${Date.now()}@example.org`);
    await p.getByTestId('field-password').fill(DRIVER_PASSWORD);
    await p.getByTestId('sign-up-submit').click();
    await viewShown(p, 'stations');
    await p.reload();
    await viewShown(p, 'stations');
    const token = String(await p.evaluate(`localStorage.getItem('chargesync.driver.token')`));
    await p.getByTestId('tab-account').click();
    await viewShown(p, 'account');
    await p.getByTestId('sign-out').click();
    await viewShown(p, 'signin');
    expect(await p.evaluate(`localStorage.getItem('chargesync.driver.token')`)).toBeNull();
    expect((await api(h.app, token).get('/driver/me')).status).toBe(401);
    expect(phone.errors).toEqual([]);
  }, 60_000);
});
