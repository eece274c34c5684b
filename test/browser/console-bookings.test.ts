// The console's bookings calendar, customers and issues views in headless Chromium against the real central
// system: tomorrow's calendar shows a booking made through the API with its holder's name, a booking is made and
// cancelled on the page; a customer gets a tag; an issue is commented on and moved along.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { aStation } from '../helpers/seed.js';
import { bootedCharger } from '../helpers/charger.js';
import { api } from '../helpers/api.js';
import { dashboardHarness } from '../helpers/dashboard-harness.js';
import { aHolder, slotsOf } from '../helpers/bookings.js';
import { waitFor } from '../helpers/wait-for.js';
import { DESKTOP, WAIT_MS } from '../helpers/browser.js';
import { saveScreenshot } from '../helpers/screenshots.js';
import { amongAFleet, openView, viewAfter } from '../helpers/console-view.js';

const h = dashboardHarness();
amongAFleet(h);

/** YYYY-MM-DD of the local day `days` from today, and that day's local time at `hour`. */
function localDay(days: number, hour = 0): { text: string; at: Date } {
  const now = new Date();
  const at = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days, hour);
  const p = (n: number) => String(n).padStart(2, '0');
  return { text: `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())}`, at };
}

const unique = () => randomBytes(3).toString('hex');

describe('console: bookings calendar', () => {
  it('shows tomorrow\'s booking made through the API with its holder\'s name, books another on the page and cancels it', async () => {
    const name = `Ada Lovelace ${unique()}`;
    const holder = await aHolder(h.app, name);
    const station = await aStation(h.app.services);
    await bootedCharger(h.app, station.chargeBoxId, { meterIntervalMs: 0 });
    const slots = await slotsOf(h.app, station.id);
    const tomorrow = localDay(1, 10);
    const made = await api(h.app).post('/bookings', {
      slotId: slots[1], customerId: holder.customerId, idTagId: holder.idTagId,
      startsAt: tomorrow.at.toISOString(), endsAt: new Date(tomorrow.at.getTime() + 180 * 60_000).toISOString(),
    });
    expect(made.status).toBe(201);
    const bookingId = made.body.id as number;

    // Unfiltered, the day shows the slots booked that day: this one among them, with the holder's name.
    const d = await openView(h, `#/bookings?day=${tomorrow.text}`);
    const block = d.page.getByTestId(`calendar-booking-${bookingId}`);
    expect(await block.textContent()).toContain(name);
    // Filtered to the station (through the form, into the address): both its slots as rows.
    const hash = `#/bookings?day=${tomorrow.text}&stationId=${station.id}`;
    await d.page.getByTestId('calendar-filter-stationId').fill(String(station.id));
    await viewAfter(d.page, hash, () => d.page.getByTestId('calendar-filter-apply').click());
    await d.page.getByTestId(`calendar-slot-${slots[2]}`).waitFor();
    expect(await block.textContent()).toContain(name);
    expect(await d.page.getByTestId(`calendar-holder-${bookingId}`).textContent()).toBe(name);
    expect(await d.page.getByTestId(`calendar-slot-${slots[1]}`).locator('[data-testid^="calendar-booking-"]').count()).toBe(1);
    expect(await d.page.getByTestId('calendar-prev').getAttribute('href')).toContain(`day=${localDay(0).text}`);
    await saveScreenshot(d.page, 'bookings-calendar');
    await d.page.setViewportSize({ width: 768, height: 1024 }); // a tablet: the calendar fits, nothing scrolls sideways
    expect(await d.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(768);
    expect(await block.textContent()).toContain(name);
    await d.page.setViewportSize(DESKTOP);

    // Book connector 2 from 14:00 for 30 minutes through the form; the calendar shows it live.
    await d.page.getByTestId('calendar-form-slot').selectOption(String(slots[2]));
    await d.page.getByTestId('calendar-form-customer-search').fill(name);
    await d.page.locator(`[data-testid="calendar-form-customer"] option[value="${holder.customerId}"]`).waitFor({ state: 'attached' });
    await d.page.locator(`[data-testid="calendar-form-idtag"] option[value="${holder.idTagId}"]`).waitFor({ state: 'attached' });
    await d.page.getByTestId('calendar-form-start').fill('14:00');
    await d.page.getByTestId('calendar-form-minutes').fill('30');
    await d.page.getByTestId('calendar-form-book').click();
    await d.page.getByTestId('calendar-form-result').filter({ hasText: 'confirmed' }).waitFor();
    const second = await waitFor(async () => {
      const list = (await api(h.app).get(`/bookings?slotId=${slots[2]}`)).body as Array<{ id: number; startsAt: string }>;
      return list[0];
    }, WAIT_MS);
    expect(Date.parse(second.startsAt)).toBe(localDay(1, 14).at.getTime());
    await d.page.getByTestId(`calendar-booking-${second.id}`).waitFor();

    // Cancel the first from its row: its block leaves the calendar, the API says cancelled.
    await d.page.getByTestId(`calendar-cancel-${bookingId}`).click();
    await d.page.getByTestId('calendar-cancel-result').filter({ hasText: 'cancelled' }).waitFor();
    await block.waitFor({ state: 'detached' });
    expect((await api(h.app).get(`/bookings/${bookingId}`)).body.status).toBe('cancelled');

    // The day before is a link in the address: back returns to tomorrow.
    await viewAfter(d.page, `#/bookings?day=${localDay(0).text}&stationId=${station.id}`, () => d.page.getByTestId('calendar-prev').click());
    await viewAfter(d.page, hash, () => d.page.goBack());
    expect(d.errors).toEqual([]);
  });
});

describe('console: customers and issues', () => {
  it('finds a customer, adds a tag to them and blocks it', async () => {
    const name = `Mary Jackson ${unique()}`;
    const holder = await aHolder(h.app, name);
    const d = await openView(h, `#/customers?q=${encodeURIComponent(name)}`);
    await d.page.getByTestId(`customers-row-${holder.customerId}`).getByRole('link').click();
    await d.page.getByTestId(`customer-detail-${holder.customerId}`).waitFor();
    expect(await d.page.getByTestId('customer-tags').textContent()).toContain(holder.idTag);

    const idTag = `N${unique()}`;
    await d.page.getByTestId('tag-new-idtag').fill(idTag);
    await d.page.getByTestId('tag-new-submit').click();
    await d.page.getByTestId('customer-tags').filter({ hasText: idTag }).waitFor();
    const tags = (await api(h.app).get(`/id-tags?customerId=${holder.customerId}`)).body as Array<{ id: number; idTag: string }>;
    const added = tags.find((t) => t.idTag === idTag)!;
    await d.page.getByTestId(`customer-tag-toggle-${added.id}`).click();
    await d.page.locator(`[data-testid="customer-tag-${added.id}"][data-status="Blocked"]`).waitFor();
    expect((await api(h.app).get(`/id-tags/${added.id}`)).body.status).toBe('Blocked');
    await saveScreenshot(d.page, 'customers');
    expect(d.errors).toEqual([]);
  });

  it('comments on a station\'s issue and moves it along, live', async () => {
    const station = await aStation(h.app.services);
    const opened = await api(h.app).post('/issues', { stationId: station.id, connectorId: 1, title: 'Cable holder <b>loose</b>' });
    const id = opened.body.id as number;
    const d = await openView(h, `#/issues?stationId=${station.id}&issueId=${id}`);
    await d.page.getByTestId(`issue-detail-${id}`).waitFor();
    expect(await d.page.getByTestId(`issues-row-${id}`).textContent()).toContain('Cable holder <b>loose</b>'); // text, not markup

    await d.page.getByTestId('issue-comment-body').fill('Replacement ordered');
    await d.page.getByTestId('issue-comment-submit').click();
    await d.page.getByTestId('issue-comments').filter({ hasText: 'Replacement ordered' }).waitFor();
    await d.page.getByTestId(`issue-move-${id}`).click();
    await d.page.locator(`[data-testid="issue-detail-${id}"][data-status="in_progress"]`).waitFor();

    // Another operator resolves it through the API: the row follows the event stream.
    expect((await api(h.app).patch(`/issues/${id}`, { status: 'resolved' })).status).toBe(200);
    await d.page.locator(`[data-testid="issues-row-${id}"][data-status="resolved"]`).waitFor();
    await saveScreenshot(d.page, 'issues');

    // A second one opened on the page, its station found by chargeBoxId: it joins the list, live.
    await d.page.getByText('Open an issue').click();
    await d.page.getByTestId('issue-new-station-search').fill(station.chargeBoxId);
    await d.page.locator(`[data-testid="issue-new-station"] option[value="${station.id}"]`).waitFor({ state: 'attached' });
    await d.page.getByTestId('issue-new-station').selectOption(String(station.id));
    await d.page.getByTestId('issue-new-title').fill('Screen cracked');
    await d.page.getByTestId('issue-new-submit').click();
    const made = await d.page.getByTestId('issue-new-result').filter({ hasText: 'opened' }).textContent();
    const newId = Number(/#(\d+)/.exec(made ?? '')?.[1]);
    await d.page.getByTestId(`issues-row-${newId}`).waitFor();
    expect((await api(h.app).get(`/issues/${newId}`)).body).toMatchObject({ stationId: station.id, connectorId: 0, title: 'Screen cracked' });
    expect(d.errors).toEqual([]);
  });
});
